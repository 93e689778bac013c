"""Calls into other modules of the user's project, from their summaries (``project.summary``).

A call to a project function, class or method of a project class's instance adds, at the call
site, one event per effect of the callee in the caller's graph, in order — as ``local_call`` does
for functions of the same file.  Those events are *roots* (no ``origin``): findings about them go
on the call site, the only line of this file where they happen.  A Saver the callee returns (a
saver factory) or keeps on ``self`` (a constructor) is then known by the names bound to the call.
Nothing here reads another module's tree: summaries are plain data made once per process.
"""

from __future__ import annotations

from dataclasses import replace

from astroid import nodes

from ..project.summary import ClassSummary, FunctionSummary, Summary
from . import program as p


class ProjectLookups:
    """Mixin of ``ProgramBuilder`` (which sets ``project``, ``resolver`` and ``value``)."""

    def project_callee(self, func: nodes.NodeNG) -> Summary | None:
        """The summary of the project function/class ``func`` names, or of the method of an
        instance of a project class (``model.train`` where ``model = Model(...)``)."""
        if self.project is None:
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
        if self.project is None:
            return None
        value = self.value(expr)
        if not isinstance(value, nodes.Call):
            return None
        qualified = self.resolver.qualified_name(value.func)
        found = self.project.callee(qualified) if qualified is not None else None
        return (found, value) if isinstance(found, ClassSummary) else None

    def project_saver(self, expr: nodes.NodeNG) -> nodes.Call | None:
        """For ``model.saver`` where ``model = Model(...)`` and ``Model.__init__`` (in another
        module) builds that Saver: the ``Model(...)`` call, where its event was added."""
        if not isinstance(expr, nodes.Attribute):
            return None
        instance = self.project_instance(expr.expr)
        if instance is None or expr.attrname not in instance[0].saver_attrs or instance[0].saver_index is None:
            return None
        return instance[1]

    def is_project_saver_factory(self, call: nodes.Call) -> bool:
        summary = self.project_callee(call.func) if self.project is not None else None
        return isinstance(summary, FunctionSummary) and summary.returned_saver is not None

    def project_disables_eager(self, frames: list[p.Frame]) -> bool:
        """A module the file imports turns eager execution off (asked only when it matters)."""
        if self.project is None:
            return False
        if not any(isinstance(e, p.SaverConstruction) and e.root.via_compat_v1 for f in frames for e in f.events):
            return False
        return self.project.disables_eager()


class ProjectCalls:
    """Mixin of ``_FrameWalker`` (which provides ``b``, ``add``, ``epoch``)."""

    def project_call(self, call: nodes.Call, ctx) -> bool:
        """Events for a call into another module of the project; True if it was one."""
        if self.b.project is None:
            return False
        summary = self.b.project_callee(call.func)
        if summary is None:
            if isinstance(call.func, nodes.Attribute) and self.b.project_instance(call.func.expr) is not None:
                self.add(p.OpaqueCall, call, ctx, from_project=True)  # a method we do not know
                return True
            return False
        if isinstance(summary, ClassSummary):
            function, kept = summary.init, summary.saver_index
        else:
            function, kept = summary, summary.returned_saver
        if function is None:
            self.add(p.OpaqueCall, call, ctx, from_project=True)  # a constructor of unknown bases
            return True
        spelled = call.func.as_string()
        for index, effect in enumerate(function.effects):
            effect_ctx = replace(ctx, branches=ctx.branches + effect.branches)
            if effect.kind == "variable" and not (ctx.reuse and effect.reusable):
                event = self.add(
                    p.VariableCreation, call, effect_ctx, description=f"{effect.description} in `{spelled}()`",
                    is_global_step=effect.is_global_step, may_exist_already=effect.may_exist_already,
                )
            elif effect.kind == "saver":
                event = self.add(
                    p.SaverConstruction, call, effect_ctx, spelling=effect.spelling, var_list=effect.var_list,
                    defer_build=effect.defer_build, via_compat_v1=effect.via_compat_v1,
                    project_call=spelled, reported_there=effect.reported,
                )
                if index == kept:
                    self.b.savers[id(call)] = event
            else:  # unknown (in another module: it may even make a global step), or a
                # get_variable-like creation under the caller's reuse scope
                event = self.add(p.OpaqueCall, call, effect_ctx, from_project=True)
            self.b.project_effects[id(event)] = effect
        if function.resets_graph and self.resets_default_graph(ctx):
            self.epoch += 1
        return True

    def resets_default_graph(self, ctx) -> bool:
        from .builder import FRAME_DEFAULT  # (builder imports this module)

        return ctx.graph is FRAME_DEFAULT
