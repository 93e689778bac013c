"""One module per code, named ``tfsNNN_<what>.py``.  Each exposes ``CODE``, ``SUMMARY`` and
``check(program)``; dropping a module here registers it (tests require its docs page)."""

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
