"""Calls into other modules of the user's project, from their summaries (``graph.summary``).

A call to a project function, class or method of a project class's instance adds, at the call
site, one event per effect of the callee in the caller's graph, in order — as ``local_call`` does
for functions of the same file.  Those events are *roots* (no ``origin``): findings about them go
on the call site, the only line of this file where they happen.  A Saver the callee returns (a
saver factory) or keeps on ``self`` (a constructor) is then known by the names bound to the call.
Nothing here reads another module's tree: summaries are plain data made once per process.
"""

from __future__ import annotations

from typing import Protocol

from astroid import nodes

from ..syntax.calls import argument_phrase, bind_parameters, is_open_ended
from ..syntax.project_questions import NameQuestions
from ..syntax.resolve import enclosing_class, find_method, is_self_attribute
from . import program as p
from .context import evaluate, form_parameters, known_argument, known_parameters, runs_in, taken_branches
from .flow import FRAME_DEFAULT
from .summary import ClassSummary, EffectKind, FunctionSummary, Summary


def project_calls_may_matter(program: p.Program, saver_modules_called: bool) -> bool:
    """Whether following the file's calls into its project can change its findings, judged from
    the file analysed alone (project calls unknown).  The TF 1 rules start from a Saver, a save /
    restore / meta-graph import, or a session run of an initializer (TFS009); summaries only add
    variables, Savers and saves with them at call sites.  So with none of those in the file, only
    a Saver built by a called project module (``saver_modules_called``: one whose text names a
    Saver, or that calls one through the project's re-exports) can give a rule something to report; without one, the file's own findings are final
    and no summary needs to be made (the expensive part of the project view)."""
    if saver_modules_called:
        return True
    if program.events(p.SaverConstruction) or program.events(p.CheckpointCall):
        return True
    if program.events(p.SaverUse) or program.events(p.MetaGraphImport):
        return True
    return any(run.initializers or run.runs_variable_initializer for run in program.events(p.SessionRun))


class ProjectQuestions(NameQuestions, Protocol):
    """What the graph model may ask the linted file's project (``crossmodule.view.ProjectView``
    answers it), besides names."""

    def follows_calls(self) -> bool:
        """Whether calls into other modules are followed from here (not at the depth bound)."""

    def callee(self, qualified: str) -> Summary | None:
        """The summary of the project function or class ``qualified`` names."""

    def constructed_class(self, class_name: str, parameter: str, index: int) -> str | None:
        """The project class whose instance every construction of ``class_name`` passes for ``parameter``."""

    def disables_eager(self) -> bool:
        """Whether a project module the file imports turns eager execution off when imported."""


