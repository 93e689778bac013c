"""One module per code.  Each exposes ``CODE``, ``SUMMARY`` and ``check(program)``."""

from __future__ import annotations

from . import tfs001_saver_before_variables, tfs002_saver_with_other_graph_session

RULES = (
    tfs001_saver_before_variables,
    tfs002_saver_with_other_graph_session,
)
CODES = {rule.CODE: rule.SUMMARY for rule in RULES}
