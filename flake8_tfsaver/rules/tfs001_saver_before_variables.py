"""TFS001: a Saver is built before variables that are created later in the same graph."""

from __future__ import annotations

from collections.abc import Iterator

from astroid import nodes

from ..diagnostic import Diagnostic
from ..model import CheckpointCall, Event, Program, Relation, SaverConstruction, VariableCreation, relation
from ..model.resolve import is_instance_method
from ..model.timeline import later_variables, reached, saves_after
from ._common import at, more, where_created
from .tfs004_saver_with_nothing_to_save import has_nothing_to_save

CODE = "TFS001"
SUMMARY = "Saver built before variables created later in the same graph"


def check(program: Program) -> Iterator[Diagnostic]:
    reported: set[int] = set()
    found = _same_frame(program) + _class_form(program)
    # Prefer what the Saver's own function shows over what a caller shows through a proxy.
    for saver, late in sorted(found, key=lambda pair: pair[0].origin is not None):
        root = saver.root
        if id(root.node) in reported:
            continue
        reported.add(id(root.node))
        yield at(root.node, CODE, message(root, late))


def message(saver: SaverConstruction, late: list[VariableCreation]) -> str:
    first = late[0].root
    singular = first.description.startswith(("variable ", "the variable ", "the global step"))
    plural = len(late) > 1 or not singular
    return (
        f"`{saver.spelling}()` is built before {where_created(late[0])}"
        f"{more(len(late) - 1)} in the same graph, so it never saves {'them' if plural else 'it'}"
        " - build the Saver after the model"
    )


def snapshot_savers(program: Program) -> list[SaverConstruction]:
    """Savers whose variables are fixed when built: no ``var_list`` or a collection snapshot
    (an empty-graph Saver raises at once: that is TFS004)."""
    return [
        saver for saver in program.events(SaverConstruction)
        if saver.root.var_list != "explicit" and not has_nothing_to_save(saver.root)
    ]


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


def _same_frame(program: Program) -> list[tuple[SaverConstruction, list[VariableCreation]]]:
    """A Saver and variables created after it in one frame (through proxies too), kept only
    when the Saver may save after such a variable exists."""
    found = []
    for saver in snapshot_savers(program):
        start = _snapshot_point(program, saver)
        if start is None:
            continue
        late = [v for v in later_variables(program, start) if saves_after(program, saver, v)]
        if late:
            found.append((saver, late))
    return found


def _class_form(program: Program) -> list[tuple[SaverConstruction, list[VariableCreation]]]:
    """A model class builds its Saver while constructed; another method creates variables in
    the same graph later (it runs after ``__init__``) and that Saver saves after them: later in
    that method, or in a frame that calls the method and then saves."""
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
        run_at_init = reached(init)
        later_methods = [
            frames[id(method)] for method in klass.mymethods()
            if is_instance_method(method) and id(method) in frames and frames[id(method)] not in run_at_init
        ]
        for saver in init_savers:
            candidates = [
                event
                for method in later_methods
                for event in method.events
                if isinstance(event, VariableCreation)
                and relation(saver.graph, event.graph) is Relation.SAME
                and not event.may_exist_already
            ]
            late = [v for v in candidates if _saved_after_anywhere(program, saver, v)]
            if late:
                found.append((saver, late))
    return found


def _saved_after_anywhere(program: Program, saver: SaverConstruction, variable: VariableCreation) -> bool:
    """Some frame shows the variable (or a call that creates it) and then a save of the Saver."""
    return any(
        saves_after(program, saver, event)
        for event in program.events(VariableCreation)
        if event.root is variable
    )
