"""Small helpers shared by rules (wording, positions)."""

from __future__ import annotations

from astroid import nodes

from ..diagnostic import Diagnostic

_LISTED = 3  # late variables named in a message before "and N more"


def at(node: nodes.NodeNG, code: str, message: str) -> Diagnostic:
    return Diagnostic(node.lineno or 1, node.col_offset or 0, code, message)


def where_created(event) -> str:
    """``variable `b` (line 12)``, plus the call site when it is created inside a helper."""
    root = event.root
    text = f"{root.description} (line {root.node.lineno}"
    if event is not root and isinstance(event.node, nodes.Call):
        text += f", via `{event.node.func.as_string()}()` on line {event.node.lineno}"
    return text + ")"


def listed(events: list) -> str:
    """Up to three creations with their lines, then "and N more": ``A (line 3), B (line 5) and
    2 more``."""
    counts: dict[str, int] = {}
    for event in events:  # a helper that creates two alike variables is named once
        text = where_created(event)
        counts[text] = counts.get(text, 0) + 1
    texts = [text if n == 1 else f"{text} x{n}" for text, n in counts.items()]
    shown = texts[:_LISTED]
    rest = len(texts) - len(shown)
    if rest:
        return ", ".join(shown) + f" and {rest} more"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + f" and {shown[-1]}"


def plural(events: list) -> bool:
    first = events[0].root.description
    return len(events) > 1 or not first.startswith(("variable ", "the variable ", "the global step"))


def call_spelling(node: nodes.NodeNG) -> str:
    """Short spelling of a call for advice: ``minimize()``, ``ema.apply()``, ``two_layers()``."""
    if not isinstance(node, nodes.Call):
        return "it"
    func = node.func
    if isinstance(func, nodes.Attribute):
        owner = func.expr.as_string() if isinstance(func.expr, (nodes.Name, nodes.Attribute)) else ""
        spelled = f"{owner}.{func.attrname}" if owner and len(owner) <= 20 else func.attrname
    else:
        spelled = func.as_string()
    return f"`{spelled}()`"


def build_after(event) -> str:
    """Where to move a construction so that it comes after ``event``: ``after `minimize()` on
    line 41``, ``after the global step (line 9)``, ``after variable `b` (line 12)``."""
    root = event.root
    if event is not root:
        return f"after {call_spelling(event.node)} on line {event.node.lineno}"
    if root.description.startswith(("variable ", "the global step")):
        return f"after {root.description} (line {root.node.lineno})"
    return f"after {call_spelling(root.node)} on line {root.node.lineno}"


def saver_subject(saver) -> str:
    """``tf.train.Saver()``, and for a Saver built in another module, the call here that builds it."""
    text = f"`{saver.spelling}()`"
    if saver.project_call:
        text += f" built by `{saver.project_call}()`"
    return text


def reported_there(saver, code: str) -> bool:
    """The Saver's own module (another file of the project) already reports ``code`` on it."""
    return code in saver.reported_there
