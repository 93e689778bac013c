"""One linted file's run, from the pre-filter to its findings, owned by one object.

Astroid-free, so the flake8 adapter can hold it before it knows whether the engine is needed."""

from __future__ import annotations

import ast
import functools

from .config import DEFAULT_CONFIG, Config
from .crossmodule.cache import CACHE
from .crossmodule.view import ProjectView, open_project
from .prefilter import needs_analysis


class LintedFile:
    """The file's text, tree and options, and its project view, opened on the first question
    that needs it (most files never open one).  Used as a ``with`` block: on exit it frees what
    the view left behind, the parsed trees of modules no summary asked for (``CACHE.drop_pending``).
    The pre-filter and the analysis share the one view."""

    def __init__(
        self, source: str, tree: ast.Module | None = None, config: Config = DEFAULT_CONFIG,
        filename: str | None = None,
    ) -> None:
        self.source = source
        self.tree = tree
        self.config = config
        self.filename = filename

    @functools.cached_property
    def project(self) -> ProjectView | None:
        """None without a filename (stdin, tests): no other module is followed."""
        return open_project(self.filename, self.config, self.source, self.tree)

    def needs_analysis(self) -> bool:
        return needs_analysis(self.source, self.config, lambda: self.project)

    def __enter__(self) -> LintedFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if vars(self).get("project") is not None:
            CACHE.drop_pending()
