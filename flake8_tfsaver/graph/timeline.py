"""Questions about order that several rules ask of the model: what certainly runs after what,
which frames a frame reaches, and whether a Saver may write a checkpoint after a given event.

A finding needs a path on which the damage happens, not only two lines in a bad order: a Saver
that misses a late variable loses nothing unless it saves after that variable exists.
"""

from __future__ import annotations

from astroid import nodes

from ..syntax.resolve import is_within
from .program import (
    Event,
    Frame,
    GraphKind,
    OpaqueCall,
    Program,
    Relation,
    SaverConstruction,
    SaverUse,
    UseKind,
    VariableCreation,
    exclusive,
    exclusive_branches,
    history_visible,
    relation,
)


def runs_after(first: Event, then: Event, rebuilt_in: tuple[nodes.NodeNG, ...] = ()) -> bool:
    """True if ``then`` may run after ``first`` on one path of their frame: later in the same
    frame and not in exclusive branches, or in a later iteration of a loop around both (where
    only branches outside that loop can keep them apart), unless ``first`` always leaves that
    loop or the loop is one of ``rebuilt_in`` (it builds the thing anew every iteration)."""
    if first.frame is not then.frame:
        return False
    if first.seq < then.seq and not exclusive(first, then):
        return True
    for index, loop in enumerate(first.loops):
        if loop in rebuilt_in or loop in first.final_loops or loop not in then.loops:
            continue
        outside_first = first.branches[: _depth(first, index)]
        outside_then = then.branches[: _depth(then, then.loops.index(loop))]
        if not exclusive_branches(outside_first, outside_then):
            return True
    return False


def _depth(event: Event, index: int) -> int:
    return event.loop_depths[index] if index < len(event.loop_depths) else len(event.branches)


def reached(start: Frame) -> list[Frame]:
    """``start`` and every frame of this file it calls, transitively."""
    seen = [start]
    for frame in seen:
        seen.extend(callee for callee in frame.callees if callee not in seen)
    return seen


def called_in_file(program: Program, frame: Frame) -> bool:
    """Some frame of this file calls ``frame`` directly (so its callers are visible)."""
    return any(frame in other.callees for other in program.frames)


def later_variables(program: Program, start: Event) -> list[VariableCreation]:
    """Variables certainly created after ``start`` in the same frame and the same graph."""
    return [
        event
        for event in start.frame.events
        if isinstance(event, VariableCreation)
        and start.precedes(event)
        and relation(start.graph, event.graph) is Relation.SAME
        and certainly_new(event)
    ]


def certainly_new(variable: VariableCreation) -> bool:
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


def saver_uses(program: Program, saver: SaverConstruction) -> list[SaverUse]:
    """Every point where the Saver (its root construction) may write a checkpoint."""
    root = saver.root.node
    return [use for use in program.events(SaverUse) if use.saver_node is root]


def saves_after(program: Program, saver: SaverConstruction, late: Event) -> SaverUse | None:
    """The first use through which ``saver`` may save after ``late`` ran, seen from ``late``'s
    frame (None if there is none):

    - a save / escape of the Saver later in that frame (directly or inside a function it calls
      there), or in the next iteration of a loop that does not rebuild the Saver; a Saver kept
      by a Supervisor / Scaffold / hook saves later even if handed over before;
    - the Saver returned from that frame to callers this file does not show;
    - a save in a frame the late frame never calls, never defines and never passes around as a
      value: it can only run once that frame has finished (the Saver is built there)."""
    frame = late.frame
    rebuilt_in = saver.loops if saver.frame is frame else ()
    mine = reached(frame)
    for use in saver_uses(program, saver):
        if use.frame is frame:
            if not _same_invocation(saver, use):
                continue
            if use.how is UseKind.RETURN:
                if not called_in_file(program, frame) and runs_after(late, use, rebuilt_in):
                    return use
            elif runs_after(late, use, rebuilt_in) or (use.stored and not exclusive(late, use)):
                return use
        elif (
            use.origin is None and use.how is not UseKind.RETURN and saver.frame is frame and use.frame not in mine
            and not is_within(use.frame.node, frame.node) and not _passed_around(program, use.frame)
        ):
            return use
    return None


def _same_invocation(saver: SaverConstruction, use: SaverUse) -> bool:
    """A save inside the function call that built the Saver uses *that call's* Saver: two calls
    of one helper that builds and saves its own Saver are two Savers."""
    if use.origin is None:
        return True
    builders = set()
    event = saver.origin
    while event is not None:
        builders.add(id(event.frame))
        event = event.origin
    if id(use.root.frame) not in builders:
        return True  # saved by other code than the one that built it
    return saver.origin is not None and use.node is saver.node


def _passed_around(program: Program, frame: Frame) -> bool:
    """The function is referenced as a value somewhere (a callback, ``map(f, ...)``, a dict of
    commands): it may run at any time, even before the late variable."""
    name = getattr(frame.node, "name", None)
    if name is None:
        return True
    if program.value_references is None:
        program.value_references = _value_references(program.module)
    return name in program.value_references


def _value_references(module: nodes.Module) -> frozenset[str]:
    spelled = []
    for node in module.nodes_of_class((nodes.Name, nodes.Attribute)):
        parent = node.parent
        if isinstance(parent, nodes.Call) and parent.func is node:
            continue
        spelled.append(node.name if isinstance(node, nodes.Name) else node.attrname)
    return frozenset(spelled)


def has_nothing_to_save(saver: SaverConstruction) -> bool:
    """Built without ``var_list`` in a graph this frame made, before anything in that graph
    could have created a variable (so TF raises at construction)."""
    if not saver.collects_here or saver.graph.kind is not GraphKind.OBJECT or not history_visible(saver.graph, saver.frame):
        return False  # only a graph this frame made: its whole history is in front of us
    return not any(
        isinstance(event, (VariableCreation, OpaqueCall, SaverConstruction)) for event in saver.earlier_in_graph()
    )
