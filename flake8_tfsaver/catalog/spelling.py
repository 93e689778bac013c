"""How a resolved import path maps to one canonical TF name (``tf.train.Saver``): the
first step of every catalog question.  Rules and models compare canonical names only."""

from __future__ import annotations

import functools
from dataclasses import dataclass


@dataclass(frozen=True)
class ApiName:
    """A canonical TF name, and whether the file reached it through ``compat.v1``."""

    name: str
    via_compat_v1: bool = False


# Import-path prefixes -> canonical prefix.  Longest prefix wins.  Internal modules are listed
# because real code imports them (``from tensorflow.python.training import saver as saver_lib``).
_PREFIXES: tuple[tuple[str, str, bool], ...] = (
    ("tensorflow.compat.v1.", "tf.", True),
    ("tensorflow.python.training.saver.", "tf.train.", False),
    ("tensorflow.python.training.training_util.", "tf.train.", False),
    ("tensorflow.python.training.training.", "tf.train.", False),
    ("tensorflow.python.training.adam.", "tf.train.", False),
    ("tensorflow.python.training.momentum.", "tf.train.", False),
    ("tensorflow.python.training.gradient_descent.", "tf.train.", False),
    ("tensorflow.python.ops.variables.", "tf.", False),
    ("tensorflow.python.ops.variable_scope.", "tf.", False),
    ("tensorflow.python.ops.variable_v1.", "tf.", False),
    ("tensorflow.python.framework.ops.", "tf.", False),
    ("tensorflow.python.client.session.", "tf.", False),
    ("tensorflow.contrib.slim.", "slim.", False),
    ("tensorflow.contrib.", "tf.contrib.", False),
    ("tensorflow.keras.", "keras.", False),
    ("tensorflow.", "tf.", False),
    ("tf_slim.", "slim.", False),
    ("tf_keras.", "keras.", False),
)

# Module names that, imported, make a file worth analysing at all.
TF_TOP_LEVEL_MODULES = frozenset({"tensorflow", "tf_slim", "tf_keras"})


@functools.lru_cache(maxsize=1 << 16)  # asked for the same few names over and over
def canonical(qualified: str) -> ApiName | None:
    """Map a resolved import path to its canonical TF name, or None if it is not TF's."""
    dotted = qualified + "."
    for prefix, replacement, via_compat in _PREFIXES:
        if dotted.startswith(prefix):
            rest = qualified[len(prefix) :]
            name = replacement + rest if rest else replacement.rstrip(".")
            # ``tf.keras`` reached through ``tensorflow.`` is Keras too.
            if name.startswith("tf.keras."):
                name = "keras." + name[len("tf.keras.") :]
            return ApiName(name, via_compat)
    return None
