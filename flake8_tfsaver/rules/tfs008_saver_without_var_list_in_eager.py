"""TFS008: ``tf.compat.v1.train.Saver()`` without ``var_list`` while TF 2 eager mode is on."""

from __future__ import annotations

from collections.abc import Iterator

from astroid import nodes

from ..diagnostic import Diagnostic
from ..graph.program import GraphKind, Program, SaverConstruction, VarList
from ._common import at, saver_subject

CODE = "TFS008"
SUMMARY = "compat.v1 Saver without var_list under eager execution"


def check(program: Program) -> Iterator[Diagnostic]:
    if program.disables_eager:
        return
    reported: set[int] = set()
    for saver in program.events(SaverConstruction):
        root = saver.root
        if root.var_list is not VarList.ALL or not root.via_compat_v1 or id(root.node) in reported:
            continue
        # Only module-level code outside any graph block is certainly eager under TF 2.
        if not isinstance(saver.frame.node, nodes.Module) or saver.graph is None or saver.graph.kind is not GraphKind.DEFAULT:
            continue
        reported.add(id(root.node))
        yield at(
            root.node, CODE,
            f"{saver_subject(root)} has no `var_list` and runs eagerly (no `disable_eager_execution()`"
            " in this module), so it raises `RuntimeError` - pass `var_list=` or build it inside"
            " `with tf.Graph().as_default():`",
        )
