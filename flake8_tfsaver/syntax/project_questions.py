"""What name resolution may ask the linted file's project: the declared interface between the
models and ``crossmodule.view.ProjectView`` (which answers it), so that neither reaches into the
other's internals.  ``graph.project_calls.ProjectQuestions`` adds what the graph model asks."""

from __future__ import annotations

from typing import Protocol


class NameQuestions(Protocol):
    def rewrite(self, qualified: str) -> str:
        """``pkg.backend.tf`` -> ``tensorflow``: a name re-exported by project modules, followed."""

    def star_name(self, name: str) -> str | None:
        """``<module>.name`` for a name bound in the file only by ``from <project module> import *``."""

    def absolute_module(self, level: int, modname: str | None) -> str | None:
        """The absolute module a relative import names, from the file's place in its package."""
