"""TFS001: a Saver is built before variables that are created later in the same graph."""

from __future__ import annotations

from collections.abc import Iterator

from astroid import nodes

from ..diagnostic import Diagnostic
from ..graph.program import (
    CheckpointCall,
    Event,
    Frame,
    Program,
    Relation,
    SaverConstruction,
    SaverUse,
    UseKind,
    VarList,
    VariableCreation,
    relation,
)
from ..graph.timeline import has_nothing_to_save, later_variables, reached, saves_after
from ..syntax.resolve import is_instance_method
from ._common import (
    at,
    build_after,
    call_spelling,
    code,
    listings,
    plural,
    reported_there,
    saver_subject,
)

CODE = "TFS001"
SUMMARY = "Saver built before variables created later in the same graph"
REPORTED_AT_SAVER = True  # calls of the Saver's builder in other modules stay quiet


def check(program: Program) -> Iterator[Diagnostic]:
    reported: set[int] = set()
    found = _same_frame(program) + _class_form(program)
    # (a use is paired with the first late variable it follows)
    # Prefer what the Saver's own function shows over what a caller shows through a proxy, then
    # a place whose fix needs no descent into a called function.  The candidate only chooses the
    # wording: the finding is on the root Saver, whichever candidate speaks for it.
    for saver, late, use in sorted(found, key=_preference):
        root = saver.root
        if id(root.node) in reported or reported_there(root, CODE):
            continue
        reported.add(id(root.node))
        yield at(root.node, CODE, message(root, *_fix_place(saver, late, use)))


def _preference(item) -> tuple[bool, bool]:
    saver, late, use = item
    seen_there, _, _ = _fix_place(saver, late, use)
    return saver.origin is not None, seen_there[-1] is not late[-1]


def _fix_place(
    saver: SaverConstruction, late: list[VariableCreation], use: SaverUse,
) -> tuple[list[VariableCreation], SaverUse, Frame | None]:
    """Where the fix goes: the frame where the late variables are created and the saves follow.

    Seen from a caller, "build the Saver after `train()`" is wrong when the call that creates the
    late variables also saves before it returns, or also builds the Saver: then the fix is inside
    that call.  Each step goes one call down (the late variables and the saves that pass through
    it, and the Saver if it is built there too).  Returns the late variables and the use as seen
    there, and the frame to name when the Saver is not built in it (None: "after X" in its frame).
    """
    while True:
        last = late[-1]
        call = last.node
        if last.origin is None:
            break
        saves_inside = use.origin is not None and use.node is call
        built_inside = saver.origin is not None and saver.node is call
        if not (saves_inside or built_inside):
            break
        late = [v.origin if v.origin is not None and v.node is call else v for v in late]
        if saves_inside:
            use = use.origin
        if built_inside:
            saver = saver.origin
    frame = late[-1].frame
    named = saver.frame is not frame and getattr(frame.node, "name", None)
    return late, use, frame if named else None


def message(saver: SaverConstruction, late: list[VariableCreation], use: SaverUse, frame: Frame | None) -> list[str]:
    """The wordings of the finding, the most detailed first (``at`` keeps the first that fits)."""
    them = "them" if plural(late) else "it"
    if frame is not None:  # the Saver is built elsewhere (``__init__``): move it into this function
        last_line = max(v.node.lineno for v in late if v.frame is frame)
        fix = f"build the Saver in {code(frame.node.name + '()')} after line {last_line}, or pass `var_list=`"
    else:
        fix = f"build the Saver {build_after(late[-1])}"
    damage = _damage(use, them, late)
    return [
        f"{saver_subject(saver)} is built before {listing}, so {damage} - {fix}"
        for listing in listings(late)
    ]


def _damage(use: SaverUse, them: str, late: list[VariableCreation]) -> str:
    line = use.node.lineno
    if use.how is UseKind.RETURN:
        return f"the checkpoints its callers save lack {them} (it is returned on line {line})"
    if use.how is UseKind.ESCAPE:
        return f"the checkpoints saved through {call_spelling(use.node)} (line {line}) lack {them}"
    where = f"line {line}"
    if any(v.frame is use.frame and use.seq < v.seq for v in late):
        where += " (in the next loop iteration)"
    if use.origin is not None:
        return f"the checkpoint saved in {call_spelling(use.node)} (called on {where}) lacks {them}"
    return f"the checkpoint saved on {where} lacks {them}"


def snapshot_savers(program: Program) -> list[SaverConstruction]:
    """Savers whose variables are fixed when built: no ``var_list`` or a collection snapshot
    (an empty-graph Saver raises at once: that is TFS004)."""
    return [
        saver for saver in program.events(SaverConstruction)
        if saver.root.var_list is not VarList.EXPLICIT and not has_nothing_to_save(saver.root)
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


def _same_frame(program: Program) -> list[tuple[SaverConstruction, list[VariableCreation], SaverUse]]:
    """A Saver and variables created after it in one frame (through proxies too), kept only
    when the Saver may save after such a variable exists."""
    found = []
    for saver in snapshot_savers(program):
        start = _snapshot_point(program, saver)
        if start is None:
            continue
        uses = [(v, saves_after(program, saver, v)) for v in later_variables(program, start)]
        late = [v for v, use in uses if use is not None]
        if late:
            found.append((saver, late, next(use for _, use in uses if use is not None)))
    return found


def _class_form(program: Program) -> list[tuple[SaverConstruction, list[VariableCreation], SaverUse]]:
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
            uses = [(v, _saved_after_anywhere(program, saver, v)) for v in candidates]
            late = [v for v, use in uses if use is not None]
            if late:
                use = next(use for _, use in uses if use is not None)
                found.append((saver, late, use))
    return found


def _saved_after_anywhere(program: Program, saver: SaverConstruction, variable: VariableCreation) -> SaverUse | None:
    """Some frame shows the variable (or a call that creates it) and then a save of the Saver;
    the variable's own frame first (what a message says about the save)."""
    shown = sorted((e for e in program.events(VariableCreation) if e.root is variable), key=lambda e: e is not variable)
    for event in shown:
        if not _other_graph_here(program, saver, event):
            use = saves_after(program, saver, event)
            if use is not None:
                return use
    return None


def _other_graph_here(program: Program, saver: SaverConstruction, variable: VariableCreation) -> bool:
    """Where this frame shows both, the Saver (its proxy) and the variable are in different graphs
    (``m.extra()`` called under another graph's ``as_default()``)."""
    return any(
        relation(proxy.graph, variable.graph) is Relation.DIFFERENT
        for proxy in program.events(SaverConstruction)
        if proxy.frame is variable.frame and proxy.root is saver.root
    )
