"""Small helpers shared by rules (wording, positions).

A message is one line that flake8 prints after the position: what is wrong in the user's own
spelling, the damage, and a fix (``<what and why> - <fix>``).  It stays short: at most
``LIMIT`` characters with its code, about 200 typically; the rule page carries the rest.  A rule
may give ``at()`` several wordings, the most detailed first: the first that fits ``DETAIL`` is
used, else the last (the shortest).  If even that one is longer than ``LIMIT`` (names of 100
characters), a rule's ``last_resort`` wordings are tried, then ``fit()`` shortens the names
quoted before the fix, so that the fix stays whole; the finding says it was shortened."""

from __future__ import annotations

import re
from collections.abc import Sequence

from astroid import nodes

from ..diagnostic import MESSAGE_LIMIT, Diagnostic

LIMIT = MESSAGE_LIMIT  # characters of "TFSnnn message", always
DETAIL = 240  # a more detailed wording is kept up to this length
_SPAN = 40  # longest piece of user code quoted in a message (longer: its end, after "...")
_LINES = 3  # lines (and names of plain variables) of one kind named before "and N more"
_CODE = re.compile(r"`([^`]*)`")
_SLOTS = re.compile(r"^(\w+) slot variables from ")
_PLAIN = re.compile(r"^variable (`[^`]*`)(.*)$")  # ``variable `w``` [`` in `layers.dense()```]


def at(node: nodes.NodeNG, code: str, message: str | list[str], last_resort: Sequence[str] = ()) -> Diagnostic:
    """The finding at ``node``; ``message`` is one wording or a list, the most detailed first.
    ``last_resort``: shorter wordings, used only when the shortest of ``message`` is longer
    than ``LIMIT`` (the first that fits, else the last)."""
    wordings = [message] if isinstance(message, str) else message
    room = LIMIT - len(code) - 1
    chosen = next((text for text in wordings if len(text) <= DETAIL - len(code) - 1), wordings[-1])
    if len(chosen) > room and last_resort:
        chosen = next((text for text in last_resort if len(text) <= room), last_resort[-1])
    text, shortened = fit(chosen, room)
    return Diagnostic(node.lineno or 1, node.col_offset or 0, code, text, shortened=shortened)


def fit(text: str, limit: int) -> tuple[str, bool]:
    """``text`` within ``limit`` characters, and whether it had to be shortened.  The fix (after
    the last `` - ``) is kept whole: the longest pieces of code quoted before it are shortened
    first (keeping their ends); only if that is not enough, those of the fix, then the end."""
    if len(text) <= limit:
        return text, False
    head, fix = _split_fix(text)
    head = _shorten_code(head, limit - len(fix))
    fix = _shorten_code(fix, limit - len(head))
    text = head + fix
    return (text if len(text) <= limit else text[: limit - 3] + "..."), True


def _split_fix(text: str) -> tuple[str, str]:
    """(what is wrong, `` - `` and the fix): split at the last `` - `` outside quoted code."""
    for index in range(len(text) - 3, -1, -1):
        if text.startswith(" - ", index) and text.count("`", 0, index) % 2 == 0:
            return text[:index], text[index:]
    return text, ""


def _shorten_code(text: str, limit: int) -> str:
    """``text`` with its longest quoted pieces of code cut (their ends kept, at least 9
    characters of each) until it fits ``limit``, or no piece can be cut further."""
    while len(text) > limit:
        spans = sorted(_CODE.finditer(text), key=lambda m: len(m.group(1)), reverse=True)
        if not spans or len(spans[0].group(1)) <= 12:
            break
        span = spans[0]
        keep = max(9, len(span.group(1)) - (len(text) - limit) - 3)
        text = text[: span.start(1)] + "..." + span.group(1)[-keep:] + text[span.end(1):]
    return text


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
    root = event.root
    text = _SLOTS.sub(r"the \1 slot variables of ", root.description)
    if root.decided_by:  # the call's own arguments decided that it creates them
        text += f" called {root.decided_by}"
    return brief(text)


def _via(event) -> tuple[str, int] | None:
    """The call of this frame that creates the variable inside a helper: (spelling, line)."""
    if event is not event.root and isinstance(event.node, nodes.Call):
        return event.node.func.as_string(), event.node.lineno
    return None


def _numbers(values: list[int]) -> str:
    """``40``, ``40 and 42``, ``40, 42, 44 and 2 more``."""
    return _enumeration([str(value) for value in values])


def _enumeration(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b, c and 2 more``: the first ``_LINES``, then how many more."""
    shown, rest = items[:_LINES], len(items) - _LINES
    if rest > 0:
        return ", ".join(shown) + f" and {rest} more"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + f" and {shown[-1]}"


def groups(events: list) -> list[str]:
    """The late variables grouped by kind, in order of first appearance, each with its lines and,
    when one call of this frame creates them, that call: ``the Adam slot variables of
    `minimize()` (lines 40 and 42)``, ``variable `w` (line 109, via `predict()` on line 419)``.
    Plain variables are one kind, named together: ``variables `a` and `b` (lines 6 and 7)``, one
    kind for those created here and one for those created by calls of this frame."""
    by_kind: dict[str | tuple[str, bool], list] = {}
    names: dict[str | tuple[str, bool], list[str]] = {}  # a kind of plain variables: their names
    for event in events:
        key: str | tuple[str, bool] = kind(event)
        plain = _PLAIN.match(key)
        if plain:  # where they are created (`` in `layers.dense()```), and whether by a call here
            key = (plain.group(2), _via(event) is not None)
            if plain.group(1) not in names.setdefault(key, []):
                names[key].append(plain.group(1))
        by_kind.setdefault(key, []).append(event)
    texts = []
    for key, alike in by_kind.items():
        what = key if isinstance(key, str) else (
            f"variable{'s' if len(names[key]) > 1 else ''} {_enumeration(names[key])}{key[0]}"
        )
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
    elif isinstance(func, nodes.Call):  # a layer built and called at once: ``Dense(2)(x)``
        spelled = f"{func.func.as_string()}(...)"
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
        if saver.decided_by:  # the call's own arguments took the arm that builds it
            text += f" called {saver.decided_by}"
    return text


def reported_there(saver, rule_code: str) -> bool:
    """The Saver's own module (another file of the project) already reports ``rule_code`` on it."""
    return rule_code in saver.reported_there
