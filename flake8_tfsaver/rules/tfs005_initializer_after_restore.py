"""TFS005: running a variables initializer after ``saver.restore`` in the same session."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostic import Diagnostic
from ..graph.program import CheckpointCall, Program, SessionRun
from ._common import at, code

CODE = "TFS005"
SUMMARY = "Variables initializer run after restore in the same session"


def check(program: Program) -> Iterator[Diagnostic]:
    restores = [c for c in program.events(CheckpointCall) if c.method == "restore" and c.session is not None]
    for run in program.events(SessionRun):
        initializers = [i for i in run.initializers if i.covers_all]
        if run.session is None or not initializers:
            continue
        earlier = [r for r in restores if r.session is run.session and r.precedes(run)]
        if not earlier:
            continue
        restore = earlier[-1]
        yield at(
            run.node, CODE,
            f"{code(initializers[0].spelling + '()')} runs after {code(restore.receiver.as_string() + '.restore()')}"
            f" (line {restore.node.lineno}) in the same session and overwrites the restored values"
            " - run the initializer before restoring",
        )
