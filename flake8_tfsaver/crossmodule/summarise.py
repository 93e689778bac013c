"""Make one module's summary: run the model on its own tree and read what each top-level
function, class and method does in its caller's graph.

This is the one part of the project layer that uses the graph model.  A Saver whose own module
reports a finding on it (the rules that say so, handed in by the engine as ``saver_findings``)
carries those codes, so the modules calling it stay quiet.
Each summary is made on a fresh thread stack: how deep the caller's stack happened to be never
decides whether a deeply nested module can be analysed, so a summary is the same whoever asks.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from itertools import count

from astroid import nodes

from ..config import Config
from ..graph.builder import ProgramBuilder
from ..graph.context import summary_parameters, test_form
from ..graph.program import OpaqueCall, SaverConstruction, SaverUse, UseKind, VariableCreation, carried, summary_facts
from ..graph.summary import ClassSummary, Effect, EffectKind, FunctionSummary, ModuleEffects
from ..syntax.resolve import MAX_BASE_DEPTH, file_bases, find_method, is_instance_method
from ..syntax.tree import build_module, forget_last_nodes
from .cache import CACHE
from .view import ProjectView, Summariser

# What the module's own rules report on its Savers: (line, column, code) of each finding.
SaverFindings = Callable[[object], set[tuple[int, int, str]]]
_READS = count()


def summariser(config: Config, saver_findings: SaverFindings) -> Summariser:
    def make(path: str, view: ProjectView, names: frozenset[str] | None = None) -> ModuleEffects | None:
        return on_fresh_stack(_summarise, path, view, config, names, saver_findings)

    return make


def on_fresh_stack(function: Callable, *args):
    """``function(*args)`` on a new thread (its own recursion depth), or None if it raised."""
    outcome: list = [None]

    def run() -> None:
        try:
            outcome[0] = function(*args)
        except Exception:  # noqa: BLE001 - a module we cannot summarise is simply unknown
            outcome[0] = None

    worker = threading.Thread(target=run, name="flake8-tfsaver-summary", daemon=True)
    worker.start()
    worker.join()
    return outcome[0]


def _summarise(
    path: str, view: ProjectView, config: Config, names: frozenset[str] | None, saver_findings: SaverFindings,
) -> ModuleEffects | None:
    """The summary of the functions and classes ``names`` of the module (None: all of them).

    A function's frame is the same whichever frames were walked before it, unless a call cycle
    made the walk meet a frame still being walked; and what the module's own rules report on a
    Saver needs the whole module.  So when the frames walked for ``names`` meet either (a
    recursion, a Saver), the whole module is summarised instead: a summary of some names always
    says about them what the whole module's would."""
    parsed = CACHE.source_and_tree(path)
    if parsed is None:
        return None
    source, tree = parsed
    view.prepare(source)  # what it calls first: one tree alive at a time
    module = build_module(tree, source)
    try:
        defined = {
            name: bindings[0] for name, bindings in module.locals.items()
            if len(bindings) == 1 and bindings[0].parent is module
            and isinstance(bindings[0], (nodes.FunctionDef, nodes.ClassDef))
        }
        if names is not None:
            found = _read(module, source, view, config, path, {n: d for n, d in defined.items() if n in names},
                          saver_findings)
            if found is not None:
                return replace(found, names=names)
        return _read(module, source, view, config, path, defined, saver_findings, whole=True)
    finally:
        forget_last_nodes()


def _read(
    module: nodes.Module, source: str, view: ProjectView, config: Config, path: str,
    defined: dict[str, nodes.NodeNG], saver_findings: SaverFindings, whole: bool = False,
) -> ModuleEffects | None:
    """Walk what a caller can reach of ``defined`` (top-level functions and the methods of
    classes, not the module's own code) and read their summaries.  None (when not ``whole``): the
    walk met a recursion or a Saver, and only the whole module's summary is exact."""
    builder = ProgramBuilder(module, config.variable_creators, config.saver_factories, source, project=view)
    walked = [n for n in defined.values() if isinstance(n, nodes.FunctionDef)]
    for klass in (n for n in defined.values() if isinstance(n, nodes.ClassDef)):
        walked += list(klass.mymethods())
        walked += [m for m in (find_method(klass, name) for name in _method_names(klass)) if m is not None]
    walked = list({id(f): f for f in walked}.values())  # inherited methods of the module's bases too
    program = builder.build(walked)
    if not whole and _only_whole_is_exact(builder):
        return None
    reported = saver_findings(program) if program.events(SaverConstruction) else set()
    reader = _Reader(builder, reported, path)
    functions: dict[str, FunctionSummary] = {}
    classes: dict[str, ClassSummary] = {}
    for name, node in defined.items():
        if isinstance(node, nodes.FunctionDef):
            functions[name] = reader.function(node, name)
        else:
            classes[name] = reader.klass(node, name)
    if not whole and _only_whole_is_exact(builder):  # frames the reading walked on its own
        return None
    return ModuleEffects(path, functions, classes, complete=not view.cut)


