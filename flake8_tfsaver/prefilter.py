"""The pre-filter: text checks only, so files without TF cost next to nothing.  Imports nothing
heavy, so a flake8 run over files that never mention TensorFlow never even imports astroid.

A file passes when it mentions a name some rule starts from and either imports TensorFlow itself
or imports a module of its own project that does (``from .backend import tf``): the second
question is asked only of the few files that pass the first check without a TF import, and reads
the project's modules with ``ast`` only (``crossmodule.view``, cached per process).
"""

from __future__ import annotations

from .catalog import text
from .config import DEFAULT_CONFIG, Config


def needs_analysis(source: str, config: Config = DEFAULT_CONFIG, project=None) -> bool:
    # ``project``: the file's ``ProjectView`` (or a function returning it, called only if needed)
    """True when the file reaches TensorFlow and mentions a name some rule starts from (for the TF 2
    rules: both a checkpoint and a training step)."""
    extra = tuple(name.rsplit(".", 1)[-1].rstrip("*") for name in config.saver_factories)
    if text.mentions_tf2_training_checkpoint(source):  # TF 2 rules: a checkpoint and a training step
        extra += text.TF2_CHECKPOINT_WORDS
    if not text.mentions_trigger(source, tuple(word for word in extra if word)):
        return False
    if text.imports_tensorflow(source):
        return True
    try:
        view = project() if callable(project) else project  # a view, or what makes one when asked
        return view is not None and view.imports_tensorflow()
    except Exception:  # noqa: BLE001 - a pre-filter question must never break the run
        return False
