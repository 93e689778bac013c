"""Small helpers shared by rules (wording, positions)."""

from __future__ import annotations

from astroid import nodes

from ..diagnostic import Diagnostic


def at(node: nodes.NodeNG, code: str, message: str) -> Diagnostic:
    return Diagnostic(node.lineno or 1, node.col_offset or 0, code, message)


def call_spelling(call: nodes.Call) -> str:
    """``tf.train.Saver()`` as the user wrote the callee (arguments elided)."""
    return f"{call.func.as_string()}()"


def more(count: int) -> str:
    return f" and {count} more" if count else ""
