"""Walk each frame in execution order and record the events of ``program``.

One walk per frame, memoised: a call to a function of this file walks that function first and
adds *proxies* of what it does in its caller's graph (variables, savers) at the call site, so
"created later in the same graph" works through helpers, methods on ``self`` and constructors.
"""

from __future__ import annotations

import sys
from fnmatch import fnmatchcase

from astroid import nodes

from ..catalog import spelling, tf1
from ..syntax.resolve import (
    Resolver,
    assigned_value,
    enclosing_class,
    find_method,
    is_instance_method,
    is_self_attribute,
    is_within,
    lookup,
    reaching_bindings,
)
from ..syntax.calls import argument_at
from ..syntax.tree import node_index
from . import program as p
from .context import NO_CONTEXT, CallContext, call_context, decide, known_argument, parameter_named, test_form
from .escapes import parameter_may_save, saver_spellings
from .flow import EXIT_FUNCTIONS, FRAME_DEFAULT, Exits, runs_once, weakest, with_markers
from .flow import Context as _Context
from .project_calls import ProjectCalls, ProjectLookups, ProjectQuestions
from .tf_calls import TfCalls, _is_const, _keyword, _literal_string

# Distinct calling contexts walked per function before its plain frame serves every call: a
# helper called with many literal combinations stays linear in its calls.
MAX_CONTEXTS_PER_FUNCTION = 8
# Methods that never create variables, on whatever object: keeps OpaqueCall for real unknowns.
# Expressions with no sub-expression, so no call to walk into (half of those walked)
_NOTHING_INSIDE = frozenset({nodes.Name, nodes.Const, nodes.AssignName})
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


