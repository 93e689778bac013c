"""Text triggers for the pre-filter: plain substring and regex tests, no parsing, so that
files that never mention TensorFlow cost next to nothing."""

from __future__ import annotations

import re

# Cheap text triggers: a file that mentions none of them cannot produce a finding.
# ``saver``: a Saver built in another module of the project (``model.saver.save(...)``,
# ``saver = make_saver()``) is spelled in lower case where it is used.
TRIGGER_WORDS = ("Saver", "saver", "variables_initializer", "initialize_all_variables", "import_meta_graph")
_TF_IMPORT = re.compile(
    r"^\s*(?:from\s+(?:tensorflow|tf_slim|tf_keras)\b|import\s+[^#\n]*\b(?:tensorflow|tf_slim|tf_keras)\b)",
    re.MULTILINE,
)


def mentions_trigger(source: str, extra_triggers: tuple[str, ...] = ()) -> bool:
    return any(word in source for word in TRIGGER_WORDS + extra_triggers)


# What another module's code must spell to build a Saver at a call into it: a summary adds
# Savers and saves with them, never initializer runs or restores (``graph.summary``).
SAVER_WORDS = ("Saver", "import_meta_graph")


def names_a_saver(source: str) -> bool:
    return any(word in source for word in SAVER_WORDS)


def imports_tensorflow(source: str) -> bool:
    return _TF_IMPORT.search(source) is not None


# A file needs the TF 2 analysis only if it mentions both a checkpoint and a training step.
TF2_CHECKPOINT_WORDS = ("Checkpoint",)
TF2_TRAINING_WORDS = ("apply_gradients", "minimize")


def mentions_tf2_training_checkpoint(source: str) -> bool:
    """Text test: a checkpoint and a training step are both mentioned (no parsing)."""
    return any(w in source for w in TF2_CHECKPOINT_WORDS) and any(w in source for w in TF2_TRAINING_WORDS)
