"""TFS004: ``Saver()`` in a fresh graph before anything could have created a variable."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostic import Diagnostic
from ..graph.program import Program, SaverConstruction
from ..graph.timeline import has_nothing_to_save
from ._common import at, brief, saver_subject

CODE = "TFS004"
SUMMARY = "Saver built in a graph that has no variables yet"


def check(program: Program) -> Iterator[Diagnostic]:
    for saver in program.events(SaverConstruction):
        if has_nothing_to_save(saver):
            yield at(
                saver.node, CODE,
                f"{saver_subject(saver)} is built in {brief(saver.graph.label)} before any variable exists,"
                " so it raises `ValueError: No variables to save` - build the Saver after the model",
            )
