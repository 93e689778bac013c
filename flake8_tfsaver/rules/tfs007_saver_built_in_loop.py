"""TFS007: a Saver constructed in a loop adds a new set of save ops to the graph every time."""

from __future__ import annotations

from collections.abc import Iterator

from astroid import nodes

from ..diagnostic import Diagnostic
from ..graph.program import GraphKind, GraphReset, Program, SaverConstruction
from ..syntax.calls import deciding_arguments
from ..syntax.resolve import is_within
from ._common import at, reported_there, saver_subject

CODE = "TFS007"
SUMMARY = "Saver built inside a loop"
REPORTED_AT_SAVER = True  # calls of the Saver's builder in other modules stay quiet


def check(program: Program) -> Iterator[Diagnostic]:
    reported: set[int] = set()
    for saver in program.events(SaverConstruction):
        if not saver.loops or saver.graph is None:
            continue
        loop = saver.loops[-1]
        graph = saver.graph
        if graph.kind is GraphKind.OBJECT and graph.creation is not None and is_within(graph.creation, loop):
            continue  # every iteration builds a new graph
        if any(isinstance(e, GraphReset) and loop in e.loops for e in saver.frame.events):
            continue  # the default graph is reset in the loop
        root = saver.root
        if root.built_once:
            continue  # ``if self.saver is None: self.saver = Saver()``: once, whatever the loop
        if id(root.node) in reported or reported_there(root, CODE):
            continue
        reported.add(id(root.node))
        where = "" if root is saver else f" (called in the loop on line {saver.node.lineno})"
        decided = deciding_arguments(saver.node, root.node) if root is not saver and isinstance(saver.node, nodes.Call) else ""
        if decided:  # the call's own arguments take the branch that builds it
            where = f" (`{saver.node.func.as_string()}()` called in the loop on line {saver.node.lineno} {decided})"
        yield at(
            root.node, CODE,
            f"{saver_subject(root)} is built inside a loop{where}, adding new save ops to the graph"
            " on every iteration - build it once, before the loop",
        )
