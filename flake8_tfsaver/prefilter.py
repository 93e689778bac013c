"""The pre-filter: text checks only, so files without TF cost next to nothing.  Imports nothing
heavy, so a flake8 run over files that never mention TensorFlow never even imports astroid.

A file passes when it mentions a name some rule starts from and either imports TensorFlow itself
or imports a module of its own project that does (``from .backend import tf``): the second
question is asked only of the few files that pass the first check without a TF import, and reads
the project's modules with ``ast`` only (``crossmodule.view``, cached per process).  A file that
imports TensorFlow but mentions no such name passes too when it calls a function or class of
its project whose text mentions one: a training driver calling the project's checkpoint
helpers.  That reads the called modules with ``ast`` (parsed once per process).
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
        # A driver that imports TensorFlow and calls the project's checkpoint helpers
        # (``handler.save(sess)`` in its loop) without spelling a trigger word itself.
        return text.imports_tensorflow(source) and (
            _ask(project, "calls_checkpointing") or _ask(project, "holds_checkpointing_object")
        )
    if text.imports_tensorflow(source):
        return True
    return _ask(project, "imports_tensorflow")


def _ask(project, question: str) -> bool:
    """A question to the file's project view (opened only now, if a function makes it)."""
    try:
        view = project() if callable(project) else project
        return view is not None and getattr(view, question)()
    except Exception:  # noqa: BLE001 - a pre-filter question must never break the run
        return False
