"""TFS003: a restore expects variables that the Saver which wrote that checkpoint never saved."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostic import Diagnostic
from ..graph.program import (
    CheckpointCall,
    OpaqueCall,
    Program,
    Relation,
    SaverConstruction,
    VariableCreation,
    history_visible,
    relation,
)
from ._common import at, code

CODE = "TFS003"
SUMMARY = "Restore expects variables the checkpoint does not have"


def check(program: Program) -> Iterator[Diagnostic]:
    calls = [c for c in program.events(CheckpointCall) if c.saver is not None and c.path_key is not None]
    saves = [c for c in calls if c.method == "save"]
    for restore in (c for c in calls if c.method == "restore"):
        writers = [s for s in saves if s.path_key == restore.path_key]
        if len(writers) != 1:
            continue  # several writers (or none in this file): which one wrote it is unknown
        writer = writers[0]
        if relation(writer.saver.graph, restore.saver.graph) is not Relation.DIFFERENT:
            continue
        saved = covered_names(writer.saver)
        expected = covered_names(restore.saver)
        if saved is None or expected is None:
            continue  # a name on either side is not fully known: say nothing
        missing = sorted(expected - saved)
        if not missing:
            continue  # restoring a subset is fine
        if len(missing) <= 2:
            keys = " and ".join(code(name) for name in missing)
        else:
            keys = f"{code(missing[0])} and {len(missing) - 1} more keys"
        yield at(
            restore.node, CODE,
            f"{code(restore.receiver.as_string() + '.restore()')} expects {keys}, missing from the"
            f" checkpoint written on line {writer.node.lineno} (`NotFoundError`) - build that Saver after"
            " every variable (same names), or restore only the saved ones with `var_list=`",
        )


def covered_names(saver: SaverConstruction) -> frozenset[str] | None:
    """Checkpoint keys a Saver without ``var_list`` covers: every variable created before it in
    its graph, when the file shows that graph's whole history and every name is known."""
    if not saver.collects_here or not history_visible(saver.graph, saver.frame):
        return None
    names: list[str] = []
    auto_counts: dict[str, int] = {}
    for event in saver.earlier_in_graph():
        if isinstance(event, OpaqueCall):
            return None
        if isinstance(event, VariableCreation):
            if event.full_name is None or event.origin is not None:
                return None
            name = event.full_name
            if event.auto_named:  # TF uniquifies: Variable, Variable_1, ...
                count = auto_counts.get(name, 0)
                auto_counts[name] = count + 1
                name = name if count == 0 else f"{name}_{count}"
            names.append(name)
    if len(set(names)) != len(names):
        return None  # TF would uniquify or reject duplicates: too subtle to be sure
    return frozenset(names)
