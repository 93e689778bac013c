"""TFS010: a ``tf.train.Saver(...)`` constructor argument passed to ``save()``/``restore()``."""

from __future__ import annotations

from collections.abc import Iterator

from ..catalog import tf1
from ..diagnostic import Diagnostic
from ..graph.program import CheckpointCall, Program
from ._common import at, code

CODE = "TFS010"
SUMMARY = "Saver constructor argument passed to save() or restore()"


def check(program: Program) -> Iterator[Diagnostic]:
    for call in program.events(CheckpointCall):
        accepted = {"save": tf1.SAVE_KEYWORDS, "restore": tf1.RESTORE_KEYWORDS}.get(call.method)
        if accepted is None:
            continue
        for keyword in call.node.keywords or ():
            if keyword.arg in tf1.SAVER_CONSTRUCTOR_KEYWORDS and keyword.arg not in accepted:
                yield at(
                    call.node, CODE,
                    f"{code(call.receiver.as_string() + '.' + call.method + '()')} does not take `{keyword.arg}=`"
                    f" (`TypeError` at the first checkpoint) - pass it to `tf.train.Saver(...)`",
                )
                break
