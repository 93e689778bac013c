"""TFS001: a Saver is built before variables that are created later in the same graph."""

from __future__ import annotations

from collections.abc import Iterator

from astroid import nodes

from ..diagnostic import Diagnostic
from ..model import (
    CheckpointCall,
    Event,
    Frame,
    OpaqueCall,
    Program,
    Relation,
    SaverConstruction,
    VariableCreation,
    history_visible,
    relation,
)
from ..model.resolve import is_instance_method
from ._common import at, more, reported_there, saver_subject, where_created
from .tfs004_saver_with_nothing_to_save import has_nothing_to_save

CODE = "TFS001"
SUMMARY = "Saver built before variables created later in the same graph"


def check(program: Program) -> Iterator[Diagnostic]:
    reported: set[int] = set()
    found = _same_frame(program) + _class_form(program)
    # Prefer what the Saver's own function shows over what a caller shows through a proxy.
    for saver, late in sorted(found, key=lambda pair: pair[0].origin is not None):
        root = saver.root
        if id(root.node) in reported or reported_there(root, CODE):
            continue
        reported.add(id(root.node))
        yield at(root.node, CODE, message(root, late))


def message(saver: SaverConstruction, late: list[VariableCreation]) -> str:
    first = late[0].root
    singular = first.description.startswith(("variable ", "the variable ", "the global step"))
    plural = len(late) > 1 or not singular
    return (
        f"{saver_subject(saver)} is built before {where_created(late[0])}"
        f"{more(len(late) - 1)} in the same graph, so it never saves {'them' if plural else 'it'}"
        " - build the Saver after the model"
    )


def snapshot_savers(program: Program) -> list[SaverConstruction]:
    """Savers whose variables are fixed when built: no ``var_list`` or a collection snapshot,
    and used to save (a restore-only Saver loads pretrained weights on purpose)."""
    found = []
    for saver in program.events(SaverConstruction):
        root = saver.root
        if root.var_list == "explicit" or _restore_only(program, root) or has_nothing_to_save(root):
            continue  # (an empty-graph Saver raises at once: that is TFS004)
        found.append(saver)
    return found


def _restore_only(program: Program, saver: SaverConstruction) -> bool:
    uses = [c.method for c in program.events(CheckpointCall) if c.saver is saver and c.method != "build"]
    return bool(uses) and all(method == "restore" for method in uses)


def _snapshot_point(program: Program, saver: SaverConstruction) -> Event | None:
    """Where the Saver collects its variables: construction, or ``build()`` for ``defer_build``."""
    if not saver.root.defer_build:
        return saver
    if saver.origin is not None:
        return None
    builds = [c for c in program.events(CheckpointCall) if c.method == "build" and c.saver is saver]
    if len(builds) == 1 and builds[0].frame is saver.frame:
        return builds[0]
    return None  # unknown build point: say nothing


def later_variables(program: Program, start: Event) -> list[VariableCreation]:
    """Variables certainly created after ``start`` in the same frame and the same graph
    (shared with TFS009: one model of "created later")."""
    return [
        event
        for event in start.frame.events
        if isinstance(event, VariableCreation)
        and start.precedes(event)
        and relation(start.graph, event.graph) is Relation.SAME
        and _certainly_new(program, event)
    ]


def _certainly_new(program: Program, variable: VariableCreation) -> bool:
    """``get_or_create_global_step()`` creates nothing if a step exists; we only count it when
    the file shows the whole history of that graph and no step (or unseen code) came before."""
    if not variable.may_exist_already:
        return True
    if not history_visible(variable.graph, variable.frame):
        return False
    return not any(
        (isinstance(event, OpaqueCall) and event.from_project)
        or (isinstance(event, VariableCreation) and event.is_global_step)
        for event in variable.earlier_in_graph()
    )


def _same_frame(program: Program) -> list[tuple[SaverConstruction, list[VariableCreation]]]:
    found = []
    for saver in snapshot_savers(program):
        start = _snapshot_point(program, saver)
        if start is None:
            continue
        late = later_variables(program, start)
        if late:
            found.append((saver, late))
    return found


def _class_form(program: Program) -> list[tuple[SaverConstruction, list[VariableCreation]]]:
    """A model class builds its Saver while constructed; any other method that creates
    variables in the same graph runs after ``__init__``, so the Saver misses them."""
    frames = {id(f.node): f for f in program.frames}
    found = []
    savers = snapshot_savers(program)
    for init in program.frames:
        klass = init.node.parent
        if getattr(init.node, "name", None) != "__init__" or not isinstance(klass, nodes.ClassDef):
            continue
        init_savers = [s for s in savers if s.frame is init and not s.root.defer_build]
        if not init_savers:
            continue
        run_at_init = _reached(init)
        later_methods = [
            frames[id(method)] for method in klass.mymethods()
            if is_instance_method(method) and id(method) in frames and frames[id(method)] not in run_at_init
        ]
        for saver in init_savers:
            late = [
                event
                for method in later_methods
                for event in method.events
                if isinstance(event, VariableCreation)
                and relation(saver.graph, event.graph) is Relation.SAME
                and not event.may_exist_already
            ]
            if late:
                found.append((saver, late))
    return found


def _reached(start: Frame) -> list[Frame]:
    """``start`` and every frame of this file it calls, transitively (from the model)."""
    seen = [start]
    for frame in seen:
        seen.extend(callee for callee in frame.callees if callee not in seen)
    return seen
