"""Walk each frame in execution order and record the events of ``program``.

One walk per frame, memoised: a call to a function of this file walks that function first and
adds *proxies* of what it does in its caller's graph (variables, savers) at the call site, so
"created later in the same graph" works through helpers, methods on ``self`` and constructors.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase

from astroid import nodes

from .. import tf_api
from . import program as p
from .project_calls import ProjectCalls, ProjectLookups
from .resolve import Resolver, enclosing_class, find_method, is_instance_method, is_self_attribute, lookup

# Methods that never create variables, on whatever object: keeps OpaqueCall for real unknowns.
_HARMLESS_METHODS = frozenset(
    "append extend insert pop get items keys values update format join split strip replace "
    "startswith endswith lower upper read write close run eval as_list get_shape set_shape "
    "add_summary flush info warning debug error print_ as_default".split()
)
_SAFE_TOP_LEVEL = frozenset(sys.stdlib_module_names) | {"numpy", "np", "six", "absl", "scipy"}
# Builtins that call no function they are given (``map``, ``filter``, ``sorted(key=...)``, ``exec``
# may run code that creates variables, so they stay opaque).
_HARMLESS_BUILTINS = frozenset({
    "abs", "all", "any", "bin", "bool", "bytes", "chr", "dict", "divmod", "enumerate", "float",
    "format", "frozenset", "hasattr", "hash", "hex", "id", "int", "isinstance", "issubclass", "iter",
    "len", "list", "next", "oct", "open", "ord", "pow", "print", "range", "repr", "reversed", "round",
    "set", "str", "sum", "tuple", "type", "zip",
})
_HARMLESS_WITHOUT_KEY = frozenset({"max", "min", "sorted"})


# ``_Context.graph`` value meaning "the frame's default graph": resolved when an event is added,
# so that ``reset_default_graph()`` moves every later event to a new graph.
FRAME_DEFAULT = p.GraphId("frame-default", 0)


@dataclass(frozen=True)
class _Context:
    graph: p.GraphId | None
    branches: tuple[tuple[int, int], ...] = ()
    loops: tuple[nodes.NodeNG, ...] = ()
    reuse: bool = False
    # ("var" | "name", literal scope name or None when not literal), outermost first
    scopes: tuple[tuple[str, str | None], ...] = ()


class ProgramBuilder(ProjectLookups):
    def __init__(
        self, module: nodes.Module, variable_creators: tuple[str, ...] = (), saver_factories: tuple[str, ...] = (),
        project=None,
    ) -> None:
        self.module = module
        # The file's view of the other modules of its project (``project.view``), or None.
        self.project = project
        self.project_effects: dict[int, object] = {}  # event id -> the summary effect it stands for
        self.resolver = Resolver(module, project)
        # Project functions/classes in other modules, named in the options (fnmatch patterns).
        self.variable_creators = variable_creators
        self.saver_factories = saver_factories
        self.frames: dict[int, p.Frame] = {}
        self.sessions: dict[int, p.SessionCreation] = {}
        self.savers: dict[int, p.SaverConstruction] = {}
        self.initializers: dict[int, p.InitializerCreation] = {}
        self.proxies: dict[int, list[p.Event]] = {}  # call node id -> proxies added there
        self.disables_eager = False
        self._in_progress: set[int] = set()
        self._returns: dict[int, nodes.NodeNG | None] = {}

    # ---- entry ---------------------------------------------------------------------------
    def build(self) -> p.Program:
        module_graph = p.GraphId("default", id(self.module), 0, label="the default graph")
        self._walk_frame(self.module, module_graph)
        for func in self.module.nodes_of_class(nodes.FunctionDef):
            self.frame_of(func)
        frames = sorted(self.frames.values(), key=lambda f: (f.node.fromlineno or 0))
        self._link(frames)
        self.disables_eager = self.disables_eager or self.project_disables_eager(frames)
        return p.Program(self.module, frames, self.disables_eager)

    def frame_of(self, func: nodes.FunctionDef) -> p.Frame | None:
        """The walked frame of ``func`` (None while it is being walked: recursion)."""
        if id(func) in self.frames:
            return self.frames[id(func)]
        if id(func) in self._in_progress:
            return None
        key_node = caller_key(func)
        entry = p.GraphId("caller", id(key_node), 0, label="the caller's default graph")
        return self._walk_frame(func, entry)

    def _walk_frame(self, node: nodes.NodeNG, entry: p.GraphId) -> p.Frame:
        self._in_progress.add(id(node))
        frame = p.Frame(node, entry)
        walker = _FrameWalker(self, frame)
        walker.block(node.body, _Context(FRAME_DEFAULT))
        self.frames[id(node)] = frame
        self._in_progress.discard(id(node))
        return frame

    # ---- second pass: references that may point into frames walked later -------------------
    def _link(self, frames: list[p.Frame]) -> None:
        for frame in frames:
            for event in frame.events:
                if isinstance(event, p.CheckpointCall):
                    event.saver = self.saver_of(event.receiver)
                    event.saver_graph = self._saver_graph_for(event)
                    if event.session_expr is not None:
                        event.session = self.session_of(event.session_expr)
                elif isinstance(event, p.SessionRun):
                    event.session = self.session_of(event.receiver)

    # ---- values -------------------------------------------------------------------------
    def value(self, expr: nodes.NodeNG) -> nodes.NodeNG | None:
        return self.resolver.single_value(expr)

    def construction(self, expr: nodes.NodeNG, apis: frozenset[str], depth: int = 0) -> nodes.Call | None:
        """The ``tf.X(...)`` call (X in ``apis``) that ``expr`` is bound to, following names,
        ``self.attr`` and the single ``return`` of a function of this file."""
        value = self.value(expr)
        if not isinstance(value, nodes.Call) or depth > 5:
            return None
        api = self.resolver.api(value.func)
        if api is not None:
            return value if api.name in apis else None
        func = self.resolver.local_definition(value.func)
        if not isinstance(func, nodes.FunctionDef):
            return None
        returned = self._single_return(func)
        return self.construction(returned, apis, depth + 1) if returned is not None else None

    def _single_return(self, func: nodes.FunctionDef) -> nodes.NodeNG | None:
        """The value of a function's only ``return`` (memoised: asked for every call of it)."""
        if id(func) not in self._returns:
            returns = [r for r in func.nodes_of_class(nodes.Return) if r.scope() is func]
            self._returns[id(func)] = returns[0].value if len(returns) == 1 else None
        return self._returns[id(func)]

    def saver_call(self, expr: nodes.NodeNG) -> nodes.Call | None:
        """The call that built the Saver ``expr`` refers to: ``tf.train.Saver(...)``,
        ``import_meta_graph(...)``, or a configured ``--tfsaver-saver-factories`` call."""
        call = self.construction(expr, tf_api.SAVER | tf_api.IMPORT_META_GRAPH)
        if call is None:
            value = self.value(expr)
            if isinstance(value, nodes.Call) and self.is_saver_factory(value):
                call = value
        return call if call is not None else self.project_saver(expr)

    def is_saver_factory(self, call: nodes.Call) -> bool:
        return self._configured(call, self.saver_factories) or self.is_project_saver_factory(call)

    def is_variable_creator(self, call: nodes.Call) -> bool:
        return self._configured(call, self.variable_creators)

    def _configured(self, call: nodes.Call, patterns: tuple[str, ...]) -> bool:
        if not patterns:
            return False
        qualified = self.resolver.qualified_name(call.func)
        return qualified is not None and any(fnmatchcase(qualified, pattern) for pattern in patterns)

    def saver_of(self, expr: nodes.NodeNG | None) -> p.SaverConstruction | None:
        call = self.saver_call(expr) if expr is not None else None
        return self.savers.get(id(call)) if call is not None else None

    def path_key(self, expr: nodes.NodeNG) -> tuple | None:
        """Same string literal, or the same module-level name bound once (TFS003)."""
        if isinstance(expr, nodes.Const) and isinstance(expr.value, str):
            return ("literal", expr.value)
        if isinstance(expr, nodes.Name):
            try:
                scope, bindings = lookup(expr)
            except Exception:
                return None
            if isinstance(scope, nodes.Module) and len(bindings) == 1:
                return ("name", id(bindings[0]))
        return None

    def _saver_graph_for(self, call: p.CheckpointCall) -> p.GraphId | None:
        if call.saver is None:
            return None
        creation = self.resolver.instance_creation(call.receiver)
        if creation is not None:
            proxies = [
                e for e in self.proxies.get(id(creation), ())
                if isinstance(e, p.SaverConstruction) and e.root is call.saver
            ]
            if len(proxies) == 1:
                return proxies[0].graph
        return call.saver.graph

    def session_of(self, expr: nodes.NodeNG | None) -> p.SessionCreation | None:
        call = self.construction(expr, tf_api.SESSIONS) if expr is not None else None
        return self.sessions.get(id(call)) if call is not None else None

    def graph_of(self, expr: nodes.NodeNG, ctx: _Context) -> p.GraphId | None:
        """The graph an expression evaluates to: ``tf.Graph()``, a name bound to one,
        ``sess.graph``, ``tf.get_default_graph()``, ``X.as_default()``."""
        value = self.value(expr)
        if isinstance(value, nodes.Call):
            api = self.resolver.api(value.func)
            if api is not None and api.name in tf_api.GRAPH:
                return self._graph_object(value, expr)
            if api is not None and api.name in tf_api.GET_DEFAULT_GRAPH:
                return ctx.graph  # the caller resolves FRAME_DEFAULT
            if isinstance(value.func, nodes.Attribute) and value.func.attrname == "as_default":
                return self.graph_of(value.func.expr, ctx)
            return None
        if isinstance(value, nodes.Attribute) and value.attrname == "graph":
            session = self.session_of(value.expr)
            if session is not None:
                return session.graph
        return self._symbolic_graph(expr)

    def _symbolic_graph(self, expr: nodes.NodeNG) -> p.GraphId | None:
        """``self.graph`` assigned once (say from a parameter): an unknown graph, but the same
        object in every method of the instance."""
        if not is_self_attribute(expr):
            return None
        values = self.resolver.self_attribute_values(expr)
        klass = enclosing_class(expr)
        if values is None or len(values) != 1 or klass is None:
            return None
        return p.GraphId("symbolic", hash((id(klass), expr.attrname)), label=f"graph `{expr.as_string()}`")

    def _graph_object(self, call: nodes.Call, spelled: nodes.NodeNG) -> p.GraphId:
        owner = 0
        scope = call.scope()
        if isinstance(scope, nodes.FunctionDef) and enclosing_class(call) is None:
            owner = id(caller_key(scope))
        if isinstance(spelled, (nodes.Name, nodes.Attribute)) and spelled is not call:
            label = f"graph `{spelled.as_string()}`"
        else:
            label = f"the new graph of line {call.lineno}"
        return p.GraphId("object", id(call), 0, owner, label, made_in=id(scope), creation=call)

    def is_opaque_call(self, func: nodes.NodeNG) -> bool:
        """A call into another module of the project, which may do anything to the graph."""
        root = func
        while isinstance(root, nodes.Attribute):
            root = root.expr
        if not isinstance(root, nodes.Name):
            return False
        try:
            _, bindings = lookup(root)
        except Exception:
            return False
        for binding in bindings:
            if isinstance(binding, nodes.ImportFrom):
                if binding.level or binding.modname.split(".")[0] not in _SAFE_TOP_LEVEL | tf_api.TF_TOP_LEVEL_MODULES:
                    return True
            elif isinstance(binding, nodes.Import):
                for modname, _ in binding.names:
                    if modname.split(".")[0] not in _SAFE_TOP_LEVEL | tf_api.TF_TOP_LEVEL_MODULES:
                        return True
        return False


