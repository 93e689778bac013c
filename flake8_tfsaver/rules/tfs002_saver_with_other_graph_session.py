"""TFS002: ``saver.save/restore(sess, ...)`` with a session of another graph than the Saver's."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostic import Diagnostic
from ..graph.program import CheckpointCall, Program, Relation, relation
from ._common import at

CODE = "TFS002"
SUMMARY = "Saver used with a session of another graph"


def check(program: Program) -> Iterator[Diagnostic]:
    for call in program.events(CheckpointCall):
        if call.method not in ("save", "restore") or call.saver is None or call.session is None:
            continue
        saver, session = call.saver, call.session
        if relation(call.saver_graph, session.graph) is not Relation.DIFFERENT:
            continue
        receiver = call.receiver.as_string()
        session_name = call.session_expr.as_string()
        yield at(
            call.node,
            CODE,
            f"`{receiver}.{call.method}()` gets session `{session_name}` (line {session.node.lineno}) of"
            f" {session.graph.label}, but `{receiver}` (line {saver.node.lineno}) was built in"
            f" {call.saver_graph.label}, so it runs that session's ops, not its own"
            f" - {_fix(call.saver_graph)}",
        )


def _fix(graph) -> str:
    """Name the Saver's graph the way the code does, when it has a name."""
    if graph.kind == "object" and graph.label.startswith("graph `"):
        name = graph.label.split("`")[1]
        return f"use a session of `{name}` (`tf.Session(graph={name})`)"
    if graph.kind == "default":
        return "use a session of the default graph the Saver was built in"
    return "use a session of the Saver's graph (`graph=` of the Session)"