class ProjectLookups:
    """Mixin of ``ProgramBuilder`` (which sets ``project``, ``resolver`` and ``value``)."""

    def follows_calls(self) -> bool:
        """Calls are followed into other modules from here (not from a summary at the bound)."""
        return self.project is not None and self.project.follows_calls()

    def project_callee(self, func: nodes.NodeNG) -> Summary | None:
        """The summary of the project function/class ``func`` names, or of the method of an
        instance of a project class (``model.train`` where ``model = Model(...)``)."""
        if not self.follows_calls():
            return None
        qualified = self.resolver.qualified_name(func)
        if qualified is not None:
            found = self.project.callee(qualified)
            if found is not None:
                return found
        if isinstance(func, nodes.Attribute):
            instance = self.project_instance(func.expr)
            if instance is not None:
                return instance[0].methods.get(func.attrname)
        return None

    def project_instance(self, expr: nodes.NodeNG) -> tuple[ClassSummary, nodes.Call] | None:
        """(class summary, the call that made it) when ``expr`` is bound to ``ProjectClass(...)``."""
        if not self.follows_calls():
            return None
        known = self._project_instances.setdefault(id(expr), (self._project_instance(expr),))
        return known[0]

    def _project_instance(self, expr: nodes.NodeNG) -> tuple[ClassSummary, nodes.Call | None] | None:
        value = self.value(expr)
        if value is None and is_self_attribute(expr):
            return self._constructed_instance(expr)
        if not isinstance(value, nodes.Call):
            return None
        qualified = self.resolver.qualified_name(value.func)
        found = self.project.callee(qualified) if qualified is not None else None
        return (found, value) if isinstance(found, ClassSummary) else None

    def _constructed_instance(self, attribute: nodes.Attribute) -> tuple[ClassSummary, None] | None:
        """``self.net`` assigned once, in ``__init__``, from its parameter ``net``: the project
        class every construction of this class in the project passes a fresh instance of for it
        (``Trainer(Unet(...))`` in the scripts; ``ProjectView.constructed_class``)."""
        values = self.resolver.self_attribute_values(attribute)
        klass = enclosing_class(attribute)
        if not values or len(values) != 1 or klass is None or not isinstance(values[0], nodes.Name):
            return None
        init = find_method(klass, "__init__")
        if init is None or values[0].scope() is not init:
            return None
        params = [a.name for a in (init.args.posonlyargs or []) + (init.args.args or [])][1:]
        keyword_only = [a.name for a in init.args.kwonlyargs or ()]
        name = values[0].name
        if name not in params + keyword_only or name in init.locals and len(init.locals[name]) != 1:
            return None
        index = params.index(name) if name in params else 10**6
        qualified = self.project.constructed_class(klass.name, name, index)
        found = self.project.callee(qualified) if qualified is not None else None
        return (found, None) if isinstance(found, ClassSummary) else None

    def project_saver(self, expr: nodes.NodeNG) -> nodes.Call | None:
        """For ``model.saver`` where ``model = Model(...)`` and ``Model.__init__`` (in another
        module) builds that Saver: the ``Model(...)`` call, where its event was added."""
        if not isinstance(expr, nodes.Attribute):
            return None
        instance = self.project_instance(expr.expr)
        if instance is None or instance[1] is None or expr.attrname not in instance[0].saver_attrs or (
            instance[0].saver_index is None
        ):
            return None
        return instance[1]

    def is_project_saver_factory(self, call: nodes.Call) -> bool:
        summary = self.project_callee(call.func)
        return isinstance(summary, FunctionSummary) and summary.returned_saver is not None

    def project_disables_eager(self, frames: list[p.Frame]) -> bool:
        """A module the file imports turns eager execution off.  Asked only when it matters: a
        ``compat.v1`` Saver without ``var_list`` in the module's default graph (TFS008's case)."""
        if self.project is None:
            return False
        if not any(
            isinstance(e, p.SaverConstruction) and e.root.via_compat_v1 and e.root.var_list is p.VarList.ALL
            and isinstance(f.node, nodes.Module) and e.graph is not None and e.graph.kind is p.GraphKind.DEFAULT
            for f in frames for e in f.events
        ):
            return False
        return self.project.disables_eager()


