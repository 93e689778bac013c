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


def saver_subject(saver) -> str:
    """``tf.train.Saver()``, and for a Saver built in another module, the call here that builds it."""
    text = f"`{saver.spelling}()`"
    if saver.project_call:
        text += f" built by `{saver.project_call}()`"
    return text


def reported_there(saver, code: str) -> bool:
    """The Saver's own module (another file of the project) already reports ``code`` on it."""
    return code in saver.reported_there
