"""The TF API calls of a frame's walk: what each catalogued call, method and layer adds to the
timeline (Savers, sessions, variables, initializers, checkpoint calls).  A mixin of the builder's
frame walker, which provides ``add``, ``b`` (the builder), ``r`` (the resolver) and the graph
bookkeeping."""

from __future__ import annotations

from astroid import nodes

from ..catalog import spelling, tf1
from ..syntax.calls import argument_at
from ..syntax.memo import built_once
from ..syntax.resolve import assigned_value, reaching_bindings
from . import program as p
from .dataflow import fetch_sources
from .flow import FRAME_DEFAULT, Context


class TfCalls:
    """Events for calls the catalog knows (``catalog``)."""

    def api_call(self, call: nodes.Call, api: spelling.ApiName, ctx: Context) -> None:
        name = api.name
        spelled = call.func.as_string  # a function, called only where needed: most TF calls (ops) never need it
        if name in tf1.SAVER:
            var_list = argument_at(call, 0, "var_list")
            defer = _keyword(call, "defer_build")
            event = self.add(
                p.SaverConstruction, call, ctx, spelling=spelled(),
                var_list=self._var_list_kind(var_list), via_compat_v1=api.via_compat_v1,
                defer_build=defer is not None and _is_const(defer, (True,)),
                built_once=built_once(call),
            )
            self.remember(self.b.savers, id(call), event)
        elif name in tf1.SESSIONS:
            graph_arg = argument_at(call, 1, "graph")
            graph = ctx.graph if graph_arg is None else self.b.graph_of(graph_arg, ctx)
            event = self.add(p.SessionCreation, call, self.graph_context(graph, ctx), spelling=spelled())
            self.remember(self.b.sessions, id(call), event)
        elif name in tf1.RESET_DEFAULT_GRAPH:
            if ctx.graph is FRAME_DEFAULT:
                self.add(p.GraphReset, call, ctx)
                self.epoch += 1
                self.reset_lines.append(call.lineno)
                self.frame.resets_graph = True
        elif name in tf1.VARIABLE_CONSTRUCTORS:
            get_like = name in tf1.GET_VARIABLE_LIKE
            if ctx.reuse and get_like:
                self.decided = self.decided or self.context.reuse  # the caller's reuse scope decided it
            if _keyword(call, "collections") is not None:
                self.add(p.OpaqueCall, call, ctx)  # may make a local variable no Saver covers: unsure
                return
            var_name = _literal_string(argument_at(call, 0, "name") if get_like else _keyword(call, "name"))
            description = f"variable `{var_name}`" if var_name else f"the variable from `{spelled()}()`"
            creation = dict(description=description, is_global_step=var_name == "global_step",
                            full_name=_full_name(ctx, var_name or "Variable", get_like) if (var_name or not get_like) else None,
                            auto_named=var_name is None)
            if ctx.reuse and get_like:
                self.may_reuse(call, ctx, creation)  # may return an existing variable: unsure
                return
            self.add(p.VariableCreation, call, ctx, **creation)
        elif name in tf1.CREATE_GLOBAL_STEP or name in tf1.GET_OR_CREATE_GLOBAL_STEP:
            self.add(p.VariableCreation, call, ctx, description="the global step", is_global_step=True,
                     full_name="global_step",
                     may_exist_already=name in tf1.GET_OR_CREATE_GLOBAL_STEP)
        elif name in tf1.LAYER_FUNCTIONS:
            self.decided = self.decided or (ctx.reuse and self.context.reuse)
            creation = dict(description=f"the variables of `{spelled()}()`")
            if ctx.reuse:  # its own ``reuse=`` cannot turn the scope's off
                self.may_reuse(call, ctx, creation if _keyword(call, "reuse") is None else None)
            elif self.reuses(_keyword(call, "reuse")):
                self.add(p.OpaqueCall, call, ctx)
            else:
                self.add(p.VariableCreation, call, ctx, **creation)
        elif name in tf1.INITIALIZERS:
            snapshot = name in tf1.SNAPSHOT_INITIALIZERS
            covers_all = snapshot or self._var_list_kind(argument_at(call, 0, "var_list")) is p.VarList.SNAPSHOT
            event = self.add(p.InitializerCreation, call, ctx, spelling=spelled(),
                             snapshot=snapshot, covers_all=covers_all)
            self.remember(self.b.initializers, id(call), event)
        elif name in tf1.IMPORT_META_GRAPH:
            path = argument_at(call, 0, "meta_graph_or_file")
            self.add(p.MetaGraphImport, call, ctx, spelling=spelled(),
                     path_suffix=self.static_suffix(path) if path is not None else None)
            self.add(p.OpaqueCall, call, ctx)  # it adds the meta graph's variables
        elif name in tf1.DISABLE_EAGER:
            self.b.disables_eager = True
        elif name in tf1.RNN_FUNCTIONS:
            self.rnn_call(call, ctx)
        elif name in tf1.TRAIN_OP_HELPERS:
            self.train_op_helper(call, name, ctx)
        elif name.startswith(tf1.LOCAL_VARIABLE_PREFIXES) or name in tf1.LOCAL_VARIABLE_FUNCTIONS:
            pass  # local variables only: neither saved nor globally initialized
        elif name not in tf1.OP_ONLY and name not in tf1.GRAPH | tf1.GET_DEFAULT_GRAPH:
            self.add(p.OpaqueCall, call, ctx)

    def may_reuse(self, call: nodes.Call, ctx: Context, creation: dict | None) -> None:
        """A creation under a reusing scope: unknown, but when only an open ``reuse=<parameter>``
        makes the scope reuse, the event keeps what it creates otherwise (``creation``), for a
        summary."""
        if ctx.reuse_test is None or creation is None:
            self.add(p.OpaqueCall, call, ctx)
        else:
            self.add(p.OpaqueCall, call, ctx, reuse_test=ctx.reuse_test, withheld=tuple(creation.items()))

    def rnn_call(self, call: nodes.Call, ctx: Context) -> None:
        """``tf.nn.dynamic_rnn(cell, ...)`` builds the cell's weights on its first use."""
        cell = argument_at(call, 0, "cell") or _keyword(call, "cell_fw")
        value = self.b.value(cell) if cell is not None else None
        if not self._rnn_cell(value) or ctx.reuse or id(value) in self.called_layers:
            self.add(p.OpaqueCall, call, ctx)  # a cell of unknown history may already be built
            return
        self.called_layers.add(id(value))
        self.add(p.VariableCreation, call, ctx, description=f"the RNN cell weights of `{call.func.as_string()}()`")

    def _rnn_cell(self, value: nodes.NodeNG | None) -> bool:
        """A cell this file builds with a known TF cell class (its weights come on first use)."""
        if not isinstance(value, nodes.Call):
            return False
        api = self.r.api(value.func)
        return api is not None and api.name in tf1.RNN_CELL_CLASSES

    def train_op_helper(self, call: nodes.Call, name: str, ctx: Context) -> None:
        """``create_train_op(loss, AdamOptimizer())`` / ``optimize_loss(..., optimizer="Adam")``."""
        optimizer = argument_at(call, 1, "optimizer") if "create_train_op" in name else argument_at(call, 3, "optimizer")
        short = None
        value = self.b.value(optimizer) if optimizer is not None else None
        if isinstance(value, nodes.Const) and isinstance(value.value, str):
            short = tf1.SLOT_OPTIMIZER_NAMES.get(value.value)
        elif isinstance(value, nodes.Call):
            api = self.r.api(value.func)
            short = tf1.SLOT_OPTIMIZERS.get(api.name) if api is not None else None
        if short is None:
            self.add(p.OpaqueCall, call, ctx)
            return
        self.add(p.VariableCreation, call, ctx, description=f"{short} slot variables from `{call.func.as_string()}()`")

    def _var_list_kind(self, var_list: nodes.NodeNG | None) -> p.VarList:
        if var_list is None or _is_const(var_list, (None,)):
            return p.VarList.ALL
        value = self.b.value(var_list)
        if isinstance(value, nodes.Call):
            api = self.r.api(value.func)
            if api is not None and api.name in tf1.COLLECTION_SNAPSHOTS:
                return p.VarList.SNAPSHOT
        return p.VarList.EXPLICIT

    def method_call(self, call: nodes.Call, ctx: Context) -> bool:
        """``opt.minimize``, ``saver.save``, ``sess.run`` ...; True if handled."""
        method = call.func.attrname
        receiver = call.func.expr
        if method in tf1.OPTIMIZER_VARIABLE_METHODS:
            value = self.value(receiver)
            if isinstance(value, nodes.Call):
                api = self.r.api(value.func)
                if api is not None and api.name in tf1.SLOT_OPTIMIZERS:
                    short = tf1.SLOT_OPTIMIZERS[api.name]
                    self.add(p.VariableCreation, call, ctx,
                             description=f"{short} slot variables from `{method}()`")
                    return True
            return self.chosen_optimizer(call, method, receiver, ctx) if value is None else False
        if method == "apply" and self.b.construction(receiver, tf1.MOVING_AVERAGE_CLASSES) is not None:
            self.add(p.VariableCreation, call, ctx,
                     description=f"the moving-average variables of `{call.func.as_string()}()`")
            return True
        if method in ("save", "restore", "build"):
            saver = self.b.saver_call(receiver)
            if saver is None:
                return False
            session_expr = argument_at(call, 0, "sess") if method != "build" else None
            path_expr = argument_at(call, 1, "save_path") if method != "build" else None
            self.add(p.CheckpointCall, call, ctx, method=method, receiver=receiver,
                     session_expr=session_expr, path_expr=path_expr,
                     path_suffix=self.static_suffix(path_expr) if path_expr is not None else None,
                     path_key=self.b.path_key(path_expr) if path_expr is not None else None)
            if method == "save":
                self.add(p.SaverUse, call, ctx, saver_node=saver, how=p.UseKind.SAVE)
            self.handled_calls.add(id(call))
            return True
        if method == "run":
            if self.b.session_call(receiver) is None:
                return False
            fetches = argument_at(call, 0, "fetches")
            self.add(p.SessionRun, call, ctx, receiver=receiver, fetches=fetches,
                     initializers=self._initializers_in(fetches),
                     runs_variable_initializer=bool(self._initialized_targets(fetches)),
                     initialized=self._initialized_variables(fetches),
                     reads=fetch_sources(self.r, fetches))
            self.handled_calls.add(id(call))
            return True
        if method == "close" and not call.args:
            session = self.b.session_call(receiver)
            if session is None or id(session) not in self.b.sessions:
                return False
            self.add(p.SessionClose, call, ctx, session=self.b.sessions[id(session)])
            return True
        return False

    def chosen_optimizer(self, call: nodes.Call, method: str, receiver: nodes.NodeNG, ctx: Context) -> bool:
        """``opt.minimize()`` where this function binds ``opt`` to TF optimizers in ``if`` arms, one
        of them with slot variables (``if name == "sgd": ... else: AdamOptimizer()``): unknown
        here, as any name bound to several things, but the event keeps the arms that bind the
        slot optimizer, so that a call from another module whose arguments take them creates its
        slots (``project_calls``).  A calling context of this file that rules arms out already
        resolved ``opt`` (``value``)."""
        if not isinstance(receiver, nodes.Name) or not isinstance(self.frame.node, nodes.FunctionDef):
            return False
        bindings = reaching_bindings(receiver) or []
        if len(bindings) < 2:
            return False
        slotted = []
        for binding in bindings:
            assigned = assigned_value(binding) if binding.scope() is self.frame.node else None
            value = self.b.value(assigned) if assigned is not None else None
            api = self.r.api(value.func) if isinstance(value, nodes.Call) else None
            if api is None or api.name not in tf1.SLOT_OPTIMIZERS.keys() | tf1.SLOT_FREE_OPTIMIZERS:
                return False  # something else may reach it: unknown, as before
            if api.name in tf1.SLOT_OPTIMIZERS:
                slotted.append((binding, tf1.SLOT_OPTIMIZERS[api.name]))
        if len(slotted) != 1:
            return False
        placed = [if_arms(binding, self.frame.node) for binding in bindings]
        if any(arms is None for arms in placed) or not all(
            _exclusive(a, b) for i, a in enumerate(placed) for b in placed[i + 1:]
        ):
            return False  # a binding that may run besides the slot optimizer's: unknown, as before
        arms = placed[bindings.index(slotted[0][0])]
        self.add(p.OpaqueCall, call, ctx, from_project=self.b.is_opaque_call(call.func), arms=arms,
                 withheld=(("description", f"{slotted[0][1]} slot variables from `{method}()`"),))
        return True

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

    def _initialized_variables(self, fetches: nodes.NodeNG | None) -> frozenset[int] | None:
        """For ``sess.run([a.initializer, tf.assign(b, 0.0)])``: the creation calls of ``a`` and
        ``b`` (an assignment initializes too).  None when one of them is not known."""
        found = set()
        for target in self._initialized_targets(fetches):
            value = self.b.value(target)
            if not isinstance(value, nodes.Call):
                return None
            found.add(id(value))
        return frozenset(found)

    def _initialized_targets(self, fetches: nodes.NodeNG | None) -> list[nodes.NodeNG]:
        """``v`` of each ``v.initializer``, ``v.assign(...)``, ``tf.assign(v, ...)`` fetched."""
        if fetches is None:
            return []
        items = fetches.elts if isinstance(fetches, (nodes.List, nodes.Tuple)) else [fetches]
        targets = []
        for item in items:
            value = self.b.value(item) if isinstance(item, nodes.Name) else item
            if isinstance(value, nodes.Attribute) and value.attrname == "initializer":
                targets.append(value.expr)
            elif isinstance(value, nodes.Call) and isinstance(value.func, nodes.Attribute) and value.func.attrname == "assign":
                targets.append(value.func.expr)
            elif isinstance(value, nodes.Call) and value.args:
                api = self.r.api(value.func)
                if api is not None and api.name in tf1.ASSIGN:
                    targets.append(value.args[0])
        return targets

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

    def keras_layer_call(self, call: nodes.Call, ctx: Context) -> bool:
        """``Dense(10)(x)`` or ``layer(x)``: a Keras layer builds its weights on first call."""
        value = self.b.value(call.func)
        if not isinstance(value, nodes.Call) or id(value) in self.called_layers:
            return False
        api = self.r.api(value.func)
        if api is None or api.name not in tf1.KERAS_LAYER_CLASSES | tf1.RNN_CELL_CLASSES:
            return False
        self.called_layers.add(id(value))  # an RNN driver given this cell later builds nothing
        layer = value.func.as_string()
        kind = "RNN cell" if api.name in tf1.RNN_CELL_CLASSES else "Keras layer"
        self.add(p.VariableCreation, call, ctx, description=f"the variables of {kind} `{layer}`")
        return True


def if_arms(node: nodes.NodeNG, function: nodes.FunctionDef) -> tuple[tuple[int, int], ...] | None:
    """The ``if`` arms of ``function`` that the statement of ``node`` is in, as branch keys
    (``(id(if), 0)`` for its body, 1 for its ``else``), outermost first: it runs exactly when all
    of them are taken.  None when anything else decides whether it runs (a loop, a ``try``, a
    ``match``, an ``if`` test itself)."""
    arms = []
    child, parent = node.statement(), node.statement().parent
    while parent is not None and parent is not function:
        if isinstance(parent, nodes.If) and child is not parent.test:
            arms.append((id(parent), 0 if child in parent.body else 1))
        elif not isinstance(parent, nodes.With):
            return None
        child, parent = parent, parent.parent
    return tuple(reversed(arms)) if parent is function else None


def _exclusive(arms: tuple[tuple[int, int], ...], others: tuple[tuple[int, int], ...]) -> bool:
    """Two statements placed by ``if_arms`` never both run: they take different arms of one ``if``."""
    taken = dict(arms)
    return any(key in taken and taken[key] != index for key, index in others)


def _full_name(ctx: Context, base: str, variable_scopes_only: bool) -> str | None:
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
