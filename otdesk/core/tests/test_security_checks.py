"""bandit's B101 (assert) is skipped for the product code (pyproject.toml [tool.bandit]),
because its asserts only narrow a type for mypy: `isinstance(...)`, `x is None`,
`x is not None`, joined by and/or. Python run with -O drops asserts, so none may stand
for a check that matters (a permission, a rule of the data); this scan holds every one to
those forms, so a new assert of another kind fails here with its file and line."""

import ast
from pathlib import Path

import otdesk

ROOT = Path(otdesk.__file__).parent
# What bandit scans: not the tests, their helpers or the demo generator (pyproject.toml).
SKIPPED = {"tests", "migrations", "testing", "demo"}


def narrows_a_type(test: ast.expr) -> bool:
    if isinstance(test, ast.BoolOp):
        return all(narrows_a_type(value) for value in test.values)
    if isinstance(test, ast.Call):
        return isinstance(test.func, ast.Name) and test.func.id == "isinstance"
    if isinstance(test, ast.Compare):
        return (
            len(test.ops) == 1
            and isinstance(test.ops[0], ast.Is | ast.IsNot)
            and isinstance(test.comparators[0], ast.Constant)
            and test.comparators[0].value is None
        )
    return False


def _asserts_that_check_something() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if SKIPPED & set(path.relative_to(ROOT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Assert) and not narrows_a_type(node.test):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_asserts_in_product_code_only_narrow_types():
    assert _asserts_that_check_something() == []


def test_the_scan_tells_narrowing_from_checking():
    def shape(code: str) -> bool:
        statement = ast.parse(code).body[0]
        assert isinstance(statement, ast.Assert)
        return narrows_a_type(statement.test)

    assert shape("assert isinstance(field, forms.ChoiceField)")
    assert shape("assert iep is None or isinstance(iep, IEP)")
    assert shape("assert a is not None and b is not None")
    assert not shape("assert state.status == WAITING")
    assert not shape("assert user.is_staff")
    assert not shape("assert a.pk < b.pk")
