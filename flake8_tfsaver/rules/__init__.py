"""One module per code.  Each exposes ``CODE``, ``SUMMARY`` and ``check(program)``."""

from __future__ import annotations

from . import (
    tfs001_saver_before_variables,
    tfs002_saver_with_other_graph_session,
    tfs003_restore_keys_missing_from_checkpoint,
    tfs004_saver_with_nothing_to_save,
    tfs005_initializer_after_restore,
    tfs006_checkpoint_file_instead_of_prefix,
    tfs007_saver_built_in_loop,
    tfs008_saver_without_var_list_in_eager,
    tfs009_initializer_before_variables,
    tfs010_saver_argument_to_save,
)

RULES = tuple(
    module for name, module in sorted(globals().items()) if name.startswith("tfs0") and hasattr(module, "check")
)
CODES = {rule.CODE: rule.SUMMARY for rule in RULES}
