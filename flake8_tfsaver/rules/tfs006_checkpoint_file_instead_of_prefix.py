"""TFS006: ``restore`` given a checkpoint *file* (``.meta``/``.index``/``.data-*``) instead of its
prefix, and ``import_meta_graph`` given a path that is not the ``.meta`` file."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostic import Diagnostic
from ..graph.program import CheckpointCall, MetaGraphImport, Program
from ._common import at, code

CODE = "TFS006"
SUMMARY = "Checkpoint file path where the checkpoint prefix (or .meta file) is expected"
_FILE_SUFFIX = re.compile(r"\.(meta|index|data-\d{5}-of-\d{5})$")


def check(program: Program) -> Iterator[Diagnostic]:
    for call in program.events(CheckpointCall):
        if call.method != "restore" or call.path_suffix is None:
            continue
        match = _FILE_SUFFIX.search(call.path_suffix)
        if match:
            yield at(
                call.node, CODE,
                f"{code(call.receiver.as_string() + '.restore()')} is given a path ending in"
                f" {code(call.path_suffix)}, a checkpoint file, not the checkpoint prefix - drop"
                f" the `.{match.group(1)}` suffix",
            )
    for imported in program.events(MetaGraphImport):
        suffix = imported.path_suffix
        if suffix is not None and not suffix.endswith(".meta"):
            yield at(
                imported.node, CODE,
                f"{code(imported.spelling + '()')} is given a path ending in {code(suffix)}, which is not"
                f" the `.meta` file - pass {code(_meta_path(suffix))}",
            )


def _meta_path(suffix: str) -> str:
    return _FILE_SUFFIX.sub("", suffix) + ".meta"
