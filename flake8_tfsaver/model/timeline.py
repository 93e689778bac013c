"""Questions about order that several rules ask of the model: what certainly runs after what,
which frames a frame reaches, and whether a Saver may write a checkpoint after a given event.

A finding needs a path on which the damage happens, not only two lines in a bad order: a Saver
that misses a late variable loses nothing unless it saves after that variable exists.
"""

from __future__ import annotations

from astroid import nodes

from .program import (
    Event,
    Frame,
    OpaqueCall,
    Program,
    Relation,
    SaverConstruction,
    SaverUse,
    VariableCreation,
    exclusive,
    history_visible,
    relation,
)


def runs_after(first: Event, then: Event, rebuilt_in: tuple[nodes.NodeNG, ...] = ()) -> bool:
    """True if ``then`` may run after ``first`` on one path of their frame: later in the same
    frame and not in exclusive branches, or both in one loop (the next iteration), unless that
    loop is one of ``rebuilt_in`` (the loops that build the thing anew every iteration)."""
    if first.frame is not then.frame or exclusive(first, then):
        return False
    if first.seq < then.seq:
        return True
    return any(loop in then.loops and loop not in rebuilt_in for loop in first.loops)


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
      there), or in the next iteration of a loop that does not rebuild the Saver;
    - the Saver returned from that frame to callers this file does not show;
    - a save in a frame the late frame never calls: it can only run once that frame has
      finished (the Saver is built there), so after ``late``."""
    frame = late.frame
    rebuilt_in = saver.loops if saver.frame is frame else ()
    mine = reached(frame)
    for use in saver_uses(program, saver):
        if use.frame is frame:
            if use.how == "return":
                if not called_in_file(program, frame) and runs_after(late, use, rebuilt_in):
                    return use
            elif runs_after(late, use, rebuilt_in):
                return use
        elif use.origin is None and use.how != "return" and use.frame not in mine and saver.frame is frame:
            return use
    return None
