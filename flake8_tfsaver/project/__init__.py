"""The project view: what the other modules of the linted file's own project provide.

A layer below the model, in four parts: ``roots`` (where the project's imports come from),
``info`` + ``cache`` (each module read and parsed once per process, with ``ast`` only),
``view`` (one file's questions about names and calls), and ``summary`` / ``summarise`` (what a
project function, class or method does in its caller's graph, made once by running the model on
that module).  Everything but ``summarise`` imports neither astroid nor the model, so the
pre-filter can ask whether a file reaches TensorFlow through its project without loading them.
"""

from __future__ import annotations

import ast
import os

from .view import ProjectView

_NOT_FILES = frozenset({"", "-", "stdin"})


def open_project(filename: str | None, config, source: str, tree: ast.Module | None = None) -> ProjectView | None:
    """The view of the file being linted, or None when it has no place on disk (stdin)."""
    if not filename or filename in _NOT_FILES:
        return None
    try:
        folder = os.path.dirname(os.path.abspath(filename))
        if not os.path.isdir(folder):
            return None
        return ProjectView(filename, tuple(config.source_roots), config, own=(source, tree))
    except (OSError, ValueError):
        return None


__all__ = ["ProjectView", "open_project"]
