"""One door for the weekly plan: only delivery/services writes PlannedSession, and no
scheduling view module writes anything (views check, call one service, render).

The scan reads the source (ast): a write is a save/delete/update/create/bulk_create, or a
change of the students of a planned session, on a name that holds a PlannedSession (built
with PlannedSession(...), a parameter annotated PlannedSession, a row of a
PlannedSession.objects query) or on a PlannedSession.objects query itself."""

import ast
from pathlib import Path

import otdesk
from otdesk.testing.source_scan import WRITES, any_writes

ROOT = Path(otdesk.__file__).parent
M2M_WRITES = {"set", "add", "remove", "clear"}
# The stored demo history and the test factories build fixture data straight into the tables.
FIXTURE_BUILDERS = {
    ROOT / "demo" / "history.py",
    ROOT / "demo" / "scale.py",
    ROOT / "testing" / "factories.py",
}


def _is_planned_manager(node: ast.AST) -> bool:
    """PlannedSession.objects, or a query chained on it (.filter(...).exclude(...))."""
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        node = node.func.value
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "objects"
        and isinstance(node.value, ast.Name)
        and node.value.id == "PlannedSession"
    )


def _annotated_planned(annotation: ast.AST | None) -> bool:
    return annotation is not None and "PlannedSession" in ast.unparse(annotation)


class PlannedWrites(ast.NodeVisitor):
    """Writes of planned sessions in one module: (line, code) pairs."""

    def __init__(self) -> None:
        self.rows: set[str] = set()  # names holding a planned session
        self.queries: set[str] = set()  # names holding a PlannedSession query
        self.found: list[tuple[int, str]] = []

    def _bind(self, target: ast.AST, value: ast.AST) -> None:
        if not isinstance(target, ast.Name):
            return
        if isinstance(value, ast.Call) and ast.unparse(value.func) == "PlannedSession":
            self.rows.add(target.id)
        elif _is_planned_manager(value) or self._on_query(value):
            self.queries.add(target.id)

    def _on_query(self, node: ast.AST) -> bool:
        while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            node = node.func.value
        return isinstance(node, ast.Name) and node.id in self.queries

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        for arg in [*node.args.args, *node.args.kwonlyargs]:
            if _annotated_planned(arg.annotation):
                self.rows.add(arg.arg)
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._bind(target, node.value)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self._bind(node.target, node.value)
        if isinstance(node.target, ast.Name) and ast.unparse(node.annotation) == "PlannedSession":
            self.rows.add(node.target.id)
        self.generic_visit(node)

    def visit_For(self, node: ast.For) -> None:
        if isinstance(node.target, ast.Name) and (
            _is_planned_manager(node.iter) or self._on_query(node.iter)
        ):
            self.rows.add(node.target.id)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute):
            owner = func.value
            if func.attr in WRITES and (
                _is_planned_manager(owner)
                or self._on_query(owner)
                or (isinstance(owner, ast.Name) and owner.id in self.rows)
            ):
                self.found.append((node.lineno, ast.unparse(node)))
            if (
                func.attr in M2M_WRITES
                and isinstance(owner, ast.Attribute)
                and owner.attr == "students"
                and isinstance(owner.value, ast.Name)
                and owner.value.id in self.rows
            ):
                self.found.append((node.lineno, ast.unparse(node)))
        self.generic_visit(node)


def planned_writes(source: str) -> list[tuple[int, str]]:
    visitor = PlannedWrites()
    visitor.visit(ast.parse(source))
    return visitor.found


def _modules() -> list[Path]:
    return [
        path
        for path in sorted(ROOT.rglob("*.py"))
        if "tests" not in path.parts and "migrations" not in path.parts
    ]


def test_only_delivery_services_write_planned_sessions():
    services = ROOT / "delivery" / "services"
    found = {
        str(path.relative_to(ROOT)): writes
        for path in _modules()
        if services not in path.parents and path not in FIXTURE_BUILDERS
        if (writes := planned_writes(path.read_text()))
    }
    assert found == {}


def test_no_scheduling_view_module_writes():
    views = sorted((ROOT / "scheduling").glob("*views*.py"))
    assert len(views) >= 6  # calendar, feed, generate, makeup, move, run, setup
    found = {path.name: writes for path in views if (writes := any_writes(path.read_text()))}
    assert found == {}


def test_the_scan_finds_the_writes_the_old_code_had():
    """The shapes of the writes that were in scheduling before (services.py, the calendar's
    move and lock, the make-up planner): each is found."""
    old = """
def put_in_use(provider, starts_on):
    PlannedSession.objects.filter(provider=provider, locked=False).delete()
    old = PlannedSession.objects.filter(provider=provider).exclude(active_from=None)
    for session in old.filter(active_from__lt=starts_on):
        session.save(update_fields=["active_until"])
    planned = PlannedSession(provider=provider)
    planned.save()
    planned.students.set([])

def move(plan: PlannedSession, old_pk: int) -> None:
    PlannedSession.objects.filter(pk=old_pk).update(locked=False)
    plan.save()

def cancel(*, planned: PlannedSession) -> None:
    planned.delete()
"""
    assert [line for line, _ in planned_writes(old)] == [3, 6, 8, 9, 12, 13, 16]
    view = "def lock(request):\n    plan.save(update_fields=['locked'])\n    record_event(user=u)\n"
    assert [code for _, code in any_writes(view)] == [
        "plan.save(update_fields=['locked'])",
        "record_event(user=u)",
    ]
