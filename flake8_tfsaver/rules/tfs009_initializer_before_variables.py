"""TFS009: ``global_variables_initializer()`` built before variables created later in its graph,
run in a session that then reads them with nothing else initializing them."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostic import Diagnostic
from ..graph.program import (
    CheckpointCall,
    InitializerCreation,
    Program,
    SessionClose,
    SessionHandOff,
    SessionRun,
    VariableCreation,
)
from ..graph.timeline import later_variables, runs_after
from ._common import at, build_after, code, listings, plural

CODE = "TFS009"
SUMMARY = "Variables initializer built before variables created later in the same graph"


def check(program: Program) -> Iterator[Diagnostic]:
    for init in program.events(InitializerCreation):
        if not init.snapshot:
            continue
        late = later_variables(program, init)
        if not late:
            continue
        runs = [r for r in program.events(SessionRun) if init in r.initializers and r.session is not None]
        reads = [(v, _first_read(program, runs, v)) for v in late]
        damaged = [v for v, read in reads if read is not None]
        if not damaged:
            continue  # never run here, or no session that ran it reads the late variables
        read = next(read for _, read in reads if read is not None)
        them = "them" if plural(damaged) else "it"
        yield at(init.node, CODE, [
            f"{code(init.spelling + '()')} is built before {listing}, so"
            f" {code(read.receiver.as_string())} reads {them} uninitialized on line {read.node.lineno}"
            f" (`FailedPreconditionError`) - build it {build_after(damaged[-1])}"
            for listing in listings(damaged)
        ])


def _first_read(program: Program, runs: list[SessionRun], variable: VariableCreation) -> SessionRun | None:
    for run in runs:
        read = _uninitialized_read(program, run, variable)
        if read is not None:
            return read
    return None


def _uninitialized_read(program: Program, init_run: SessionRun, variable: VariableCreation) -> SessionRun | None:
    """The session that ran the initializer later runs something that may read ``variable``,
    while still open, with no initializer, restore or unknown code for it in between."""
    session = init_run.session
    events = variable.frame.events
    for use in program.events(SessionRun):
        if use.session is not session or use is init_run or use.frame is not variable.frame:
            continue
        if use.initializers or use.runs_variable_initializer:
            continue  # an initializer run, not a read
        if not (runs_after(variable, use) and runs_after(init_run, use)):
            continue
        if not use.may_read(variable):
            continue
        start = max(variable.seq, init_run.seq)
        between = [init_run] + [e for e in events[events.index(use) - 1:: -1] if e.seq > start]
        if any(_covers(e, session, variable) for e in between if not _exclusive_with(e, use)):
            continue
        return use
    return None


def _exclusive_with(event, use) -> bool:
    return not runs_after(event, use)


def _covers(event, session, variable: VariableCreation) -> bool:
    """Initializes or restores the late variable in that session, closes it, or may (unknown code)."""
    if isinstance(event, SessionRun) and event.session is session:
        if event.may_initialize(variable):
            return True
        # an initializer built after the variable (a variables_initializer list is taken on trust)
        return any(i.frame is not variable.frame or i.seq > variable.seq for i in event.initializers)
    if isinstance(event, CheckpointCall) and event.method == "restore":
        return event.session is session or event.session is None
    if isinstance(event, (SessionClose, SessionHandOff)):
        return event.session is session
    return False
