"""Thin flake8 adapter: options, engine call, formatting.  All logic lives in ``engine``."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from . import __version__
from .config import DEFAULT_CONFIG, Config
from .diagnostic import internal_error
from .linted_file import LintedFile


class TfSaverChecker:
    name = "flake8-tfsaver"
    version = __version__
    config: Config = DEFAULT_CONFIG

    def __init__(self, tree: ast.Module, lines: list[str], filename: str = "") -> None:
        self.tree = tree
        self.lines = lines
        self.filename = filename

    @classmethod
    def add_options(cls, manager: Any) -> None:
        manager.add_option(
            "--tfsaver-variable-creators", default="", parse_from_config=True,
            comma_separated_list=True,
            help="Qualified names of functions/classes outside the project (installed or vendored "
            "code) whose call creates TF variables in the current graph (fnmatch patterns, e.g. "
            "mylib.layers.*); the project's own modules are followed without it.",
        )
        manager.add_option(
            "--tfsaver-saver-factories", default="", parse_from_config=True,
            comma_separated_list=True,
            help="Qualified names of functions outside the project (installed or vendored code) "
            "that return a new tf.train.Saver built at call time; the project's own modules are "
            "followed without it.",
        )
        manager.add_option(
            "--tfsaver-source-roots", default="", parse_from_config=True,
            comma_separated_list=True, normalize_paths=True,
            help="Extra folders the project's absolute imports are looked up in (like mypy's "
            "mypy_path); script folders, packages and src/ layouts are found by themselves.",
        )

    @classmethod
    def parse_options(cls, options: Any) -> None:
        cls.config = Config(
            variable_creators=tuple(getattr(options, "tfsaver_variable_creators", None) or ()),
            saver_factories=tuple(getattr(options, "tfsaver_saver_factories", None) or ()),
            source_roots=tuple(getattr(options, "tfsaver_source_roots", None) or ()),
        )

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        with LintedFile("".join(self.lines), self.tree, self.config, self.filename) as file:
            if not file.needs_analysis():
                return
            try:
                from .engine import (
                    analyse_file,  # astroid is imported only once some file needs it
                )
            except Exception as exc:  # noqa: BLE001 - a broken install must not crash the flake8 run
                diagnostics = [internal_error(
                    "flake8-tfsaver could not load its engine", exc,
                    "reinstall it (`pip install -U flake8-tfsaver`) so that a supported astroid is installed",
                )]
            else:
                diagnostics = analyse_file(file)
        for diagnostic in diagnostics:
            yield diagnostic.line, diagnostic.col, diagnostic.text(), type(self)