def _only_whole_is_exact(builder: ProgramBuilder) -> bool:
    """A call cycle (its frames depend on where the walk started) or a Saver (what the module's
    own rules report on it needs the whole module) among the frames walked so far."""
    return builder.met_recursion or any(
        isinstance(event, (SaverConstruction, SaverUse)) for frame in builder.frames.values() for event in frame.events
    )


class _Reader:
    """Turns the frames of one built module into summaries."""

    def __init__(self, builder: ProgramBuilder, reported: set[tuple[int, int, str]], path: str) -> None:
        self.builder = builder
        self.reported = reported
        self.path = path
        self._branch_keys: dict[object, tuple[str, int, int]] = {}
        self._read = next(_READS)  # keys of two reads (two summaries of some names) never meet
        self._serial = count()
        self._functions: dict[int, FunctionSummary] = {}
        self._attrs: dict[int, dict[int, str]] = {}
        self._roots: dict[int, list] = {}

    def function(self, func: nodes.FunctionDef, name: str) -> FunctionSummary:
        if id(func) in self._functions:
            return self._functions[id(func)]
        frame = self.builder.frames.get(id(func)) or self.builder.frame_of(func)
        if frame is None:
            return FunctionSummary(name, (Effect(EffectKind.OPAQUE),))
        effects, roots = [], []
        attr_savers = self._attr_savers(func.parent) if isinstance(func.parent, nodes.ClassDef) else {}
        for event in frame.events:
            if isinstance(event, SaverUse):  # in whatever graph: the Saver is known by its node
                effect = self._use(event, roots, attr_savers)
                if effect is not None:
                    effects.append(effect)
                    roots.append(None)
                continue
            if event.graph != frame.entry_graph:
                continue  # in a graph the function made or switched to
            effect = self.effect(event)
            if effect is None:
                continue
            if effect.kind is EffectKind.OPAQUE and effects and effects[-1].kind is EffectKind.OPAQUE:
                # A run of unknown calls says no more than one: keep one (unconditional unless
                # all of them are in the same branches), so that summaries stay small.
                if effects[-1].branches != effect.branches:
                    effects[-1] = Effect(EffectKind.OPAQUE)
                continue
            if effect.kind is EffectKind.VARIABLE and effects and effects[-1] == effect:
                continue  # the same creation again (a loop of layers): one is as late as many
            effects.append(effect)
            roots.append(event.root)
        positional, keyword_only, defaults = summary_parameters(func)
        summary = FunctionSummary(
            name, tuple(effects), frame.resets_graph, self._returned_saver(func, roots),
            positional, keyword_only, tuple(sorted(defaults.items())), self._conditions(func),
        )
        self._functions[id(func)] = summary
        self._roots[id(func)] = roots  # the root event of each effect (None for saves)
        return summary

    def _conditions(self, func: nodes.FunctionDef) -> tuple[tuple[object, tuple], ...]:
        """The function's own ``if`` tests on its parameters, for the branches its effects use:
        a caller whose arguments decide one replays only the effects of the arm it takes."""
        found = []
        for node in func.nodes_of_class(nodes.If):
            if id(node) in self._branch_keys and node.scope() is func:
                form = test_form(node.test, func)
                if form is not None:
                    found.append((self._branch_keys[id(node)], form))
        return tuple(found)

    def effect(self, event) -> Effect | None:
        branches = tuple((self._branch_key(key), index) for key, index in event.branches)
        root = event.root
        known = self.builder.project_effects.get(id(root))
        # A replayed effect's facts are the callee's (its description without ``in `f()```).
        facts = known.facts if known is not None else tuple(carried(root, into_summary=True).items())
        if isinstance(event, VariableCreation):
            reusable = known.reusable if known is not None else self._reusable(root)
            return Effect(EffectKind.VARIABLE, branches, facts, reusable=reusable)
        if isinstance(event, SaverConstruction):
            position = (root.node.lineno or 1, root.node.col_offset or 0)
            reported = {code for line, col, code in self.reported if (line, col) == position}
            return Effect(EffectKind.SAVER, branches, facts, reported=frozenset(reported) | root.reported_there)
        if isinstance(event, OpaqueCall):
            if event.withheld and known is None:  # a creation a call's arguments may decide
                facts = summary_facts(VariableCreation, dict(event.withheld))
                requires = tuple((self._branch_key(key), index) for key, index in event.arms)
                return Effect(EffectKind.VARIABLE, branches, facts, unless_reuse=event.reuse_test, requires=requires)
            return Effect(EffectKind.OPAQUE, branches)
        return None

    def _use(self, event: SaverUse, roots: list, attr_savers: dict) -> Effect | None:
        """A save (or hand-over) of a Saver the function built, or of one its class keeps on
        ``self``; a returned Saver is the caller's (see ``returned_saver``), others are unknown."""
        if event.how is UseKind.RETURN:
            return None
        branches = tuple((self._branch_key(key), index) for key, index in event.branches)
        built = [i for i, root in enumerate(roots) if isinstance(root, SaverConstruction) and root.node is event.saver_node]
        if built:
            target = ("effect", built[-1])
        elif id(event.saver_node) in attr_savers:
            target = ("attr", attr_savers[id(event.saver_node)])
        else:
            return None
        return Effect(EffectKind.USE, branches, tuple(carried(event, into_summary=True).items()), saver=target)

    def _attr_savers(self, klass: nodes.ClassDef) -> dict[int, str]:
        """Construction node id -> attribute, for each ``self.<attr> = <a Saver>`` of the class."""
        if id(klass) not in self._attrs:
            found = {}
            for attr, values in self.builder.resolver.class_self_attributes(klass).items():
                built = [v for v in values if v is not None and not (isinstance(v, nodes.Const) and v.value is None)]
                if len(built) != 1:
                    continue
                call = self.builder.saver_call(built[0])
                saver = self.builder.savers.get(id(call)) if call is not None else None
                if saver is not None:
                    found[id(saver.root.node)] = attr
            self._attrs[id(klass)] = found
        return self._attrs[id(klass)]

    def _branch_key(self, key: object) -> tuple[str, int, int]:
        """Branch keys are ids of this module's nodes: unique in it, not in the caller's file."""
        if key not in self._branch_keys:
            self._branch_keys[key] = (self.path, self._read, next(self._serial))
        return self._branch_keys[key]

    def _reusable(self, root) -> bool:
        """Under a caller's ``reuse`` scope only ``tf.Variable`` certainly creates a new variable."""
        if isinstance(root.node, nodes.Call):
            api = self.builder.resolver.api(root.node.func)
            if api is not None and api.name in ("tf.Variable", "tf.VariableV1"):
                return False
        return True

    def _returned_saver(self, func: nodes.FunctionDef, roots: list) -> int | None:
        returned = self.builder._single_return(func)
        if returned is None:
            return None
        return self._index_of_saver(self.builder.saver_call(returned), roots)

    def _index_of_saver(self, call: nodes.Call | None, roots: list) -> int | None:
        saver = self.builder.savers.get(id(call)) if call is not None else None
        if saver is None:
            return None
        matches = [i for i, root in enumerate(roots) if root is not None and root is saver.root]
        return matches[0] if len(matches) == 1 else None

    def klass(self, klass: nodes.ClassDef, name: str) -> ClassSummary:
        init_node = find_method(klass, "__init__")
        if init_node is not None:
            init = self.function(init_node, _method_label(init_node))
        elif all(_is_object(base) for base in klass.bases):
            init = FunctionSummary(f"{name}.__init__")  # ``object.__init__``: does nothing
        else:
            init = None  # inherited from a class we do not see
        methods = {}
        for method_name in _method_names(klass):
            method = find_method(klass, method_name)
            if method is not None and is_instance_method(method) and method_name != "__init__":
                methods[method_name] = self.function(method, _method_label(method))
        saver_attrs, indexes = set(), set()
        if init_node is not None:
            roots = self._roots.get(id(init_node), [])
            for attr, values in self.builder.resolver.class_self_attributes(klass).items():
                if len(values) != 1 or values[0] is None:
                    continue
                index = self._index_of_saver(self.builder.saver_call(values[0]), roots)
                if index is not None:
                    saver_attrs.add(attr)
                    indexes.add(index)
        return ClassSummary(
            name, init, methods, frozenset(saver_attrs), indexes.pop() if len(indexes) == 1 else None,
        )


def _method_label(method: nodes.FunctionDef) -> str:
    """``Class.method`` of the class that defines it (an inherited method is read once, whichever
    subclass asks first)."""
    return f"{method.parent.name}.{method.name}"


def _is_object(base: nodes.NodeNG) -> bool:
    return isinstance(base, nodes.Name) and base.name == "object"


def _method_names(klass: nodes.ClassDef, depth: int = 0) -> list[str]:
    """Methods of the class and of its bases defined in the same module, in a fixed order (the
    class's own first, in source order): the order frames are walked in never varies by run."""
    names = [n.name for n in klass.body if isinstance(n, nodes.FunctionDef)]
    if depth > MAX_BASE_DEPTH:
        return list(dict.fromkeys(names))
    for base in file_bases(klass):
        names += _method_names(base, depth + 1)
    return list(dict.fromkeys(names))
