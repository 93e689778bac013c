"""Small helpers shared by rules (wording, positions)."""

from __future__ import annotations

from astroid import nodes

from ..diagnostic import Diagnostic


def at(node: nodes.NodeNG, code: str, message: str) -> Diagnostic:
    return Diagnostic(node.lineno or 1, node.col_offset or 0, code, message)


def where_created(event) -> str:
    """``variable `b` (line 12)``, plus the call site when it is created inside a helper."""
    root = event.root
    text = f"{root.description} (line {root.node.lineno}"
    if event is not root and isinstance(event.node, nodes.Call):
        text += f", via `{event.node.func.as_string()}()` on line {event.node.lineno}"
    return text + ")"


def more(count: int) -> str:
    return f" and {count} more" if count else ""
