"""The one way every layer says "not known": ``None``, pylint's ``safe_infer`` discipline.

A question that may not be decidable answers an ``Answer``: True, False, or None when the code
does not decide it (a value computed at run time, an unknown call, a cut search).  No rule reports
on None.  A value that may not be known is ``X | None`` the same way.  (``graph.program.Relation``
is the one domain tri-state with its own name: two graphs are the same, different, or unknown.)"""

from __future__ import annotations

from collections.abc import Iterable

Answer = bool | None


def any_answer(answers: Iterable[Answer]) -> Answer:
    """True if any is True; None if none is but one is not known; else False."""
    unknown = False
    for answer in answers:
        if answer:
            return True
        unknown |= answer is None
    return None if unknown else False
