"""TFS002: ``saver.save/restore(sess, ...)`` with a session of another graph than the Saver's."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostic import Diagnostic
from ..graph.program import CheckpointCall, GraphKind, Program, Relation, relation
from ._common import at, brief, code

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
        used = f"{code(receiver + '.' + call.method + '()')} gets session {code(call.session_expr.as_string())}"
        fix = _fix(call.saver_graph)
        yield at(
            call.node,
            CODE,
            f"{used} (line {session.node.lineno}) of {_graph(session.graph)}, but {code(receiver)} (line"
            f" {saver.node.lineno}) is in {_graph(call.saver_graph)}, so it runs that session's ops,"
            f" not its own - {fix}",
            last_resort=[  # names of 100 characters: the fix stays whole
                f"{used} of {_graph(session.graph)}, but {code(receiver)} is in {_graph(call.saver_graph)} - {fix}",
            ],
        )


def _graph(graph) -> str:
    """The graph as the code names it (``graph `g1```), else as the model describes it."""
    return f"graph {code(_name(graph))}" if _name(graph) else brief(graph.label)


def _name(graph) -> str | None:
    if graph.kind is GraphKind.OBJECT and graph.label.startswith("graph `"):
        return graph.label.split("`")[1]
    return None


def _fix(graph) -> str:
    """Name the Saver's graph the way the code does, when it has a name."""
    name = _name(graph)
    if name:
        return f"use `tf.Session(graph={name})`"
    if graph.kind is GraphKind.DEFAULT:
        return "use a session of the default graph the Saver was built in"
    return "use a session of the Saver's graph (`tf.Session(graph=...)`)"
