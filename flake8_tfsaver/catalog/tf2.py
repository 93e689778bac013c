"""The TF 2 names (object-based checkpoints, Keras / tf.optimizers optimizers) the object
model and the TF 2 rules read; kept apart from the TF 1 names."""

from __future__ import annotations

from .spelling import canonical

CHECKPOINT = frozenset({"tf.train.Checkpoint"})
CHECKPOINT_MANAGER = frozenset({"tf.train.CheckpointManager"})
# Internal modules real code imports the classes from.
_TF2_PREFIXES: tuple[tuple[str, str], ...] = (
    ("tensorflow.python.checkpoint.checkpoint.", "tf.train."),
    ("tensorflow.python.checkpoint.checkpoint_management.", "tf.train."),
    ("tensorflow.python.training.tracking.util.", "tf.train."),
    ("tensorflow.python.training.checkpoint_management.", "tf.train."),
    ("tensorflow_addons.", "tfa."),
    ("keras.", "keras."),  # standalone Keras 3 (only for the TF 2 rules; TF 1 rules ignore it)
)
# TF 2 optimizers: ``tf.keras.optimizers.*`` (also ``legacy`` / ``experimental``), ``tf.optimizers.*``,
# standalone Keras and TensorFlow Addons optimizers.  ``tf.compat.v1`` / ``tf.train.*Optimizer``
# are TF 1 optimizers and deliberately not here.
TF2_OPTIMIZER_MODULES = ("keras.optimizers.", "tf.optimizers.", "tfa.optimizers.")
TF2_OPTIMIZER_WRAPPERS = frozenset({"keras.mixed_precision.LossScaleOptimizer",
                                    "keras.mixed_precision.experimental.LossScaleOptimizer"})
# Not optimizers although they live in those modules.
TF2_OPTIMIZER_NON_CLASSES = frozenset({"schedules", "serialize", "deserialize", "get"})
# ``get(identifier)``: a new optimizer for a name or a config, the optimizer itself when given one.
TF2_OPTIMIZER_GETTERS = frozenset({"keras.optimizers.get", "tf.optimizers.get"})
# Calls whose result tracks the objects it is given: a model its layers, a wrapper its optimizer
# (also every TF 2 optimizer class: ``LossScaleOptimizer(opt)``, ``tfa.optimizers.Lookahead(opt)``).
TF2_WRAPPERS = frozenset({"keras.Sequential", "keras.models.Sequential", "keras.Model", "keras.models.Model"})
TF2_WRAPPER_PREFIXES = ("keras.layers.",)
# Calls that copy what they are given (new variables, or a value): the result tracks none of it.
TF2_COPIES = frozenset({
    "keras.models.clone_model", "keras.models.model_from_config", "keras.models.model_from_json",
    "keras.models.model_from_yaml", "keras.models.load_model", "keras.saving.load_model",
    "keras.layers.serialize", "keras.layers.deserialize", "keras.optimizers.serialize",
    "keras.optimizers.deserialize", "tf.Variable", "tf.identity", "tf.constant", "tf.convert_to_tensor",
    "tf.zeros_like", "tf.ones_like", "tf.saved_model.load",
})
TRAINING_METHODS = frozenset({"apply_gradients", "minimize"})
# ``step = tf.function(train_step)``: calling ``step`` runs ``train_step``.
TF2_FUNCTION_WRAPPERS = frozenset({"tf.function"})
CHECKPOINT_SAVE_METHODS = frozenset({"save", "write"})
# Attributes of a Keras model / tf.Module that list its variables.
VARIABLE_LISTS = frozenset({"trainable_variables", "trainable_weights", "variables", "weights"})


def tf2_name(qualified: str | None) -> str | None:
    """Canonical name for the TF 2 rules: ``canonical`` plus internal checkpoint modules,
    standalone Keras and TensorFlow Addons."""
    if not qualified:
        return None
    dotted = qualified + "."
    for prefix, replacement in _TF2_PREFIXES:
        if dotted.startswith(prefix):
            return replacement + qualified[len(prefix):]
    api = canonical(qualified)
    if api is None or api.via_compat_v1:
        return None
    name = api.name
    if name.startswith("tf.compat.v2."):
        name = "tf." + name[len("tf.compat.v2."):]
        name = "keras." + name[len("tf.keras."):] if name.startswith("tf.keras.") else name
    return name


def is_tf2_optimizer(name: str | None) -> bool:
    if name is None:
        return False
    if name in TF2_OPTIMIZER_WRAPPERS:
        return True
    if not name.startswith(TF2_OPTIMIZER_MODULES):
        return False
    return not any(part in TF2_OPTIMIZER_NON_CLASSES for part in name.split("."))
