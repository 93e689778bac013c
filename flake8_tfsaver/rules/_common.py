"""Small helpers shared by rules (wording, positions)."""

from __future__ import annotations

from astroid import nodes

from ..diagnostic import Diagnostic


def at(node: nodes.NodeNG, code: str, message: str) -> Diagnostic:
    return Diagnostic(node.lineno or 1, node.col_offset or 0, code, message)


def more(count: int) -> str:
    return f" and {count} more" if count else ""
