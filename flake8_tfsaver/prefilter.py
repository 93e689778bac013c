"""The pre-filter: text checks only, so files without TF cost next to nothing.  Imports nothing
heavy, so a flake8 run over files that never mention TensorFlow never even imports astroid."""

from __future__ import annotations

from . import tf_api
from .config import DEFAULT_CONFIG, Config


def needs_analysis(source: str, config: Config = DEFAULT_CONFIG) -> bool:
    """True when the file imports TensorFlow and mentions a name some rule starts from (for the TF 2
    rules: both a checkpoint and a training step)."""
    extra = tuple(name.rsplit(".", 1)[-1].rstrip("*") for name in config.saver_factories)
    if tf_api.mentions_tf2_training_checkpoint(source):  # TF 2 rules: a checkpoint and a training step
        extra += tf_api.TF2_CHECKPOINT_WORDS
    return tf_api.mentions_tensorflow(source, tuple(word for word in extra if word))