class ProgramBuilder(ProjectLookups):
    def __init__(
        self, module: nodes.Module, variable_creators: tuple[str, ...] = (), saver_factories: tuple[str, ...] = (),
        source: str | None = None, project: ProjectQuestions | None = None,
    ) -> None:
        self.module = module
        # Spellings a Saver may be passed around under (see ``may_name_saver``); made when first
        # asked (many files never pass anything that could be one).
        self._source = source
        self._saver_spellings: frozenset[str] | None = None
        # The file's view of the other modules of its project (``crossmodule.view``), or None.
        self.project = project
        self.project_effects: dict[int, object] = {}  # event id -> the summary effect it stands for
        self._project_instances: dict[int, tuple] = {}
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
        self.met_recursion = False
        self._returns: dict[int, nodes.NodeNG | None] = {}
        self._return_index: dict[int, list[nodes.Return]] | None = None
        self._enters_graph: dict[int, bool] = {}
        # Frames of functions walked in a calling context that decided something (``context``):
        # private to the call sites that replay them, never among the program's frames.
        self._context_frames: dict[tuple[int, CallContext], p.Frame | None] = {}
        self._contexts_walked: dict[int, int] = {}

    # ---- entry ---------------------------------------------------------------------------
    def build(self, functions: list[nodes.FunctionDef] | None = None) -> p.Program:
        """The whole module; or, for a summary of it (``crossmodule.summarise``), only ``functions``
        and what they call."""
        if functions is None:
            module_graph = p.GraphId(p.GraphKind.DEFAULT, id(self.module), 0, label="the default graph")
            self._walk_frame(self.module, module_graph)
            functions = _function_definitions(self.module)
        for func in functions:
            self.frame_of(func)
        frames = sorted(self.frames.values(), key=lambda f: (f.node.fromlineno or 0))
        self._link(frames)
        self.disables_eager = self.disables_eager or self.project_disables_eager(frames)
        return p.Program(self.module, frames, self.disables_eager, source=self._source)

    def frame_of(self, func: nodes.FunctionDef, context: CallContext = NO_CONTEXT) -> p.Frame | None:
        """The walked frame of ``func`` (None while it is being walked: recursion); in a calling
        context, the frame of that context when the context decided something, else the plain
        one.  Past ``MAX_CONTEXTS_PER_FUNCTION`` contexts of one function, the plain frame."""
        if context and id(func) not in self._in_progress:
            key = (id(func), context)
            if key in self._context_frames:
                found = self._context_frames[key]
                return found if found is not None else self.frame_of(func)
            if self._contexts_walked.get(id(func), 0) < MAX_CONTEXTS_PER_FUNCTION:
                self._contexts_walked[id(func)] = self._contexts_walked.get(id(func), 0) + 1
                frame = self._walk_frame(func, self._caller_entry(func), context)
                self._context_frames[key] = frame
                if frame is not None:
                    return frame
        if id(func) in self.frames:
            return self.frames[id(func)]
        if id(func) in self._in_progress:
            self.met_recursion = True  # what the frames in this cycle hold depends on walk order
            return None
        return self._walk_frame(func, self._caller_entry(func))

    @staticmethod
    def _caller_entry(func: nodes.FunctionDef) -> p.GraphId:
        return p.GraphId(p.GraphKind.CALLER, id(caller_key(func)), 0, label="the caller's default graph")

    def _walk_frame(self, node: nodes.NodeNG, entry: p.GraphId, context: CallContext = NO_CONTEXT) -> p.Frame | None:
        """Walk one frame.  In a context, None when the context decided nothing (the plain
        frame says the same)."""
        self._in_progress.add(id(node))
        frame = p.Frame(node, entry)
        walker = _FrameWalker(self, frame, context)
        walker.block(node.body, _Context(FRAME_DEFAULT, reuse=context.reuse))
        self._in_progress.discard(id(node))
        if context:
            return frame if walker.decided else None
        self.frames[id(node)] = frame
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
                elif isinstance(event, p.SessionRun) and event.origin is None:
                    event.session = self.session_of(event.receiver)
        for frame in frames:  # proxies run in their root's session (linked above)
            for event in frame.events:
                if isinstance(event, p.SessionRun) and event.origin is not None:
                    event.session = event.root.session

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
            returns = self._returns_by_function().get(id(func), [])
            self._returns[id(func)] = returns[0].value if len(returns) == 1 else None
        return self._returns[id(func)]

    def _returns_by_function(self) -> dict[int, list[nodes.Return]]:
        if self._return_index is None:
            index = node_index(self.module)
            returns = index.returns if index is not None else self.module.nodes_of_class(nodes.Return)
            self._return_index = {}
            for found in returns:
                self._return_index.setdefault(id(found.scope()), []).append(found)
        return self._return_index

    def saver_call(self, expr: nodes.NodeNG) -> nodes.Call | None:
        """The call that built the Saver ``expr`` refers to: ``tf.train.Saver(...)``,
        ``import_meta_graph(...)``, or a configured ``--tfsaver-saver-factories`` call."""
        call = self.construction(expr, tf1.SAVER | tf1.IMPORT_META_GRAPH)
        if call is None:
            value = self.value(expr)
            if isinstance(value, nodes.Call) and self.is_saver_factory(value):
                call = value
        if call is None:
            call = self.project_saver(expr)
        if call is None and is_self_attribute(expr):
            # ``self.saver = None`` in ``__init__``, the Saver assigned later (deepxde): wherever
            # ``self.saver.save()`` can save, ``self.saver`` is that Saver.
            values = self.resolver.self_attribute_values(expr) or []
            built = [v for v in values if not _is_const(v, (None,))]
            if len(built) == 1 and len(built) < len(values):
                call = self.construction(built[0], tf1.SAVER | tf1.IMPORT_META_GRAPH)
        if call is None and isinstance(expr, nodes.Name):
            saver = self._one_of_a_kind(expr, tf1.SAVER, self.savers, lambda s: (s.var_list, s.defer_build))
            call = saver.node if saver is not None else None
        return call

    def may_name_saver(self, expr: nodes.NodeNG) -> bool:
        """Cheap text test before resolving an argument: could this name or attribute hold a Saver?"""
        if self._source is None:
            return True
        if self._saver_spellings is None:
            self._saver_spellings = saver_spellings(self._source, self.saver_factories)
        spelled = expr.name if isinstance(expr, nodes.Name) else getattr(expr, "attrname", None)
        return spelled in self._saver_spellings

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

    def _one_of_a_kind(self, name: nodes.Name, apis: frozenset[str], table: dict, alike=lambda event: ()):
        """A name bound in several places (``try: saver = Saver(tf.global_variables()) except
        AttributeError: saver = Saver(tf.all_variables())``, a session made in either arm of an
        ``if``): when every binding that reaches the use is such an object already made (in
        ``table``) in one graph, and ``alike`` says they are the same kind (what a Saver
        collects), the first stands for them all."""
        values = self.resolver.candidate_values(name)
        if not values or len(values) < 2:
            return None
        made = [table.get(id(self.construction(v, apis))) for v in values]
        first = made[0]
        if first is None or first.graph is None:
            return None
        if any(m is None or m.graph != first.graph or alike(m) != alike(first) for m in made[1:]):
            return None
        return first

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
        call = self.session_call(expr) if expr is not None else None
        return self.sessions.get(id(call)) if call is not None else None

    def session_call(self, expr: nodes.NodeNG) -> nodes.Call | None:
        """The ``tf.Session(...)`` call ``expr`` is (or stands for, see ``_one_of_a_kind``)."""
        call = self.construction(expr, tf1.SESSIONS)
        if call is None and isinstance(expr, nodes.Name):
            session = self._one_of_a_kind(expr, tf1.SESSIONS, self.sessions)
            call = session.node if session is not None else None
        return call

    def graph_of(self, expr: nodes.NodeNG, ctx: _Context) -> p.GraphId | None:
        """The graph an expression evaluates to: ``tf.Graph()``, a name bound to one,
        ``sess.graph``, ``tf.get_default_graph()``, ``X.as_default()``."""
        value = self.value(expr)
        if isinstance(value, nodes.Call):
            api = self.resolver.api(value.func)
            if api is not None and api.name in tf1.GRAPH:
                return self._graph_object(value, expr)
            if api is not None and api.name in tf1.GET_DEFAULT_GRAPH:
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
        return p.GraphId(p.GraphKind.SYMBOLIC, hash((id(klass), expr.attrname)), label=f"graph `{expr.as_string()}`")

    def _graph_object(self, call: nodes.Call, spelled: nodes.NodeNG) -> p.GraphId:
        owner = 0
        scope = call.scope()
        if isinstance(scope, nodes.FunctionDef) and enclosing_class(call) is None:
            owner = id(caller_key(scope))
        if isinstance(spelled, (nodes.Name, nodes.Attribute)) and spelled is not call:
            label = f"graph `{spelled.as_string()}` (made on line {call.lineno})"
        else:
            label = f"the graph made on line {call.lineno}"
        return p.GraphId(p.GraphKind.OBJECT, id(call), 0, owner, label, made_in=id(scope), creation=call)

    def enters_graph(self, func: nodes.FunctionDef) -> bool:
        """A function of this file (say a ``@contextmanager``) that makes, enters or resets a graph:
        inside ``with func():`` the default graph is not the caller's."""
        if id(func) not in self._enters_graph:
            self._enters_graph[id(func)] = any(
                (isinstance(call.func, nodes.Attribute) and call.func.attrname == "as_default")
                or (self.resolver.api(call.func) is not None
                    and self.resolver.api(call.func).name in tf1.GRAPH | tf1.RESET_DEFAULT_GRAPH | tf1.SESSIONS)
                for call in func.nodes_of_class(nodes.Call)
            )
        return self._enters_graph[id(func)]

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
                if binding.level or binding.modname.split(".")[0] not in _SAFE_TOP_LEVEL | spelling.TF_TOP_LEVEL_MODULES:
                    return True
            elif isinstance(binding, nodes.Import):
                for modname, _ in binding.names:
                    if modname.split(".")[0] not in _SAFE_TOP_LEVEL | spelling.TF_TOP_LEVEL_MODULES:
                        return True
        return False


