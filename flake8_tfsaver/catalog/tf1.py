"""The TF 1 / ``tf.compat.v1`` names the graph model and the TF 1 rules care about, by
canonical name (``catalog.spelling``)."""

from __future__ import annotations

SAVER = frozenset({"tf.train.Saver"})
GRAPH = frozenset({"tf.Graph"})
SESSIONS = frozenset({"tf.Session", "tf.InteractiveSession"})
GET_DEFAULT_GRAPH = frozenset({"tf.get_default_graph"})
RESET_DEFAULT_GRAPH = frozenset({"tf.reset_default_graph"})
IMPORT_META_GRAPH = frozenset({"tf.train.import_meta_graph"})
DISABLE_EAGER = frozenset({"tf.disable_eager_execution", "tf.disable_v2_behavior"})

VARIABLE_SCOPE = frozenset({"tf.variable_scope"})
NAME_SCOPE = frozenset({"tf.name_scope"})
# Context managers known to stay in the enclosing graph.
GRAPH_NEUTRAL_CONTEXTS = frozenset(
    {
        "tf.variable_scope",
        "tf.name_scope",
        "tf.device",
        "tf.control_dependencies",
        "tf.colocate_with",
        "tf.op_scope",
        "tf.variable_op_scope",
        "slim.arg_scope",
        "tf.contrib.framework.arg_scope",
    }
)

# Plain variable constructors: one variable each.
VARIABLE_CONSTRUCTORS = frozenset(
    {"tf.Variable", "tf.get_variable", "tf.VariableV1", "slim.variable", "slim.model_variable",
     "tf.create_partitioned_variables",
     "tf.contrib.framework.variable", "tf.contrib.framework.model_variable"}
)
# ``get_variable``-like: the name is the first argument, and reuse scopes may return an existing one.
GET_VARIABLE_LIKE = frozenset(
    {"tf.get_variable", "slim.variable", "slim.model_variable",
     "tf.contrib.framework.variable", "tf.contrib.framework.model_variable"}
)
CREATE_GLOBAL_STEP = frozenset({"tf.train.create_global_step"})
GET_OR_CREATE_GLOBAL_STEP = frozenset({"tf.train.get_or_create_global_step"})

# Layer *functions* that create weights when called (pooling, dropout, flatten create none).
_WEIGHT_LAYER_FUNCTIONS = (
    "dense", "conv1d", "conv2d", "conv3d", "conv2d_transpose", "conv3d_transpose",
    "separable_conv1d", "separable_conv2d", "batch_normalization",
)
_CONTRIB_LAYER_FUNCTIONS = (
    "fully_connected", "conv2d", "conv2d_transpose", "conv3d", "convolution", "convolution2d",
    "convolution2d_transpose", "separable_conv2d", "separable_convolution2d", "batch_norm",
    "layer_norm", "embed_sequence", "linear", "legacy_fully_connected",
)
LAYER_FUNCTIONS = frozenset(
    [f"tf.layers.{name}" for name in _WEIGHT_LAYER_FUNCTIONS]
    + [f"tf.contrib.layers.{name}" for name in _CONTRIB_LAYER_FUNCTIONS]
    + [f"slim.{name}" for name in _CONTRIB_LAYER_FUNCTIONS]
    + [f"slim.layers.{name}" for name in _CONTRIB_LAYER_FUNCTIONS]
)

# Keras layer classes (``tf.keras`` / ``tf_keras``) whose instances create weights on first call.
_KERAS_WEIGHT_LAYERS = (
    "Dense", "Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose", "Conv3DTranspose",
    "SeparableConv1D", "SeparableConv2D", "DepthwiseConv2D", "Embedding", "LSTM", "GRU",
    "SimpleRNN", "BatchNormalization", "LayerNormalization", "PReLU", "LocallyConnected1D",
    "LocallyConnected2D", "Bidirectional", "ConvLSTM2D",
)
KERAS_LAYER_CLASSES = frozenset(f"keras.layers.{name}" for name in _KERAS_WEIGHT_LAYERS) | frozenset(
    f"tf.layers.{name}" for name in ("Dense", "Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose",
                                     "SeparableConv1D", "SeparableConv2D", "BatchNormalization")
)

