"""TF 2 object-based checkpoints: which objects a ``tf.train.Checkpoint`` tracks, which
optimizers apply gradients to which objects' variables, and where both happen.

Separate from the TF 1 graph/timeline model: TF 2 has no graph order to follow.  A Checkpoint
saves the object graph reachable from its keywords *when it saves* (tracking is lazy), so what
matters is reachability and the training context of each save, not construction order.

Identity of an object is decided syntactically, with ``Resolver`` (no inference):
``("node", id(call))`` for a value bound once to a construction call, ``("self", id(class))`` for
``self`` in a method, ``("attr", id(class), name)`` for ``self.name`` assigned several times or
from something unknown, ``("binding", id(binding))`` for a parameter (the identity of the argument instead, when every
call of the function in this file passes the same object).  Every question answers
True / False / None (unsure); a rule speaks only on certain answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from astroid import nodes

from ..catalog import text, tf2
from ..syntax.calls import argument_at, argument_given
from ..syntax.resolve import Resolver, find_method, is_within, lookup
from .escapes import OptimizerEscapes
from .holdings import (
    MAX_OBJECT_DEPTH,
    Identity,
    ObjectHoldings,
    parameter_name,
    returns_of,
)

_FRAME_TYPES = (nodes.FunctionDef, nodes.Module, nodes.Lambda)
_LOOP_TYPES = (nodes.For, nodes.While, nodes.ListComp, nodes.SetComp, nodes.DictComp, nodes.GeneratorExp)


@dataclass(eq=False)
class CheckpointSite:
    """One ``tf.train.Checkpoint(...)`` call and the expressions it tracks."""

    node: nodes.Call
    spelling: str
    tracked: list[nodes.NodeNG]
    opaque: bool  # ``**kwargs`` (not a dict literal): tracks objects the file does not name


@dataclass(eq=False)
class OptimizerSite:
    """One construction of a TF 2 optimizer, and how the file spells it."""

    node: nodes.Call
    spelling: str
    identity: Identity


@dataclass(eq=False)
class TrainingStep:
    """``opt.apply_gradients(...)`` / ``opt.minimize(...)``; ``roots`` are the objects whose
    variables it trains (None when not known)."""

    node: nodes.Call
    optimizer: OptimizerSite
    roots: list[nodes.NodeNG] | None


@dataclass(eq=False)
class SaveSite:
    """``ckpt.save()`` / ``ckpt.write()`` / ``manager.save()``."""

    node: nodes.Call
    checkpoint: CheckpointSite


@dataclass(eq=False)
class FrameFacts:
    node: nodes.NodeNG
    steps: list[TrainingStep] = field(default_factory=list)
    saves: list[SaveSite] = field(default_factory=list)
    calls: list[tuple[nodes.Call, nodes.NodeNG]] = field(default_factory=list)  # (call, callee frame node)


@dataclass
class ObjectModel:
    checkpoints: list[CheckpointSite] = field(default_factory=list)
    steps: list[TrainingStep] = field(default_factory=list)
    saves: list[SaveSite] = field(default_factory=list)
    frames: dict[int, FrameFacts] = field(default_factory=dict)
    # every (save, step) where the save runs during or after a loop that runs the step
    trained_saves: list[tuple[SaveSite, TrainingStep]] = field(default_factory=list)
    builder: ObjectModelBuilder | None = field(default=None, repr=False)  # answers reachability questions


def function_or_module_of(node: nodes.NodeNG) -> nodes.NodeNG:
    """The function, lambda or module whose code runs ``node`` (a class body or a comprehension
    is looked through: its code runs as its surrounding code runs)."""
    scope = node.scope()
    while not isinstance(scope, _FRAME_TYPES) and scope.parent is not None:
        scope = scope.parent.scope()
    return scope


def loops_of(node: nodes.NodeNG, frame: nodes.NodeNG) -> list[nodes.NodeNG]:
    """Enclosing loops of ``node`` inside its frame, innermost first (comprehensions too)."""
    found = []
    parent, child = node.parent, node
    while parent is not None and parent is not frame:
        if isinstance(parent, (nodes.For, nodes.While)) and child in parent.body:
            found.append(parent)
        elif isinstance(parent, _LOOP_TYPES[2:]) and not (parent.generators and child is parent.generators[0].iter):
            found.append(parent)
        parent, child = parent.parent, parent
    return found


def in_exclusive_branches(a: nodes.NodeNG, b: nodes.NodeNG) -> bool:
    """In different branches of one ``if`` / ``try``: never both run in one pass."""
    chain_a = []
    node = a
    while node is not None:
        chain_a.append(node)
        node = node.parent
    ids = {id(n): i for i, n in enumerate(chain_a)}
    node, prev = b, None
    while node is not None and id(node) not in ids:
        node, prev = node.parent, node
    if node is None or prev is None:
        return False
    index = ids[id(node)]
    prev_a = chain_a[index - 1] if index > 0 else None
    if isinstance(node, nodes.If):
        return (prev_a in node.body) != (prev in node.body) and prev_a is not node.test and prev is not node.test
    if isinstance(node, nodes.Try):
        # the ``else`` and the handlers exclude each other; the body runs (in part) before either
        def part(child):
            if child in node.orelse:
                return "else"
            return id(child) if isinstance(child, nodes.ExceptHandler) else "other"
        return part(prev_a) != part(prev) and "other" not in (part(prev_a), part(prev))
    return False


class ObjectModelBuilder(ObjectHoldings, OptimizerEscapes):
    def __init__(self, module: nodes.Module, resolver: Resolver | None = None) -> None:
        self.module = module
        self.r = resolver or Resolver(module)
        self.model = ObjectModel()
        self._checkpoints: dict[int, CheckpointSite] = {}
        self._optimizers: dict[int, OptimizerSite] = {}
        self._trains: dict[int, set[int] | None] = {}
        self._saves: dict[int, set[int] | None] = {}
        self._loop_trains: dict[int, set[int] | None] = {}
        self.compiled: list[nodes.NodeNG] = []  # receivers of ``.compile(...)``
        self.attribute_stores: list[nodes.AssignAttr] = []
        self.names: dict[str, list[nodes.NodeNG]] = {}  # Name / Attribute nodes by spelling
        self._parameters: dict[int, list[nodes.NodeNG] | None] = {}

    # ---- one walk ------------------------------------------------------------------------
    def build(self) -> ObjectModel:
        calls = []
        for node in self.module.nodes_of_class((nodes.Call, nodes.AssignAttr, nodes.Name, nodes.Attribute)):
            if isinstance(node, nodes.Call):
                calls.append(node)
            elif isinstance(node, nodes.AssignAttr):
                self.attribute_stores.append(node)
                self.names.setdefault(node.attrname, []).append(node)
            elif isinstance(node, nodes.Name):
                self.names.setdefault(node.name, []).append(node)
            else:
                self.names.setdefault(node.attrname, []).append(node)
        for call in calls:
            api = self.api(call.func)
            if api in tf2.CHECKPOINT:
                self.checkpoint(call)
        for call in calls:
            self.visit_call(call)
        self.link()
        self.model.builder = self
        return self.model

    def api(self, expr: nodes.NodeNG) -> str | None:
        if not isinstance(expr, (nodes.Name, nodes.Attribute)):
            return None
        return tf2.tf2_name(self.r.qualified_name(expr))

    def facts(self, frame: nodes.NodeNG) -> FrameFacts:
        if id(frame) not in self.model.frames:
            self.model.frames[id(frame)] = FrameFacts(frame)
        return self.model.frames[id(frame)]

    def checkpoint(self, call: nodes.Call) -> CheckpointSite:
        if id(call) not in self._checkpoints:
            tracked = [k.value for k in call.keywords or () if k.arg is not None]
            tracked += [a for a in call.args if not isinstance(a, nodes.Starred)]
            opaque = any(isinstance(a, nodes.Starred) for a in call.args)
            for k in call.keywords or ():
                if k.arg is None and isinstance(k.value, nodes.Dict) and all(
                    isinstance(key, nodes.Const) and isinstance(key.value, str) for key, _ in k.value.items
                ):
                    tracked += [value for _, value in k.value.items]  # ``**{"step": step}``: spelled out
                elif k.arg is None:
                    opaque = True
            site = CheckpointSite(call, call.func.as_string(), tracked, opaque)
            self._checkpoints[id(call)] = site
            self.model.checkpoints.append(site)
        return self._checkpoints[id(call)]

    def visit_call(self, call: nodes.Call) -> None:
        frame = function_or_module_of(call)
        func = call.func
        if isinstance(func, nodes.Attribute):
            method = func.attrname
            if method in tf2.TRAINING_METHODS:
                step = self.training_step(call)
                if step is not None:
                    self.model.steps.append(step)
                    self.facts(frame).steps.append(step)
                    return
            elif method in tf2.CHECKPOINT_SAVE_METHODS:
                checkpoints = self.checkpoints_of(func.expr, writes=method == "write")
                for checkpoint in checkpoints:
                    save = SaveSite(call, checkpoint)
                    self.model.saves.append(save)
                    self.facts(frame).saves.append(save)
                if checkpoints:
                    return
            elif method == "compile":
                self.compiled.append(func.expr)
        callee = self.callee(func)
        if callee is not None:
            self.facts(frame).calls.append((call, callee))
        # ``strategy.run(train_step, ...)``, ``tf.function(train_step)``: a function handed on runs here
        for argument in list(call.args) + [k.value for k in call.keywords or ()]:
            if isinstance(argument, nodes.Lambda):  # ``strategy.run(lambda: step_fn(x))``
                self.facts(frame).calls.append((call, argument))
            elif isinstance(argument, (nodes.Name, nodes.Attribute)):
                passed = self.callee(argument)
                if isinstance(passed, nodes.FunctionDef):
                    self.facts(frame).calls.append((call, passed))

    def callee(self, func: nodes.NodeNG, depth: int = 0) -> nodes.FunctionDef | None:
        definition = self.r.local_definition(func)
        if definition is None and depth < 2:
            # ``compiled_step = tf.function(train_step)``: calling it runs ``train_step``
            value = self.r.single_value(func)
            if isinstance(value, nodes.Call) and value.args and self.api(value.func) in tf2.TF2_FUNCTION_WRAPPERS:
                return self.callee(value.args[0], depth + 1)
        if definition is None and isinstance(func, nodes.Attribute):
            klass = self.r.instance_class(func.expr)
            definition = find_method(klass, func.attrname) if klass is not None else None
        if isinstance(definition, nodes.ClassDef):
            definition = find_method(definition, "__init__")
        return definition if isinstance(definition, nodes.FunctionDef) else None

    # ---- values --------------------------------------------------------------------------
    def checkpoints_of(self, expr: nodes.NodeNG, writes: bool = False) -> list[CheckpointSite]:
        """The Checkpoints a save by ``expr`` may save: one, or each binding's when the name is
        bound to a Checkpoint in several places (made again in an ``except`` that restores from
        elsewhere).  Empty when any binding is something else."""
        checkpoint = self.checkpoint_of(expr, managers=True, writes=writes)
        if checkpoint is not None:
            return [checkpoint]
        values = self.r.candidate_values(expr)
        if not values or len(values) < 2:
            return []
        found = [self.checkpoint_of(value, managers=True, writes=writes) for value in values]
        return [] if any(site is None for site in found) else list({id(s): s for s in found}.values())

    def checkpoint_of(self, expr: nodes.NodeNG, managers: bool = True, writes: bool = False) -> CheckpointSite | None:
        value = self.r.single_value(expr)
        if not isinstance(value, nodes.Call):
            return None
        api = self.api(value.func)
        if api in tf2.CHECKPOINT:
            return self.checkpoint(value)
        if managers and not writes and api in tf2.CHECKPOINT_MANAGER:
            argument = argument_at(value, 0, "checkpoint")
            return self.checkpoint_of(argument, managers=False) if argument is not None else None
        if managers and not writes and api is None:
            return self.helper_manager(value)
        return None

    def helper_manager(self, call: nodes.Call) -> CheckpointSite | None:
        """``make_manager(ckpt, dir)`` / ``self._make_manager()``: a function of this file whose one
        ``return`` is ``tf.train.CheckpointManager(<checkpoint>, ...)``; a parameter given as the
        checkpoint is what this call passes for it."""
        definition = self.callee(call.func)
        if definition is None or isinstance(self.r.local_definition(call.func), nodes.ClassDef):
            return None
        returns = returns_of(definition)
        if len(returns) != 1 or returns[0].value is None:
            return None
        made = self.r.single_value(returns[0].value)
        if not isinstance(made, nodes.Call) or self.api(made.func) not in tf2.CHECKPOINT_MANAGER:
            return None
        argument = argument_at(made, 0, "checkpoint")
        if isinstance(argument, nodes.Name):
            parameter = parameter_name(argument, definition)
            if parameter is not None:
                argument = argument_given(definition, call, parameter)
        return self.checkpoint_of(argument, managers=False) if argument is not None else None

    def optimizer_of(self, expr: nodes.NodeNG, depth: int = 0) -> OptimizerSite | None:
        if depth > MAX_OBJECT_DEPTH:
            return None
        value = self.r.single_value(expr)
        if value is None and isinstance(expr, nodes.Name):
            # a parameter: the optimizer every call of the function passes
            arguments = self.parameter_arguments(expr)
            sites = [self.optimizer_of(a, depth + 1) for a in arguments or ()]
            if sites and all(site is sites[0] for site in sites):
                return sites[0]
            return None
        if not isinstance(value, nodes.Call):
            return None
        api = self.api(value.func)
        if api in tf2.TF2_OPTIMIZER_GETTERS:
            argument = argument_at(value, 0, "identifier")
            if argument is None:
                return None
            if not isinstance(self.r.single_value(argument), (nodes.Const, nodes.Dict)):
                # ``get(opt)`` returns ``opt`` itself
                return self.optimizer_of(argument, depth + 1) if isinstance(argument, (nodes.Name, nodes.Attribute)) else None
        elif not tf2.is_tf2_optimizer(api):
            return None
        if id(value) not in self._optimizers:
            self._optimizers[id(value)] = OptimizerSite(value, expr.as_string(), ("node", id(value)))
        return self._optimizers[id(value)]

    def training_step(self, call: nodes.Call) -> TrainingStep | None:
        optimizer = self.optimizer_of(call.func.expr)
        if optimizer is None:
            return None
        if call.func.attrname == "apply_gradients":
            pairs = argument_at(call, 0, "grads_and_vars")
            roots = self.pair_roots(pairs) if pairs is not None else None
        else:
            var_list = argument_at(call, 1, "var_list")
            roots = self.variable_roots(var_list) if var_list is not None else None
        return TrainingStep(call, optimizer, roots)

    # ---- training context ----------------------------------------------------------------
    def link(self) -> None:
        """For each frame, pair training points and save points: a save in the loop that
        trains, or after it in the same frame (through calls of this file's functions too)."""
        found: dict[tuple[int, int], tuple[SaveSite, TrainingStep]] = {}  # by (save, step)
        for facts in list(self.model.frames.values()):
            frame = facts.node
            train_points: list[tuple[nodes.NodeNG, TrainingStep, bool]] = []  # (node, step, loops inside)
            for step in facts.steps:
                train_points.append((step.node, step, False))
            save_points: list[tuple[nodes.NodeNG, SaveSite]] = [(s.node, s) for s in facts.saves]
            for call, callee in facts.calls:
                for step in self.steps_in(callee):
                    train_points.append((call, step, self.loop_trains(callee, step)))
                for save in self.saves_in(callee):
                    save_points.append((call, save))
            for t_node, step, looped_inside in train_points:
                t_loops = loops_of(t_node, frame)
                for s_node, save in save_points:
                    s_loops = loops_of(s_node, frame)
                    during = any(loop in s_loops for loop in t_loops)
                    if in_exclusive_branches(t_node, s_node) and not (during and _varies(t_node, s_node, t_loops, s_loops)):
                        continue  # (in one loop, other iterations may take the other branch)
                    after = any(_after(s_node, loop) for loop in t_loops) or (looped_inside and _after(s_node, t_node))
                    if during or after:
                        found.setdefault((id(save), id(step)), (save, step))
        self.model.trained_saves = list(found.values())

    def steps_in(self, frame: nodes.NodeNG) -> list[TrainingStep]:
        """The training steps ``frame`` runs, itself or in the functions of this file it calls."""
        return [step for facts in self.reached_facts(frame) for step in facts.steps]

    def saves_in(self, frame: nodes.NodeNG) -> list[SaveSite]:
        """The saves ``frame`` runs, itself or in the functions of this file it calls."""
        return [save for facts in self.reached_facts(frame) for save in facts.saves]

    def reached_facts(self, frame: nodes.NodeNG, seen: frozenset = frozenset()) -> Iterator[FrameFacts]:
        """The facts of ``frame`` and of every frame it calls, depth first, once per call path
        (a frame already on the path, a recursion, is not entered again)."""
        if id(frame) in seen:
            return
        facts = self.model.frames.get(id(frame))
        if facts is None:
            return
        yield facts
        for _, callee in facts.calls:
            yield from self.reached_facts(callee, seen | {id(frame)})

    def loop_trains(self, frame: nodes.NodeNG, step: TrainingStep, seen: frozenset = frozenset()) -> bool:
        """The frame runs ``step`` inside a loop of its own or of a function it calls."""
        if id(frame) in seen:
            return False
        facts = self.model.frames.get(id(frame))
        if facts is None:
            return False
        if any(s is step and loops_of(s.node, frame) for s in facts.steps):
            return True
        for call, callee in facts.calls:
            if step in self.steps_in(callee) and (
                loops_of(call, frame) or self.loop_trains(callee, step, seen | {id(frame)})
            ):
                return True
        return False


def _varies(a: nodes.NodeNG, b: nodes.NodeNG, a_loops: list, b_loops: list) -> bool:
    """``a`` and ``b`` are in exclusive branches inside a loop around both: can different
    iterations take different branches?  Yes for a ``try`` (exceptions come and go) and for an
    ``if`` whose test calls something or reads a name bound in that loop (``step % 2``);
    not for a test on something fixed (``if args.eval_only:``)."""
    loop = next(loop for loop in a_loops if loop in b_loops)
    node = a
    while node is not None and node is not loop and not is_within(b, node):
        node = node.parent
    if isinstance(node, nodes.Try):
        return True
    if not isinstance(node, nodes.If):
        return False
    if any(True for _ in node.test.nodes_of_class(nodes.Call)):
        return True
    for name in node.test.nodes_of_class(nodes.Name):
        try:
            _, bindings = lookup(name)
        except Exception:
            return True
        if any(is_within(binding, loop) for binding in bindings):
            return True
    return False


def _after(node: nodes.NodeNG, earlier: nodes.NodeNG) -> bool:
    """``node`` comes after ``earlier`` (which it is not inside) in the text of one frame."""
    if is_within(node, earlier):
        # the ``else`` of a loop runs after it
        return isinstance(earlier, (nodes.For, nodes.While)) and any(is_within(node, n) for n in earlier.orelse)
    end = earlier.tolineno if earlier.tolineno is not None else earlier.lineno
    return (node.lineno or 0) > (end or 0)


def object_model(program) -> ObjectModel:
    """The TF 2 object model of a program, built once, on first use; empty (and free) for a
    file that does not mention both a checkpoint and a training step."""
    cached = getattr(program, "objects", None)
    if cached is not None:
        return cached
    source = getattr(program, "source", None)
    if source is not None and not text.mentions_tf2_training_checkpoint(source):
        model = ObjectModel()  # a fresh empty one: a shared one could be changed by a caller
    else:
        model = ObjectModelBuilder(program.module).build()
    program.objects = model
    return model
