"""TFS004: ``Saver()`` in a fresh graph before anything could have created a variable."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostic import Diagnostic
from ..model import OpaqueCall, Program, SaverConstruction, VariableCreation, history_visible
from ._common import at, saver_subject

CODE = "TFS004"
SUMMARY = "Saver built in a graph that has no variables yet"


def check(program: Program) -> Iterator[Diagnostic]:
    for saver in program.events(SaverConstruction):
        if has_nothing_to_save(saver):
            yield at(
                saver.node, CODE,
                f"{saver_subject(saver)} is built in {saver.graph.label} before any variable exists,"
                " so it raises `ValueError: No variables to save` - build the Saver after the model",
            )


def has_nothing_to_save(saver: SaverConstruction) -> bool:
    """Built without ``var_list`` in a graph this frame made, before anything in that graph
    could have created a variable (so TF raises at construction)."""
    if not saver.collects_here or saver.graph.kind != "object" or not history_visible(saver.graph, saver.frame):
        return False  # only a graph this frame made: its whole history is in front of us
    return not any(
        isinstance(event, (VariableCreation, OpaqueCall, SaverConstruction)) for event in saver.earlier_in_graph()
    )