class ProjectCalls:
    """Mixin of ``_FrameWalker`` (which provides ``b``, ``add``, ``epoch``)."""

    def project_call(self, call: nodes.Call, ctx) -> bool:
        """Events for a call into another module of the project; True if it was one."""
        if not self.b.follows_calls():
            return False
        summary = self.b.project_callee(call.func)
        instance = None
        if isinstance(call.func, nodes.Attribute) and not isinstance(summary, ClassSummary):
            # a method of an instance of a project class (its Saver is known by the instance)
            instance = self.b.project_instance(call.func.expr)
        if summary is None:
            if instance is not None:
                self.add(p.OpaqueCall, call, ctx, from_project=True)  # a method we do not know
                return True
            return False
        if isinstance(summary, ClassSummary):
            function, kept, instance = summary.init, summary.saver_index, (summary, call)
        else:
            function, kept = summary, summary.returned_saver
        if function is None:
            self.add(p.OpaqueCall, call, ctx, from_project=True)  # a constructor of unknown bases
            return True
        spelled = call.func.as_string()
        values = self._known_arguments(call, function)
        taken = taken_branches(function.conditions, values.get) if values else {}
        ruled_out = {i for i, e in enumerate(function.effects) if not runs_in(e.branches + e.requires, taken)}
        if ruled_out:
            self.decided = True  # this frame's events depend on its calling context
        for index, effect in enumerate(function.effects):
            if index in ruled_out or (effect.kind is EffectKind.USE and effect.saver[0] == "effect"
                                      and effect.saver[1] in ruled_out):
                continue  # in an ``if`` arm the call's arguments rule out (``if saver is None:``)
            # the callee's branches, keyed per call site: two calls do not share their ``if``s
            effect_ctx = ctx.evolve(branches=ctx.branches + tuple(((id(call), k), i) for k, i in effect.branches))
            facts = dict(effect.facts)  # the fields its event kind passes on (``p.passed_on``)
            if effect.kind is EffectKind.USE:
                saver_node = self._saved_saver(effect, call, instance)
                if saver_node is not None:
                    event = self.add(p.SaverUse, call, effect_ctx, saver_node=saver_node, **facts)
                    self.b.project_effects[id(event)] = effect
                continue
            if effect.kind is EffectKind.VARIABLE and not (ctx.reuse and effect.reusable) and self._creates(effect, values, taken):
                facts["description"] = f"{facts['description']} in `{spelled}()`"
                event = self.add(p.VariableCreation, call, effect_ctx, **facts,
                                 decided_by=_decided_by(call, function, effect, taken))
            elif effect.kind is EffectKind.SAVER:
                event = self.add(
                    p.SaverConstruction, call, effect_ctx, **facts, project_call=spelled, reported_there=effect.reported,
                    decided_by=_decided_by(call, function, effect, taken),
                )
                if index == kept:
                    self.remember(self.b.savers, id(call), event)
            else:  # unknown (in another module: it may even make a global step), or a
                # get_variable-like creation under a reuse scope (the caller's, or the callee's
                # ``reuse=<parameter>`` the call does not make false)
                event = self.add(p.OpaqueCall, call, effect_ctx, from_project=True)
            self.b.project_effects[id(event)] = effect
        if function.resets_graph and ctx.graph is FRAME_DEFAULT:
            self.epoch += 1
            self.reset_lines.append(call.lineno)
        return True

    def _known_arguments(self, call: nodes.Call, function: FunctionSummary) -> dict:
        """What this call gives the callee's parameters, when a test of its summary reads them
        (its ``if`` arms, its ``reuse=<parameter>`` scopes)."""
        if not function.conditions and not any(e.unless_reuse is not None for e in function.effects):
            return {}
        return known_parameters(
            call, function.positional, function.keyword_only, dict(function.defaults),
            lambda expr: known_argument(expr, self.r, self.context, self.frame.node),
        )

    def _creates(self, effect, values: dict, taken: dict) -> bool:
        """A variable effect creates at this call unless it needs ``if`` arms the call leaves
        open (``requires``; one it rules out dropped the effect already), or its scope's
        ``reuse=<parameter>`` may be true: the call must make that test false."""
        if any(taken.get(key) != index for key, index in effect.requires):
            return False
        if effect.unless_reuse is None:
            return True
        reuses = evaluate(effect.unless_reuse, values.get)
        if reuses is not None:
            self.decided = True  # this frame's events depend on its calling context
        return reuses is False

    @staticmethod
    def _saved_saver(effect, call: nodes.Call, instance) -> nodes.NodeNG | None:
        """The node the Saver a callee saves with is known by here: the call itself for a Saver
        the callee built (its events are at this call), the instance's creation for the Saver
        its class keeps on ``self``; None for any other Saver."""
        kind, which = effect.saver
        if kind == "effect":
            return call
        if kind == "attr" and instance is not None:
            klass, creation = instance
            if which in klass.saver_attrs and klass.saver_index is not None:
                return creation
        return None


def _decided_by(call: nodes.Call, function: FunctionSummary, effect, taken: dict) -> str:
    """How ``call``'s arguments took the callee's ``if`` arms that ``effect`` is in (and turned its
    ``reuse=<parameter>`` off), for a message ("without `saver=`", "with `mode='train'`"); ""
    when none of them was decided."""
    decided = {key for key, index in effect.branches + effect.requires if taken.get(key) == index}
    forms = [form for key, form in function.conditions if key in decided]
    if effect.unless_reuse is not None:  # a variable created because the call turned reuse off
        forms.append(effect.unless_reuse)
    parameters = [name for form in forms for name in form_parameters(form)]
    if not parameters or is_open_ended(call):
        return ""  # (``*args`` / ``**kwargs``: an unbound parameter is not known to be omitted)
    bound = bind_parameters(call, function.positional, function.keyword_only)
    phrases: list[str] = []
    for parameter in parameters:
        phrase = argument_phrase(parameter, bound.get(parameter))
        if phrase and phrase not in phrases:
            phrases.append(phrase)
    return " and ".join(phrases)