# Optimizers whose ``minimize`` / ``apply_gradients`` create slot or accumulator variables,
# mapped to the short name used in messages.  GradientDescent and ProximalGradientDescent
# create none and are deliberately absent.
SLOT_OPTIMIZERS = {
    "tf.train.AdamOptimizer": "Adam",
    "tf.train.MomentumOptimizer": "Momentum",
    "tf.train.RMSPropOptimizer": "RMSProp",
    "tf.train.AdagradOptimizer": "Adagrad",
    "tf.train.AdadeltaOptimizer": "Adadelta",
    "tf.train.FtrlOptimizer": "Ftrl",
    "tf.train.ProximalAdagradOptimizer": "ProximalAdagrad",
    "tf.train.AdagradDAOptimizer": "AdagradDA",
    "tf.contrib.opt.AdamWOptimizer": "AdamW",
    "tf.contrib.opt.LazyAdamOptimizer": "LazyAdam",
    "tf.contrib.opt.NadamOptimizer": "Nadam",
    "tf.contrib.opt.AdaMaxOptimizer": "AdaMax",
}
SLOT_FREE_OPTIMIZERS = frozenset({"tf.train.GradientDescentOptimizer", "tf.train.ProximalGradientDescentOptimizer"})
OPTIMIZER_VARIABLE_METHODS = frozenset({"minimize", "apply_gradients"})
# ``optimize_loss(..., optimizer="Adam")`` names the optimizer with a string.
SLOT_OPTIMIZER_NAMES = {"Adam": "Adam", "Momentum": "Momentum", "RMSProp": "RMSProp", "Adagrad": "Adagrad", "Ftrl": "Ftrl"}
# Train-op helpers that apply the optimizer they are given (slots) and may create the global step.
TRAIN_OP_HELPERS = frozenset(
    {"slim.learning.create_train_op", "tf.contrib.training.create_train_op", "tf.contrib.layers.optimize_loss",
     "slim.optimize_loss"}
)

ASSIGN = frozenset({"tf.assign"})  # ``tf.assign(v, value)`` initializes ``v``
# Ops that look at a variable without reading its value (no ``FailedPreconditionError``).
INITIALIZATION_CHECKS = frozenset(
    {"tf.is_variable_initialized", "tf.report_uninitialized_variables", "tf.assert_variables_initialized"}
)
# Ops whose result depends on graph state beyond their arguments (collections, the whole graph).
GRAPH_READERS = frozenset(
    {"tf.global_variables", "tf.all_variables", "tf.trainable_variables", "tf.model_variables",
     "tf.moving_average_variables", "tf.local_variables", "tf.get_collection", "tf.get_variable",
     "tf.summary.merge_all", "tf.train.get_global_step", "tf.get_default_graph",
     "tf.losses.get_total_loss", "tf.losses.get_regularization_loss", "tf.losses.get_losses"}
)

# TF objects that keep a Saver they are given and save with it later.
SAVER_KEEPERS = frozenset(
    {"tf.train.Supervisor", "tf.train.Scaffold", "tf.train.CheckpointSaverHook", "slim.learning.train",
     "tf.contrib.training.train", "tf.contrib.slim.learning.train"}
)
ADD_TO_COLLECTION = frozenset({"tf.add_to_collection", "tf.add_to_collections"})  # with GraphKeys.SAVERS

# ``ExponentialMovingAverage(...).apply(vars)`` creates one shadow variable (a global one) per variable.
MOVING_AVERAGE_CLASSES = frozenset({"tf.train.ExponentialMovingAverage"})

# RNN drivers build their cell's weights on the cell's first use (``cell``/``cell_fw`` argument).
RNN_FUNCTIONS = frozenset(
    {"tf.nn.dynamic_rnn", "tf.nn.static_rnn", "tf.nn.raw_rnn", "tf.nn.bidirectional_dynamic_rnn",
     "tf.nn.static_bidirectional_rnn", "tf.nn.static_state_saving_rnn", "tf.contrib.rnn.static_rnn",
     "tf.contrib.rnn.static_bidirectional_rnn", "tf.contrib.rnn.stack_bidirectional_dynamic_rnn",
     "tf.contrib.rnn.stack_bidirectional_rnn", "tf.contrib.rnn.static_state_saving_rnn"}
)

