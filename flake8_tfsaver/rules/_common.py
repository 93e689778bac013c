"""Small helpers shared by rules (wording, positions).

A message is one line that flake8 prints after the position: what is wrong in the user's own
spelling, the damage, and a fix (``<what and why> - <fix>``).  It stays short: at most
``LIMIT`` characters with its code, about 200 typically; the rule page carries the rest.  A rule
may give ``at()`` several wordings, the most detailed first: the first that fits ``DETAIL`` is
used, else the last (the shortest), which is cut to ``LIMIT`` if it must be (names of 100
characters)."""

from __future__ import annotations

import re

from astroid import nodes

from ..diagnostic import MESSAGE_LIMIT, Diagnostic

LIMIT = MESSAGE_LIMIT  # characters of "TFSnnn message", always
DETAIL = 240  # a more detailed wording is kept up to this length
_SPAN = 40  # longest piece of user code quoted in a message (longer: its end, after "...")
_LINES = 3  # lines of one kind of late variable named before "and N more"
_CODE = re.compile(r"`([^`]*)`")
_SLOTS = re.compile(r"^(\w+) slot variables from ")


def at(node: nodes.NodeNG, code: str, message: str | list[str]) -> Diagnostic:
    """The finding at ``node``; ``message`` is one wording or a list, the most detailed first."""
    wordings = [message] if isinstance(message, str) else message
    room = DETAIL - len(code) - 1
    chosen = next((text for text in wordings if len(text) <= room), wordings[-1])
    return Diagnostic(node.lineno or 1, node.col_offset or 0, code, fit(chosen, LIMIT - len(code) - 1))


def fit(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters: the longest quoted code first (keeping its end),
    then, if that is not enough, the end of the text."""
    while len(text) > limit:
        spans = sorted(_CODE.finditer(text), key=lambda m: len(m.group(1)), reverse=True)
        if not spans or len(spans[0].group(1)) <= 12:
            break
        span = spans[0]
        keep = max(9, len(span.group(1)) - (len(text) - limit) - 3)
        text = text[: span.start(1)] + "..." + span.group(1)[-keep:] + text[span.end(1):]
    return text if len(text) <= limit else text[: limit - 3] + "..."


def code(text: str) -> str:
    """User code quoted in a message: in backticks, at most ``_SPAN`` characters (its end kept:
    ``...model.ema.apply()``)."""
    return f"`{text if len(text) <= _SPAN else '...' + text[3 - _SPAN:]}`"


def brief(text: str) -> str:
    """A description from the model with every quoted piece of code kept short (``code``)."""
    return _CODE.sub(lambda m: code(m.group(1)), text)


def kind(event) -> str:
    """What a late variable is, worded for a message: ``variable `w```, ``the global step``,
    ``the Adam slot variables of `minimize()```."""
    return brief(_SLOTS.sub(r"the \1 slot variables of ", event.root.description))


def _via(event) -> tuple[str, int] | None:
    """The call of this frame that creates the variable inside a helper: (spelling, line)."""
    if event is not event.root and isinstance(event.node, nodes.Call):
        return event.node.func.as_string(), event.node.lineno
    return None


def _numbers(values: list[int]) -> str:
    """``40``, ``40 and 42``, ``40, 42, 44 and 2 more``."""
    shown, rest = values[:_LINES], len(values) - _LINES
    if rest > 0:
        return ", ".join(map(str, shown)) + f" and {rest} more"
    return str(shown[0]) if len(shown) == 1 else ", ".join(map(str, shown[:-1])) + f" and {shown[-1]}"


def groups(events: list) -> list[str]:
    """The late variables grouped by kind, in order of first appearance, each with its lines and,
    when one call of this frame creates them, that call: ``the Adam slot variables of
    `minimize()` (lines 40 and 42)``, ``variable `w` (line 109, via `predict()` on line 419)``."""
    by_kind: dict[str, list] = {}
    for event in events:
        by_kind.setdefault(kind(event), []).append(event)
    texts = []
    for what, alike in by_kind.items():
        lines = sorted({e.root.node.lineno for e in alike})
        text = f"{what} ({'line' if len(lines) == 1 else 'lines'} {_numbers(lines)}"
        vias = list(dict.fromkeys(_via(e) for e in alike))
        if len(vias) == 1 and vias[0] is not None:
            text += f", via {code(vias[0][0] + '()')} on line {vias[0][1]}"
        elif any(vias):
            calls = sorted({via[1] for via in vias if via is not None})
            text += f", via calls on {'line' if len(calls) == 1 else 'lines'} {_numbers(calls)}"
        texts.append(text + ")")
    return texts


def listings(events: list) -> list[str]:
    """Ways to name the late variables, the most detailed first: every kind (up to three), two
    kinds and how many more, the first kind and how many more."""
    texts = groups(events)
    options = []
    if len(texts) <= 3:
        options.append(texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + f" and {texts[-1]}")
    if len(texts) > 2:
        options.append(", ".join(texts[:2]) + f" and {len(texts) - 2} more")
    if len(texts) > 1:
        options.append(f"{texts[0]} and {len(texts) - 1} more")
    return options


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
    return code(f"{spelled}()")


def build_after(event) -> str:
    """Where to move a construction so that it comes after ``event``: ``after `minimize()` on
    line 41``, ``after the global step (line 9)``, ``after variable `b` (line 12)``."""
    root = event.root
    if event is not root:
        return f"after {call_spelling(event.node)} on line {event.node.lineno}"
    if root.description.startswith(("variable ", "the global step")):
        return f"after {brief(root.description)} (line {root.node.lineno})"
    return f"after {call_spelling(root.node)} on line {root.node.lineno}"


def saver_subject(saver) -> str:
    """``tf.train.Saver()``, and for a Saver built in another module, the call here that builds it."""
    text = code(f"{saver.spelling}()")
    if saver.project_call:
        text += f" built by {code(saver.project_call + '()')}"
    return text


def reported_there(saver, rule_code: str) -> bool:
    """The Saver's own module (another file of the project) already reports ``rule_code`` on it."""
    return rule_code in saver.reported_there
