"""One module per code, named ``tfsNNN_<what>.py``.  Each exposes ``CODE``, ``SUMMARY`` and
``check(program)``; dropping a module here registers it (tests require its docs page).  A rule
whose finding sits on the Saver itself, so that modules calling the Saver's builder must not
repeat it, says ``REPORTED_AT_SAVER = True``.

May import: ``graph``, ``objects``, ``syntax``, ``catalog``, ``diagnostic``; never another rule
(shared predicates live in the models, shared message helpers in ``_common``)."""

from __future__ import annotations

import importlib
import pkgutil
import re

_RULE_MODULE = re.compile(r"tfs\d{3}_\w+")

RULES = tuple(
    importlib.import_module(f"{__name__}.{info.name}")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name)
    if _RULE_MODULE.fullmatch(info.name)
)
CODES = {rule.CODE: rule.SUMMARY for rule in RULES}
SAVER_RULES = tuple(rule for rule in RULES if getattr(rule, "REPORTED_AT_SAVER", False))


def saver_findings(program) -> set[tuple[int, int, str]]:
    """(line, column, code) of what the rules that report on the Saver itself find in ``program``."""
    return {(d.line, d.col, d.code) for rule in SAVER_RULES for d in rule.check(program)}