def caller_key(func: nodes.FunctionDef) -> nodes.NodeNG:
    """Methods of one class share the caller's default graph; other functions have their own."""
    if is_instance_method(func):
        return func.parent
    return func


class _FrameWalker(TfCalls, ProjectCalls):
    """Visits one frame's statements in execution order."""

    def __init__(self, builder: ProgramBuilder, frame: p.Frame, context: CallContext = NO_CONTEXT) -> None:
        self.b = builder
        self.r = builder.resolver
        self.frame = frame
        # The calling context this frame is walked in, and whether it decided anything (a branch,
        # a ``reuse``): a context that decided nothing leaves the plain frame in charge.
        self.context = context
        self.decided = False
        self.ruled_out: list[nodes.NodeNG] = []  # statements of the arms the context rules out
        self.seq = 0
        self.epoch = 0
        self.called_layers: set[int] = set()
        self.exits = Exits(self._exits_process)
        self.handled_calls: set[int] = set()  # calls recorded as save/restore/run events
        self.reset_lines: list[int] = []  # where the default graph was reset (for messages)

    def value(self, expr: nodes.NodeNG) -> nodes.NodeNG | None:
        """``builder.value``, and in a calling context that ruled an arm out, the value of a
        name whose only binding left is in the arms it takes (``opt = AdamOptimizer()`` when the
        call's ``name="adam"`` rules out ``opt = GradientDescentOptimizer()``)."""
        found = self.b.value(expr)
        if found is not None or not self.ruled_out or not isinstance(expr, nodes.Name):
            return found
        bindings = reaching_bindings(expr) or []
        left = [b for b in bindings if not any(is_within(b, arm) for arm in self.ruled_out)]
        if len(left) != 1 or len(left) == len(bindings):
            return None
        assigned = assigned_value(left[0])
        return self.b.value(assigned) if assigned is not None else None

    # ---- recording ----------------------------------------------------------------------
    def remember(self, table: dict, key: int, event: p.Event) -> None:
        """Record ``event`` in one of the builder's tables by node; a frame walked in a calling
        context never replaces the plain frame's entry (rules read the plain frames)."""
        if not self.context or key not in table:
            table[key] = event

    def add(self, cls: type, node: nodes.NodeNG, ctx: _Context, **details) -> p.Event:
        self.seq += 1
        graph = self.current_graph(ctx)
        event = cls(node, self.frame, self.seq, graph, ctx.branches, ctx.loops, ctx.loop_depths, ctx.final_loops,
                    **details)
        self.frame.events.append(event)
        return event

    def current_graph(self, ctx: _Context) -> p.GraphId | None:
        if ctx.graph is not FRAME_DEFAULT:
            return ctx.graph
        entry = self.frame.entry_graph
        if self.epoch == 0:
            return entry
        label = f"the default graph after `reset_default_graph()` on line {self.reset_lines[-1]}"
        return p.GraphId(entry.kind, entry.key, self.epoch, entry.owner, label)

    def graph_context(self, graph: p.GraphId | None, ctx: _Context) -> _Context:
        return ctx.evolve(graph=graph)

    # ---- statements (control flow and exit markers: see ``flow``) -------------------------
    def block(self, statements: list[nodes.NodeNG], ctx: _Context) -> _Context:
        ctx = self.exits.entering(statements, ctx)
        for statement in statements:
            ctx = self.statement(statement, ctx)
            if self.exits.leaves(statement):
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
            return self.if_statement(node, ctx)
        if isinstance(node, (nodes.For, nodes.While)):
            return self.loop_statement(node, ctx)
        if isinstance(node, nodes.Try):
            return self.try_statement(node, ctx)
        if isinstance(node, nodes.With):
            inner = ctx
            for context_expr, _ in node.items:
                inner = self.enter_context(context_expr, inner)
            after = with_markers(ctx, (inner, self.block(node.body, inner)))
            for context_expr, _ in node.items:
                session = self.b.sessions.get(id(context_expr))
                if session is not None:  # the session is closed when the block ends
                    self.add(p.SessionClose, node, after, session=session)
            return after
        if isinstance(node, nodes.Return) and node.value is not None:
            self.expression(node.value, ctx)
            self.returned_savers(node.value, ctx)
            return ctx
        for child in node.get_children():
            if isinstance(child, (nodes.FunctionDef, nodes.ClassDef, nodes.Lambda)):
                continue
            self.expression(child, ctx)
        return ctx

    def if_statement(self, node: nodes.If, ctx: _Context) -> _Context:
        self.expression(node.test, ctx)
        body_code, orelse_code = node.body, node.orelse
        taken = decide(node.test, self.context, self.frame.node)
        if taken is not None:  # the call's arguments decide the test: the other branch never runs
            self.decided = True
            self.ruled_out += orelse_code if taken else body_code
            body_code, orelse_code = (body_code, []) if taken else ([], orelse_code)
        body_start, orelse_start = ctx.branch(node, 0), ctx.branch(node, 1)
        body = (body_start, self.block(body_code, body_start))
        orelse = (orelse_start, self.block(orelse_code, orelse_start))
        body_leaves, orelse_leaves = self.exits.leaves_block(body_code), self.exits.leaves_block(orelse_code)
        if body_leaves and not orelse_leaves:
            after = with_markers(ctx, orelse)
            return after.evolve(branches=after.branches + (self.exits.marker(id(node), 1, body_leaves),))
        if orelse_leaves and not body_leaves:
            after = with_markers(ctx, body)
            return after.evolve(branches=after.branches + (self.exits.marker(id(node), 0, orelse_leaves),))
        return with_markers(ctx, body, orelse)

    def loop_statement(self, node: nodes.For | nodes.While, ctx: _Context) -> _Context:
        self.expression(node.iter if isinstance(node, nodes.For) else node.test, ctx)
        loop_ctx = ctx if runs_once(node) else ctx.in_loop(node)
        body_end, breaks = self.exits.after_loop(loop_ctx, self.block(node.body, loop_ctx))
        orelse_start = ctx.evolve(branches=ctx.branches + breaks)  # ``else``: no ``break`` ran
        orelse_end = self.block(node.orelse, orelse_start)
        return with_markers(ctx, (loop_ctx, body_end), (orelse_start, orelse_end))

    def try_statement(self, node: nodes.Try, ctx: _Context) -> _Context:
        body_start = ctx.branch(node, 0)
        self.exits.in_try += bool(node.handlers)
        parts = [(body_start, self.block(node.body, body_start))]
        self.exits.in_try -= bool(node.handlers)
        for index, handler in enumerate(node.handlers, start=1):
            start = ctx.branch(node, index)
            parts.append((start, self.block(handler.body, start)))
        parts.append((body_start, self.block(node.orelse, body_start)))
        parts.append((ctx, self.block(node.finalbody, ctx)))  # runs on every path
        after = with_markers(ctx, *parts)
        handler_exit = weakest([self.exits.leaves_block(h.body) for h in node.handlers])
        if handler_exit:  # every handler leaves: what follows ran without one
            after = after.evolve(branches=after.branches + (self.exits.marker(id(node), 0, handler_exit),))
        return after

    def _exits_process(self, call: nodes.Call) -> bool:
        if isinstance(call.func, nodes.Name) and call.func.name in ("exit", "quit"):
            try:
                return not lookup(call.func)[1]  # the builtin, not a name of the file
            except Exception:
                return False
        return self.r.qualified_name(call.func) in EXIT_FUNCTIONS

    def enter_context(self, expr: nodes.NodeNG, ctx: _Context) -> _Context:
        """Evaluate one ``with`` item and return the context its body runs in."""
        self.expression(expr, ctx)
        if not isinstance(expr, nodes.Call):
            return ctx
        api = self.r.api(expr.func)
        if api is not None and api.name in tf1.SESSIONS:
            session = self.b.sessions.get(id(expr))
            return self.graph_context(session.graph if session else None, ctx)
        if api is not None and api.name in tf1.VARIABLE_SCOPE:
            reuse = _keyword(expr, "reuse")
            reusing = self.reuses(reuse)
            scope = ("var", _literal_string(argument_at(expr, 0, "name_or_scope")))
            return ctx.in_variable_scope(scope, reusing, self.open_reuse_test(reuse) if reusing else None)
        if api is not None and api.name in tf1.NAME_SCOPE:
            scope = ("name", _literal_string(argument_at(expr, 0, "name")))
            return ctx.evolve(scopes=ctx.scopes + (scope,))
        if api is not None and api.name in tf1.GRAPH_NEUTRAL_CONTEXTS:
            return ctx
        if isinstance(expr.func, nodes.Attribute) and expr.func.attrname == "as_default":
            target = expr.func.expr
            if self.b.session_of(target) is not None:
                return ctx  # ``sess.as_default()`` keeps the default graph
            graph = self.b.graph_of(target, ctx)
            return self.graph_context(self.current_graph(self.graph_context(graph, ctx)), ctx)
        definition = self.r.local_definition(expr.func) or self._instance_method(expr.func)
        if isinstance(definition, nodes.FunctionDef) and self.b.enters_graph(definition):
            return self.graph_context(None, ctx)  # our own context manager that enters some graph
        return ctx

    def reuses(self, reuse: nodes.NodeNG | None) -> bool:
        """Whether a ``reuse=`` argument reuses variables: not when absent, ``None`` or ``False``,
        nor when it is a parameter the calling context sets false; otherwise it may."""
        if reuse is None or _is_const(reuse, (None, False)):
            return False
        if self.context and isinstance(reuse, nodes.Name):
            parameter = parameter_named(reuse, self.frame.node)
            known = self.context.value(parameter) if parameter is not None else None
            if known is not None:
                self.decided = self.decided or not known.truth
                return known.truth
        return True

    def open_reuse_test(self, reuse: nodes.NodeNG | None) -> tuple | None:
        """``reuse=<parameter>`` that the calling context leaves open: its test form (a summary's
        caller may decide it); None for any other ``reuse=`` argument."""
        form = test_form(reuse, self.frame.node) if isinstance(reuse, nodes.Name) else None
        if form is None or (self.context and self.context.value(form[1]) is not None):
            return None
        return form

    def context_for(self, call: nodes.Call, definition: nodes.FunctionDef, ctx: _Context) -> CallContext:
        """The calling context ``call`` gives a function of this file (``graph.context``)."""
        return call_context(
            call, definition, lambda expr: known_argument(expr, self.r, self.context, self.frame.node), ctx.reuse,
        )

    # ---- expressions --------------------------------------------------------------------
    def expression(self, node: nodes.NodeNG, ctx: _Context) -> None:
        if type(node) in _NOTHING_INSIDE or isinstance(node, (nodes.Lambda, nodes.FunctionDef, nodes.ClassDef)):
            return
        if isinstance(node, (nodes.ListComp, nodes.SetComp, nodes.DictComp, nodes.GeneratorExp)):
            loop_ctx = ctx.in_loop(node)
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
            self.saver_escapes(node, ctx)
            return
        for child in node.get_children():
            self.expression(child, ctx)

    # ---- where a Saver may save -----------------------------------------------------------
    def saver_escapes(self, call: nodes.Call, ctx: _Context) -> None:
        """A Saver handed to a call may save later (``Supervisor(saver=)``, ``Scaffold(saver=)``,
        ``CheckpointSaverHook(saver=)`` keep it; a function of unknown effect may save with it);
        a session handed to a call may be initialized or restored there."""
        arguments = [a for a in call.args if isinstance(a, (nodes.Name, nodes.Attribute))]
        arguments += [k.value for k in call.keywords or () if isinstance(k.value, (nodes.Name, nodes.Attribute))]
        for argument in arguments:
            saver = self.b.saver_call(argument) if self.b.may_name_saver(argument) else None
            if saver is not None:
                kind = self._escape_kind(call, argument)
                if kind is not None:
                    self.add(p.SaverUse, call, ctx, saver_node=saver, how=p.UseKind.ESCAPE, stored=kind == "stored")
                continue
            if self.b.sessions and id(call) not in self.handled_calls and self.r.api(call.func) is None:
                session = self.b.session_of(argument)
                if session is not None and not self._harmless(call):
                    self.add(p.SessionHandOff, call, ctx, session=session)

    def _escape_kind(self, call: nodes.Call, argument: nodes.NodeNG) -> str | None:
        """``"stored"``: kept by a TF object that saves with it later; ``"maybe"``: code of unknown
        effect, or of this file, that may save with it now; None: it cannot save with it."""
        if self._harmless(call):
            return None
        api = self.r.api(call.func)
        if api is not None:
            if api.name in tf1.SAVER_KEEPERS:
                return "stored"
            if api.name in tf1.ADD_TO_COLLECTION and call.args and "SAVERS" in call.args[0].as_string():
                return "stored"
            return None  # other TF functions (logging, summaries, ...) do not save with it
        definition = self.r.local_definition(call.func) or self._instance_method(call.func)
        if definition is not None and not parameter_may_save(definition, call, argument):
            return None  # a function of this file that only restores with it, or ignores it
        return "maybe"

    def returned_savers(self, value: nodes.NodeNG, ctx: _Context) -> None:
        """``return saver`` (alone, in a tuple or a dict): callers this file does not show may save."""
        if not isinstance(self.frame.node, nodes.FunctionDef):
            return
        items = [value]
        if isinstance(value, (nodes.Tuple, nodes.List)):
            items = value.elts
        elif isinstance(value, nodes.Dict):
            items = [v for _, v in value.items]
        for item in items:
            saver = self.b.saver_call(item) if isinstance(item, (nodes.Name, nodes.Attribute, nodes.Call)) else None
            if saver is not None:
                self.add(p.SaverUse, item, ctx, saver_node=saver, how=p.UseKind.RETURN)

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
        if self.project_call(call, ctx):  # another module of the project (graph/project_calls.py)
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
        if self.b.is_saver_factory(call):
            self.remember(self.b.savers, id(call), self.add(p.SaverConstruction, call, ctx, spelling=call.func.as_string()))
            return True
        if self.b.is_variable_creator(call):
            self.add(p.VariableCreation, call, ctx, description=f"the variables of `{call.func.as_string()}()`")
            return True
        return False

    def _instance_method(self, func: nodes.NodeNG) -> nodes.FunctionDef | None:
        """``model.train()`` where ``model`` is an instance of a class of this file."""
        if not isinstance(func, nodes.Attribute):
            return None
        klass = self.r.instance_class(func.expr)
        return find_method(klass, func.attrname) if klass is not None else None

    def local_call(self, call: nodes.Call, definition: nodes.NodeNG, ctx: _Context) -> None:
        """Add proxies for what a function/constructor of this file does in the caller's graph."""
        if isinstance(definition, nodes.ClassDef):
            definition = find_method(definition, "__init__")
            if definition is None:
                return
        callee = self.b.frame_of(definition, self.context_for(call, definition, ctx))
        if callee is None:
            return
        if id(callee.node) not in self.b.frames or self.b.frames[id(callee.node)] is not callee:
            self.decided = True  # replayed from a frame its context decided: this one differs too
        if callee not in self.frame.callees:
            self.frame.callees.append(callee)
        entry = callee.entry_graph
        for event in callee.events:  # in the callee's order: saves before/after its variables
            # the callee's branches, keyed per call site: two calls do not share their ``if``s
            proxy_ctx = ctx.evolve(branches=ctx.branches + tuple(((id(call), k), i) for k, i in event.branches))
            if isinstance(event, p.SaverUse):
                if event.how is not p.UseKind.RETURN:  # whatever the graph: the Saver is known by its node
                    self.add(p.SaverUse, call, proxy_ctx, **p.proxy_fields(event))
                continue
            if isinstance(event, p.SessionRun) and (event.initializers or event.runs_variable_initializer):
                # e.g. a helper that initializes variables in a module-level session
                self.add(p.SessionRun, call, proxy_ctx, **p.proxy_fields(event))
                continue
            if event.graph != entry:
                continue  # ran in a graph the callee made or switched to
            if isinstance(event, (p.VariableCreation, p.OpaqueCall)):
                self.add(type(event), call, proxy_ctx, **p.proxy_fields(event))
            elif isinstance(event, p.SaverConstruction):
                proxy = self.add(p.SaverConstruction, call, proxy_ctx, **p.proxy_fields(event))
                if not self.context:  # call sites of context frames are not the program's
                    self.b.proxies.setdefault(id(call), []).append(proxy)
        if callee.resets_graph and ctx.graph is FRAME_DEFAULT:
            self.epoch += 1
            self.reset_lines.append(call.lineno)
        if is_self_attribute(call.func):
            # A subclass (possibly in another module) may override the method: besides what this
            # file's version does, anything may happen.
            self.add(p.OpaqueCall, call, ctx)


def _function_definitions(module: nodes.Module) -> list[nodes.FunctionDef]:
    """Every ``def`` of the module, in source order.  A ``def`` is a statement, so only statement
    bodies are searched (several times cheaper than walking every expression)."""
    found, stack = [], [module]
    while stack:
        node = stack.pop()
        if isinstance(node, nodes.FunctionDef):
            found.append(node)
        children = []
        for field in ("body", "handlers", "orelse", "finalbody", "cases"):  # astroid's order
            found_here = getattr(node, field, None)
            if isinstance(found_here, list):
                children += found_here
        stack.extend(reversed(children))
    return found