_RNN_CELLS = (
    "BasicRNNCell", "BasicLSTMCell", "LSTMCell", "GRUCell", "MultiRNNCell", "DropoutWrapper",
    "ResidualWrapper", "DeviceWrapper", "RNNCell",
)
_CONTRIB_RNN_CELLS = _RNN_CELLS + (
    "LayerNormBasicLSTMCell", "LSTMBlockCell", "GRUBlockCell", "CoupledInputForgetGateLSTMCell",
    "UGRNNCell", "IntersectionRNNCell", "AttentionCellWrapper", "NASCell", "LSTMBlockFusedCell",
)
RNN_CELL_CLASSES = frozenset(
    [f"tf.nn.rnn_cell.{name}" for name in _RNN_CELLS]
    + [f"tf.contrib.rnn.{name}" for name in _CONTRIB_RNN_CELLS]
)

# Creators of *local* variables only (``tf.metrics.*`` counters): a Saver never saves them and
# ``global_variables_initializer()`` never initializes them, so they are not late variables.
LOCAL_VARIABLE_PREFIXES = ("tf.metrics.", "tf.contrib.metrics.", "slim.metrics.")
LOCAL_VARIABLE_FUNCTIONS = frozenset(
    {"tf.get_local_variable", "tf.local_variables_initializer", "tf.tables_initializer",
     "tf.initialize_local_variables", "tf.initializers.local_variables", "tf.initializers.tables_initializer"}
)

# ``var_list`` values that are a snapshot of a collection: the same trap as no ``var_list``.
COLLECTION_SNAPSHOTS = frozenset(
    {
        "tf.global_variables",
        "tf.all_variables",
        "tf.trainable_variables",
        "tf.model_variables",
        "tf.moving_average_variables",
        "tf.get_collection",
        "slim.get_variables",
        "slim.get_model_variables",
        "tf.contrib.framework.get_variables",
        "tf.contrib.framework.get_model_variables",
    }
)

INITIALIZERS = frozenset(
    {"tf.global_variables_initializer", "tf.initialize_all_variables", "tf.variables_initializer",
     "tf.initializers.global_variables", "tf.initializers.variables", "tf.initialize_variables"}
)
SNAPSHOT_INITIALIZERS = frozenset(
    {"tf.global_variables_initializer", "tf.initialize_all_variables", "tf.initializers.global_variables"}
)

# Saver constructor keywords that ``save()`` / ``restore()`` do not take (TFS010).
SAVER_CONSTRUCTOR_KEYWORDS = frozenset(
    {
        "var_list", "reshape", "sharded", "max_to_keep", "keep_checkpoint_every_n_hours",
        "name", "restore_sequentially", "saver_def", "builder", "defer_build", "allow_empty",
        "write_version", "pad_step_number", "save_relative_paths", "filename",
    }
)
SAVE_KEYWORDS = frozenset(
    {"sess", "save_path", "global_step", "latest_filename", "meta_graph_suffix",
     "write_meta_graph", "write_state", "strip_default_attrs", "save_debug_info"}
)
RESTORE_KEYWORDS = frozenset({"sess", "save_path"})

# TF functions known to build ops only (no variables): calls to them keep a graph "empty" for
# TFS004.  Any other TF call that the catalog does not know counts as possibly creating variables.
OP_ONLY = frozenset(
    "tf." + name
    for name in (
        "placeholder placeholder_with_default constant zeros ones zeros_like ones_like fill range "
        "cast reshape identity matmul add add_n subtract multiply divide square sqrt exp log "
        "reduce_sum reduce_mean reduce_max reduce_min argmax argmin concat stack unstack split "
        "expand_dims squeeze transpose shape size random_normal random_uniform truncated_normal "
        "random.normal random.uniform nn.relu nn.sigmoid nn.tanh nn.softmax nn.dropout "
        "nn.softmax_cross_entropy_with_logits nn.sigmoid_cross_entropy_with_logits "
        "summary.scalar summary.histogram summary.merge_all summary.FileWriter "
        "get_default_graph global_variables trainable_variables all_variables get_collection "
        "train.get_global_step train.latest_checkpoint train.checkpoint_exists "
        "Session InteractiveSession ConfigProto GraphKeys disable_eager_execution "
        "disable_v2_behavior set_random_seed logging.set_verbosity name_scope device "
        "control_dependencies variable_scope"
    ).split()
)
