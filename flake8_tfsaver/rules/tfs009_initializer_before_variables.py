"""TFS009: ``global_variables_initializer()`` built before variables created later in its graph."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostic import Diagnostic
from ..model import CheckpointCall, InitializerCreation, Program, SessionRun
from ._common import at, more, where_created
from .tfs001_saver_before_variables import later_variables

CODE = "TFS009"
SUMMARY = "Variables initializer built before variables created later in the same graph"


def check(program: Program) -> Iterator[Diagnostic]:
    for init in program.events(InitializerCreation):
        if not init.snapshot:
            continue
        if not any(init in run.initializers for run in program.events(SessionRun)):
            continue  # never run here: nothing goes wrong in this file
        late = later_variables(program, init)
        if not late:
            continue
        # Another initializer or a restore after the late variables may initialize them.
        first_late = late[0]
        if any(
            isinstance(e, (InitializerCreation, CheckpointCall)) and first_late.precedes(e)
            and e.graph == init.graph
            and (not isinstance(e, CheckpointCall) or e.method == "restore")
            for e in init.frame.events
        ):
            continue
        yield at(
            init.node, CODE,
            f"`{init.spelling}()` is built before {where_created(first_late)}"
            f"{more(len(late) - 1)}, which it never initializes (`FailedPreconditionError`)"
            " - build the initializer after the model and the optimizer",
        )
