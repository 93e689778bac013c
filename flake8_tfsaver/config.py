"""Options, parsed once into a frozen config with defaults."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Config:
    # Qualified names (``mylib.layers.dense``, ``mylib.models.*``) of code outside the project (an
    # installed or vendored library) that creates variables or returns a Saver; the project's own
    # modules are followed without them.  See the README's Configuration section.
    variable_creators: tuple[str, ...] = ()
    saver_factories: tuple[str, ...] = ()
    # Extra folders the project's absolute imports are looked up in (like mypy's ``mypy_path``),
    # besides those found from each file's place (see ``crossmodule.roots``).
    source_roots: tuple[str, ...] = ()


DEFAULT_CONFIG = Config()
