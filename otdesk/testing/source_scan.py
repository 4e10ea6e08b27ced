"""Reading our own source for the house rules (the layout tests): which calls write."""

import ast

WRITES = {"save", "delete", "update", "create", "bulk_create", "get_or_create", "update_or_create"}


def any_writes(source: str) -> list[tuple[int, str]]:
    """Every call that writes a record, whatever the record: for view modules."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else ""
        called = node.func.id if isinstance(node.func, ast.Name) else ""
        if name in WRITES | {"set"} or called == "record_event":
            found.append((node.lineno, ast.unparse(node)))
    return found
