"""Where a file's project imports come from: its import roots, and the file a dotted name is.

Only ``os.stat``-level calls on the few paths an import can mean: no directory is ever listed or
walked, so a 10,000-module tree costs what its imports cost, and symlink loops are just paths that
are not files.  Installed packages (``site-packages`` / ``dist-packages``) are never the project.

Roots of a file, in the order an import is looked up:
1. the parent of the top of its package chain (walk up while ``__init__.py`` exists), where
   ``python -m pkg.mod`` would run it (also covers ``src/`` layouts: ``src/pkg/mod.py``);
2. its own folder (a script's siblings; also Python 2-style implicit relative imports);
3. the roots configured with ``--tfsaver-source-roots``;
4. the nearest folder above it holding ``setup.py`` / ``setup.cfg`` / ``pyproject.toml`` / ``.git``
   (at most a few levels up), and that folder's ``src/`` (tests and scripts beside a package).
"""

from __future__ import annotations

import os
from functools import lru_cache

_MARKERS = ("setup.py", "setup.cfg", "pyproject.toml", ".git")
_MARKER_LEVELS = 3  # how far above the package chain a project marker is looked for
_MAX_CHAIN = 40  # package nesting considered at most
_INSTALLED = frozenset({"site-packages", "dist-packages"})
# Top-level names that are never a project module (TF itself: its names are the catalog's).
NEVER_PROJECT = frozenset({"tensorflow", "tf_slim", "tf_keras", "__future__"})


def is_installed(path: str) -> bool:
    """True for a path inside an installed distribution (not the user's project)."""
    return any(part in _INSTALLED for part in path.replace("\\", "/").split("/"))


@lru_cache(maxsize=4096)
def package_chain(path: str) -> tuple[str, str, bool]:
    """``(root, module name, is_package)`` of a file from the ``__init__.py`` files above it:
    ``/p/pkg/sub/mod.py`` with ``pkg/`` and ``sub/`` packages is ``("/p", "pkg.sub.mod", False)``."""
    path = os.path.abspath(path)
    folder, filename = os.path.split(path)
    stem = filename[:-3] if filename.endswith(".py") else filename
    is_package = stem == "__init__"
    parts = [] if is_package else [stem]
    for _ in range(_MAX_CHAIN):
        if not _is_file(os.path.join(folder, "__init__.py")):
            break
        parts.insert(0, os.path.basename(folder))
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return folder, ".".join(parts), is_package


def relative_base(path: str, level: int, modname: str | None) -> str | None:
    """The absolute module a relative import (``from ..x import y``: level 2, ``x``) of the file at
    ``path`` names, or None when the file is not in a package or the import climbs above it."""
    _, name, is_package = package_chain(path)
    package = name.split(".") if is_package else name.split(".")[:-1]
    if not name or level - 1 > len(package) - 1 or not package:
        return None
    base = package[: len(package) - (level - 1)]
    if modname:
        base = base + modname.split(".")
    return ".".join(base) or None


@lru_cache(maxsize=4096)
def import_roots(path: str, configured: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The folders an absolute import of the file at ``path`` is looked up in (see module doc)."""
    path = os.path.abspath(path)
    chain_root, _, _ = package_chain(path)
    candidates = [chain_root, os.path.dirname(path), *(os.path.abspath(c) for c in configured)]
    folder = chain_root
    for _ in range(_MARKER_LEVELS + 1):
        if any(os.path.lexists(os.path.join(folder, marker)) for marker in _MARKERS):
            candidates += [folder, os.path.join(folder, "src")]
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    roots: list[str] = []
    for candidate in candidates:
        if candidate not in roots and os.path.isdir(candidate) and not is_installed(candidate):
            roots.append(candidate)
    return tuple(roots)


@lru_cache(maxsize=65536)
def resolve_module(dotted: str, roots: tuple[str, ...]) -> str | None:
    """The file of module ``dotted`` under the first root that has it (``a/b.py`` or
    ``a/b/__init__.py``), or None.  Never a module of an installed package."""
    parts = dotted.split(".")
    if not dotted or parts[0] in NEVER_PROJECT or not all(p.isidentifier() for p in parts):
        return None
    for root in roots:
        base = os.path.join(root, *parts)
        for candidate in (base + ".py", os.path.join(base, "__init__.py")):
            if _is_file(candidate) and not is_installed(real_path(candidate)):
                return candidate
    return None


@lru_cache(maxsize=65536)
def real_path(path: str) -> str:
    """``os.path.realpath``, memoised (links do not change during a run); '' if it fails."""
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return ""


def _is_file(path: str) -> bool:
    try:
        return os.path.isfile(path)
    except (OSError, ValueError):  # symlink loops, odd names: not a module
        return False