def caller_key(func: nodes.FunctionDef) -> nodes.NodeNG:
    """Methods of one class share the caller's default graph; other functions have their own."""
    if is_instance_method(func):
        return func.parent
    return func


class _FrameWalker(ProjectCalls):
    """Visits one frame's statements in execution order."""

    def __init__(self, builder: ProgramBuilder, frame: p.Frame) -> None:
        self.b = builder
        self.r = builder.resolver
        self.frame = frame
        self.seq = 0
        self.epoch = 0
        self.called_layers: set[int] = set()

    # ---- recording ----------------------------------------------------------------------
    def add(self, cls: type, node: nodes.NodeNG, ctx: _Context, **details) -> p.Event:
        self.seq += 1
        graph = self.current_graph(ctx)
        event = cls(node, self.frame, self.seq, graph, ctx.branches, ctx.loops, **details)
        self.frame.events.append(event)
        return event

    def current_graph(self, ctx: _Context) -> p.GraphId | None:
        if ctx.graph is not FRAME_DEFAULT:
            return ctx.graph
        entry = self.frame.entry_graph
        if self.epoch == 0:
            return entry
        label = "the default graph after `reset_default_graph()`"
        return p.GraphId(entry.kind, entry.key, self.epoch, entry.owner, label)

    def graph_context(self, graph: p.GraphId | None, ctx: _Context) -> _Context:
        return replace(ctx, graph=graph)

    # ---- statements ---------------------------------------------------------------------
    def block(self, statements: list[nodes.NodeNG], ctx: _Context) -> _Context:
        for statement in statements:
            ctx = self.statement(statement, ctx)
            if isinstance(statement, (nodes.Return, nodes.Raise, nodes.Break, nodes.Continue)):
                break  # the rest of the block never runs
        return ctx

    def statement(self, node: nodes.NodeNG, ctx: _Context) -> _Context:
        if isinstance(node, (nodes.FunctionDef, nodes.ClassDef)):
            return ctx  # bodies are frames of their own
        if isinstance(node, (nodes.Assign, nodes.AugAssign, nodes.AnnAssign)):
            if node.value is not None:
                self.expression(node.value, ctx)
            return ctx
        if isinstance(node, nodes.If):
            self.expression(node.test, ctx)
            self.block(node.body, self._branch(ctx, node, 0))
            self.block(node.orelse, self._branch(ctx, node, 1))
            return ctx
        if isinstance(node, (nodes.For, nodes.While)):
            self.expression(node.iter if isinstance(node, nodes.For) else node.test, ctx)
            loop_ctx = replace(ctx, loops=ctx.loops + (node,))
            self.block(node.body, loop_ctx)
            self.block(node.orelse, ctx)
            return ctx
        if isinstance(node, nodes.Try):
            self.block(node.body, self._branch(ctx, node, 0))
            for index, handler in enumerate(node.handlers, start=1):
                self.block(handler.body, self._branch(ctx, node, index))
            self.block(node.orelse, self._branch(ctx, node, 0))
            self.block(node.finalbody, ctx)
            return ctx
        if isinstance(node, nodes.With):
            inner = ctx
            for context_expr, _ in node.items:
                inner = self.enter_context(context_expr, inner)
            self.block(node.body, inner)
            return ctx
        for child in node.get_children():
            if isinstance(child, (nodes.FunctionDef, nodes.ClassDef, nodes.Lambda)):
                continue
            self.expression(child, ctx)
        return ctx

    @staticmethod
    def _branch(ctx: _Context, node: nodes.NodeNG, index: int) -> _Context:
        return replace(ctx, branches=ctx.branches + ((id(node), index),))

    def enter_context(self, expr: nodes.NodeNG, ctx: _Context) -> _Context:
        """Evaluate one ``with`` item and return the context its body runs in."""
        self.expression(expr, ctx)
        if not isinstance(expr, nodes.Call):
            return ctx
        api = self.r.api(expr.func)
        if api is not None and api.name in tf_api.SESSIONS:
            session = self.b.sessions.get(id(expr))
            return self.graph_context(session.graph if session else None, ctx)
        if api is not None and api.name in tf_api.VARIABLE_SCOPE:
            reuse = _keyword(expr, "reuse")
            reusing = reuse is not None and not _is_const(reuse, (None, False))
            scope = ("var", _literal_string(_argument(expr, 0, "name_or_scope")))
            return replace(ctx, reuse=ctx.reuse or reusing, scopes=ctx.scopes + (scope,))
        if api is not None and api.name in tf_api.NAME_SCOPE:
            scope = ("name", _literal_string(_argument(expr, 0, "name")))
            return replace(ctx, scopes=ctx.scopes + (scope,))
        if api is not None and api.name in tf_api.GRAPH_NEUTRAL_CONTEXTS:
            return ctx
        if isinstance(expr.func, nodes.Attribute) and expr.func.attrname == "as_default":
            target = expr.func.expr
            if self.b.session_of(target) is not None:
                return ctx  # ``sess.as_default()`` keeps the default graph
            graph = self.b.graph_of(target, ctx)
            return self.graph_context(self.current_graph(self.graph_context(graph, ctx)), ctx)
        return ctx

    # ---- expressions --------------------------------------------------------------------
    def expression(self, node: nodes.NodeNG, ctx: _Context) -> None:
        if isinstance(node, (nodes.Lambda, nodes.FunctionDef, nodes.ClassDef)):
            return
        if isinstance(node, (nodes.ListComp, nodes.SetComp, nodes.DictComp, nodes.GeneratorExp)):
            loop_ctx = replace(ctx, loops=ctx.loops + (node,))
            for generator in node.generators:
                self.expression(generator.iter, ctx if generator is node.generators[0] else loop_ctx)
                for condition in generator.ifs:
                    self.expression(condition, loop_ctx)
            for part in ("key", "value", "elt"):
                child = getattr(node, part, None)
                if child is not None:
                    self.expression(child, loop_ctx)
            return
        if isinstance(node, nodes.Call):
            self.expression(node.func, ctx)
            for arg in node.args:
                self.expression(arg, ctx)
            for keyword in node.keywords or ():
                self.expression(keyword.value, ctx)
            self.call(node, ctx)
            return
        for child in node.get_children():
            self.expression(child, ctx)

    # ---- calls --------------------------------------------------------------------------
    def call(self, call: nodes.Call, ctx: _Context) -> None:
        api = self.r.api(call.func)
        if api is not None:
            self.api_call(call, api, ctx)
            return
        if isinstance(call.func, nodes.Attribute):
            if self.method_call(call, ctx):
                return
            if call.func.attrname in _HARMLESS_METHODS:
                return
        definition = self.r.local_definition(call.func) or self._instance_method(call.func)
        if definition is not None:
            self.local_call(call, definition, ctx)
            return
        if self.project_call(call, ctx):  # another module of the project (model/project_calls.py)
            return
        if self.keras_layer_call(call, ctx):
            return
        if self.configured_call(call, ctx):
            return
        from_project = self.b.is_opaque_call(call.func)
        if from_project or not self._harmless(call):
            self.add(p.OpaqueCall, call, ctx, from_project=from_project)

    def _harmless(self, call: nodes.Call) -> bool:
        """Plain builtins, and functions of the standard library or numpy: they create no variables."""
        func = call.func
        if isinstance(func, nodes.Name):
            keywords = {keyword.arg for keyword in call.keywords or ()}
            if not (
                func.name in _HARMLESS_BUILTINS
                or (func.name in _HARMLESS_WITHOUT_KEY and "key" not in keywords and None not in keywords)
            ):
                return False
            try:
                _, bindings = lookup(func)
            except Exception:
                return False
            return not bindings  # bound nowhere in the file: the builtin
        qualified = self.r.qualified_name(func)
        return qualified is not None and qualified.split(".")[0] in _SAFE_TOP_LEVEL

    def configured_call(self, call: nodes.Call, ctx: _Context) -> bool:
        """Calls the user declared in ``--tfsaver-variable-creators`` / ``--tfsaver-saver-factories``."""
        spelling = call.func.as_string()
        if self.b.is_saver_factory(call):
            self.b.savers[id(call)] = self.add(p.SaverConstruction, call, ctx, spelling=spelling)
            return True
        if self.b.is_variable_creator(call):
            self.add(p.VariableCreation, call, ctx, description=f"the variables of `{spelling}()`")
            return True
        return False

    def _instance_method(self, func: nodes.NodeNG) -> nodes.FunctionDef | None:
        """``model.train()`` where ``model = Model(...)`` is a class of this file."""
        if not isinstance(func, nodes.Attribute):
            return None
        value = self.b.value(func.expr)
        if not isinstance(value, nodes.Call):
            return None
        klass = self.r.local_definition(value.func)
        return find_method(klass, func.attrname) if isinstance(klass, nodes.ClassDef) else None

    def api_call(self, call: nodes.Call, api: tf_api.ApiName, ctx: _Context) -> None:
        name = api.name
        spelling = call.func.as_string()
        if name in tf_api.SAVER:
            var_list = _argument(call, 0, "var_list")
            defer = _keyword(call, "defer_build")
            event = self.add(
                p.SaverConstruction, call, ctx, spelling=spelling,
                var_list=self._var_list_kind(var_list), via_compat_v1=api.via_compat_v1,
                defer_build=defer is not None and _is_const(defer, (True,)),
            )
            self.b.savers[id(call)] = event
        elif name in tf_api.SESSIONS:
            graph_arg = _argument(call, 1, "graph")
            graph = ctx.graph if graph_arg is None else self.b.graph_of(graph_arg, ctx)
            event = self.add(p.SessionCreation, call, self.graph_context(graph, ctx), spelling=spelling)
            self.b.sessions[id(call)] = event
        elif name in tf_api.RESET_DEFAULT_GRAPH:
            if ctx.graph is FRAME_DEFAULT:
                self.add(p.GraphReset, call, ctx)
                self.epoch += 1
                self.frame.resets_graph = True
        elif name in tf_api.VARIABLE_CONSTRUCTORS:
            if (ctx.reuse and name in tf_api.GET_VARIABLE_LIKE) or _keyword(call, "collections") is not None:
                # may return an existing variable, or make a local one no Saver covers: unsure
                self.add(p.OpaqueCall, call, ctx)
                return
            get_like = name in tf_api.GET_VARIABLE_LIKE
            var_name = _literal_string(_argument(call, 0, "name") if get_like else _keyword(call, "name"))
            description = f"variable `{var_name}`" if var_name else f"the variable from `{spelling}()`"
            self.add(p.VariableCreation, call, ctx, description=description,
                     is_global_step=var_name == "global_step",
                     full_name=_full_name(ctx, var_name or "Variable", get_like) if (var_name or not get_like) else None,
                     auto_named=var_name is None)
        elif name in tf_api.CREATE_GLOBAL_STEP or name in tf_api.GET_OR_CREATE_GLOBAL_STEP:
            self.add(p.VariableCreation, call, ctx, description="the global step", is_global_step=True,
                     full_name="global_step",
                     may_exist_already=name in tf_api.GET_OR_CREATE_GLOBAL_STEP)
        elif name in tf_api.LAYER_FUNCTIONS:
            reuse = _keyword(call, "reuse")
            if ctx.reuse or (reuse is not None and not _is_const(reuse, (None, False))):
                self.add(p.OpaqueCall, call, ctx)
                return
            self.add(p.VariableCreation, call, ctx, description=f"the variables of `{spelling}()`")
        elif name in tf_api.INITIALIZERS:
            snapshot = name in tf_api.SNAPSHOT_INITIALIZERS
            covers_all = snapshot or self._var_list_kind(_argument(call, 0, "var_list")) == "snapshot"
            event = self.add(p.InitializerCreation, call, ctx, spelling=spelling,
                             snapshot=snapshot, covers_all=covers_all)
            self.b.initializers[id(call)] = event
        elif name in tf_api.IMPORT_META_GRAPH:
            path = _argument(call, 0, "meta_graph_or_file")
            self.add(p.MetaGraphImport, call, ctx, spelling=spelling,
                     path_suffix=self.static_suffix(path) if path is not None else None)
            self.add(p.OpaqueCall, call, ctx)  # it adds the meta graph's variables
        elif name in tf_api.DISABLE_EAGER:
            self.b.disables_eager = True
        elif name not in tf_api.OP_ONLY and name not in tf_api.GRAPH | tf_api.GET_DEFAULT_GRAPH:
            self.add(p.OpaqueCall, call, ctx)

    def _var_list_kind(self, var_list: nodes.NodeNG | None) -> str:
        if var_list is None or _is_const(var_list, (None,)):
            return "all"
        value = self.b.value(var_list)
        if isinstance(value, nodes.Call):
            api = self.r.api(value.func)
            if api is not None and api.name in tf_api.COLLECTION_SNAPSHOTS:
                return "snapshot"
        return "explicit"

    def method_call(self, call: nodes.Call, ctx: _Context) -> bool:
        """``opt.minimize``, ``saver.save``, ``sess.run`` ...; True if handled."""
        method = call.func.attrname
        receiver = call.func.expr
        if method in tf_api.OPTIMIZER_VARIABLE_METHODS:
            value = self.b.value(receiver)
            if isinstance(value, nodes.Call):
                api = self.r.api(value.func)
                if api is not None and api.name in tf_api.SLOT_OPTIMIZERS:
                    short = tf_api.SLOT_OPTIMIZERS[api.name]
                    self.add(p.VariableCreation, call, ctx,
                             description=f"{short} slot variables from `{method}()`")
                    return True
            return False
        if method in ("save", "restore", "build"):
            if self.b.saver_call(receiver) is None:
                return False
            session_expr = _argument(call, 0, "sess") if method != "build" else None
            path_expr = _argument(call, 1, "save_path") if method != "build" else None
            self.add(p.CheckpointCall, call, ctx, method=method, receiver=receiver,
                     session_expr=session_expr, path_expr=path_expr,
                     path_suffix=self.static_suffix(path_expr) if path_expr is not None else None,
                     path_key=self.b.path_key(path_expr) if path_expr is not None else None)
            return True
        if method == "run":
            if self.b.construction(receiver, tf_api.SESSIONS) is None:
                return False
            fetches = _argument(call, 0, "fetches")
            self.add(p.SessionRun, call, ctx, receiver=receiver,
                     initializers=self._initializers_in(fetches))
            return True
        return False

    def static_suffix(self, expr: nodes.NodeNG, depth: int = 0) -> str | None:
        """The end of a path string that is certain: a literal, a name bound to one,
        ``x + ".meta"``, an f-string ending in text, ``os.path.join(..., "model.ckpt")``."""
        if depth > 8:
            return None
        value = self.b.value(expr)
        if isinstance(value, nodes.Const):
            return value.value if isinstance(value.value, str) and value.value else None
        if isinstance(value, nodes.BinOp) and value.op == "+":
            return self.static_suffix(value.right, depth + 1)
        if isinstance(value, nodes.JoinedStr) and value.values:
            last = value.values[-1]
            return last.value if isinstance(last, nodes.Const) and last.value else None
        if isinstance(value, nodes.Call) and value.args and not value.keywords:
            if self.r.qualified_name(value.func) in ("os.path.join", "posixpath.join"):
                last = self.static_suffix(value.args[-1], depth + 1)
                return "/" + last if last else None
        return None

    def _initializers_in(self, fetches: nodes.NodeNG | None) -> tuple[p.InitializerCreation, ...]:
        if fetches is None:
            return ()
        items = fetches.elts if isinstance(fetches, (nodes.List, nodes.Tuple)) else [fetches]
        found = []
        for item in items:
            value = self.b.value(item)
            if value is not None and id(value) in self.b.initializers:
                found.append(self.b.initializers[id(value)])
        return tuple(found)

    def keras_layer_call(self, call: nodes.Call, ctx: _Context) -> bool:
        """``Dense(10)(x)`` or ``layer(x)``: a Keras layer builds its weights on first call."""
        value = self.b.value(call.func)
        if not isinstance(value, nodes.Call) or id(value) in self.called_layers:
            return False
        api = self.r.api(value.func)
        if api is None or api.name not in tf_api.KERAS_LAYER_CLASSES:
            return False
        self.called_layers.add(id(value))
        layer = value.func.as_string()
        self.add(p.VariableCreation, call, ctx, description=f"the variables of Keras layer `{layer}`")
        return True

    def local_call(self, call: nodes.Call, definition: nodes.NodeNG, ctx: _Context) -> None:
        """Add proxies for what a function/constructor of this file does in the caller's graph."""
        if isinstance(definition, nodes.ClassDef):
            definition = find_method(definition, "__init__")
            if definition is None:
                return
        callee = self.b.frame_of(definition)
        if callee is None:
            return
        if callee not in self.frame.callees:
            self.frame.callees.append(callee)
        entry = callee.entry_graph
        for event in callee.events:
            if event.graph != entry:
                continue  # ran in a graph the callee made or switched to
            proxy_ctx = replace(ctx, branches=ctx.branches + event.branches)
            if isinstance(event, p.VariableCreation):
                self.add(p.VariableCreation, call, proxy_ctx, description=event.description,
                         is_global_step=event.is_global_step,
                         may_exist_already=event.may_exist_already, origin=event)
            elif isinstance(event, p.SaverConstruction):
                proxy = self.add(p.SaverConstruction, call, proxy_ctx, spelling=event.spelling,
                                 var_list=event.var_list, defer_build=event.defer_build,
                                 via_compat_v1=event.via_compat_v1, origin=event)
                self.b.proxies.setdefault(id(call), []).append(proxy)
            elif isinstance(event, p.OpaqueCall):
                self.add(p.OpaqueCall, call, proxy_ctx, from_project=event.from_project)
        if callee.resets_graph and ctx.graph is FRAME_DEFAULT:
            self.epoch += 1
        if is_self_attribute(call.func):
            # A subclass (possibly in another module) may override the method: besides what this
            # file's version does, anything may happen.
            self.add(p.OpaqueCall, call, ctx)


def _full_name(ctx: _Context, base: str, variable_scopes_only: bool) -> str | None:
    """The variable's name in the checkpoint: ``get_variable`` sees only variable scopes,
    ``tf.Variable`` every enclosing scope.  None when a scope name is not a literal."""
    parts = []
    for kind, scope in ctx.scopes:
        if variable_scopes_only and kind != "var":
            continue
        if scope is None:
            return None
        parts.append(scope)
    return "/".join(parts + [base])


def _argument(call: nodes.Call, position: int, keyword: str) -> nodes.NodeNG | None:
    found = _keyword(call, keyword)
    if found is not None:
        return found
    if len(call.args) > position and not isinstance(call.args[position], nodes.Starred):
        if any(isinstance(a, nodes.Starred) for a in call.args[:position]):
            return None
        return call.args[position]
    return None


def _keyword(call: nodes.Call, name: str) -> nodes.NodeNG | None:
    for keyword in call.keywords or ():
        if keyword.arg == name:
            return keyword.value
    return None


def _is_const(node: nodes.NodeNG, values: tuple) -> bool:
    return isinstance(node, nodes.Const) and any(node.value is v for v in values)


def _literal_string(node: nodes.NodeNG | None) -> str | None:
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return node.value
    return None

