"""The parse-once cache: one entry per module file, keyed by its real path and checked against
its size and modification time, for the life of the process (one flake8 run, or one ``--jobs``
worker).  A module imported by every linted file is read and parsed once.

Never raises: a module that cannot be read, decoded or parsed is simply not known (None).
"""

from __future__ import annotations

import ast
import os
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from importlib.util import decode_source

from ..catalog import text
from ..graph.summary import ModuleEffects
from ..syntax.answers import Answer
from .info import Imports, ModuleInfo, module_info, text_imports
from . import roots as roots_lib
from .roots import real_path

MAX_MODULE_BYTES = 2_000_000  # larger "modules" are generated data, not project code
# Parsed trees kept until their summary is made, so that it needs no second parse; dropped after
# each linted file (``drop_pending``): long-lived trees would slow every full garbage collection.
_PENDING_TREES = 32
_PARTIAL_SUMMARIES = 1  # summaries of some of a module's names before it is summarised whole


@dataclass
class _Entry:
    stamp: tuple[int, int]
    info: ModuleInfo | None
    pending: tuple[str, ast.Module] | None = None
    effects: dict[Hashable, ModuleEffects | None] = field(default_factory=dict)
    partial_makes: dict[Hashable, int] = field(default_factory=dict)  # summaries of some names made
    facts: dict[Hashable, object] = field(default_factory=dict)  # other answers about the module


class ModuleCache:
    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._pending: OrderedDict[str, None] = OrderedDict()
        self.parses: Counter[str] = Counter()  # real path -> times parsed (tests read it)
        self.summaries_made = 0
        self._imports: dict[str, tuple[tuple[int, int], Imports | None]] = {}
        self._text_facts: dict[Hashable, tuple[Imports, object]] = {}
        self._mentions: dict[str, tuple[tuple[int, int], bool | None]] = {}
        self._other_memos: list[dict] = []

    def info(self, path: str) -> ModuleInfo | None:
        entry = self._entry(path)
        return entry.info if entry is not None else None

    def imports(self, path: str) -> Imports | None:
        """What the module imports, from its text (no parse): for the pre-filter."""
        real = real_path(path)
        stamp = _stamp(real)
        if stamp is None:
            return None
        known = self._imports.get(real)
        if known is not None and known[0] == stamp:
            return known[1]
        source = _read_source(real, stamp)
        found = text_imports(real, source) if source is not None else None
        self._imports[real] = (stamp, found)
        return found

    def spells(self, path: str, word: str) -> bool:
        """Whether the module's text contains ``word`` (read, not parsed, not kept; True when
        unreadable, so that the caller parses it and finds it unreadable)."""
        real = real_path(path)
        stamp = _stamp(real)
        if stamp is None:
            return False
        source = _read_source(real, stamp)
        return source is None or word in source

    def names_a_saver(self, path: str) -> Answer:
        """Whether the module's text names a Saver (``text.SAVER_WORDS``; a substring test,
        cheaper than ``imports``: asked of every module a TF file imports); None: unreadable."""
        real = real_path(path)
        stamp = _stamp(real)
        if stamp is None:
            return None
        known = self._mentions.get(real)
        if known is not None and known[0] == stamp:
            return known[1]
        source = _read_source(real, stamp)
        found = text.names_a_saver(source) if source is not None else None
        self._mentions[real] = (stamp, found)
        return found

    def text_fact(self, path: str, key: Hashable, compute: Callable[[Imports], object]) -> object:
        """An answer about the module made from texts only (``compute(its imports)``), made once
        per version of its text, as ``fact`` is once per version of its tree; None for a module
        that cannot be read."""
        imports = self.imports(path)
        if imports is None:
            return None
        real = real_path(path)
        known = self._text_facts.get((real, key))
        if known is not None and known[0] is imports:
            return known[1]
        found = compute(imports)
        self._text_facts[(real, key)] = (imports, found)
        return found

    def remember_text_fact(self, path: str, key: Hashable, imports: Imports, found: object) -> None:
        """Record ``text_fact``'s answer for the module whose text reads as ``imports``, learnt
        while answering it for another module."""
        self._text_facts[(real_path(path), key)] = (imports, found)

    def source_and_tree(self, path: str) -> tuple[str, ast.Module] | None:
        """The module's text and ``ast`` tree: the one parsed for its info if still kept."""
        entry = self._entry(path)
        if entry is None or entry.info is None:
            return None
        real = real_path(path)
        if entry.pending is not None:
            parsed, entry.pending = entry.pending, None
            self._pending.pop(real, None)
            return parsed
        return self._parse(real)

    def effects(
        self, path: str, key: Hashable, depth: int, names: frozenset[str] | None,
        compute: Callable[[frozenset[str] | None], ModuleEffects | None],
    ) -> ModuleEffects | None:
        """The module's summary for ``key`` (the configuration) at ``depth`` covering ``names``
        (None: all), made once: a summary that no depth bound cut (``complete``) serves every
        depth.  A summary of a few names grows (made again for the union) when other names are
        asked; after ``_PARTIAL_SUMMARIES`` such makes the whole module is summarised, so a
        module that many files call into is read a bounded number of times."""
        entry = self._entry(path)
        if entry is None or entry.info is None:
            return None
        for (known_key, known_depth), found in entry.effects.items():
            if known_key != key or not (known_depth == depth or (found is None or found.complete) and known_depth <= depth):
                continue
            if found is None or found.names is None or names is not None and found.covers(names):
                return found
        previous = entry.effects.get((key, depth))
        wanted = names
        if wanted is not None and previous is not None and previous.names is not None:
            wanted = wanted | previous.names
        made = entry.partial_makes.get((key, depth), 0)
        if wanted is not None and made >= _PARTIAL_SUMMARIES:
            wanted = None
        found = compute(wanted)
        self.summaries_made += 1
        if found is not None and found.names is not None:
            entry.partial_makes[(key, depth)] = made + 1
        entry.effects[(key, depth)] = found
        return found

    def fact(self, path: str, key: Hashable, compute: Callable[[], object]) -> object:
        """An answer about the module (``compute()``), made once per version of the file; None
        for a module that cannot be read or parsed."""
        entry = self._entry(path)
        if entry is None or entry.info is None:
            return None
        if key not in entry.facts:
            entry.facts[key] = compute()
        return entry.facts[key]

    def known_fact(self, path: str, key: Hashable, default: object = None) -> object:
        """The answer ``fact`` made for the module as it is now, or ``default`` when none was made
        (never reads or parses it)."""
        real = real_path(path)
        entry = self._entries.get(real)
        if entry is None or key not in entry.facts:
            return default
        return entry.facts[key] if entry.stamp == _stamp(real) else default

    def source(self, path: str) -> str | None:
        """The module's text (read again: texts are not kept)."""
        try:
            with open(real_path(path), "rb") as handle:
                return decode_source(handle.read(MAX_MODULE_BYTES + 1))
        except (OSError, ValueError, UnicodeError, LookupError, SyntaxError):
            return None

    def drop_pending(self) -> None:
        """Forget the parsed trees no summary asked for (called after each linted file)."""
        for real in self._pending:
            entry = self._entries.get(real)
            if entry is not None:
                entry.pending = None
        self._pending.clear()

    def forget_with_cache(self, *memos: dict) -> None:
        """Register process-wide memo dicts of other modules (answers read from the project's
        files), so that ``clear`` empties them too."""
        self._other_memos.extend(memos)

    def clear(self) -> None:
        """Forget everything read from the project's files: this cache, the memos registered with
        ``forget_with_cache`` and the folder-layout answers of ``roots``."""
        for memo in self._other_memos:
            memo.clear()
        for cached in (roots_lib.package_chain, roots_lib.import_roots, roots_lib.resolve_module, roots_lib.real_path):
            cached.cache_clear()
        self._entries.clear()
        self._imports.clear()
        self._text_facts.clear()
        self._mentions.clear()
        self._pending.clear()
        self.parses.clear()

    # ---- internals ----------------------------------------------------------------------
    def _entry(self, path: str) -> _Entry | None:
        real = real_path(path)
        stamp = _stamp(real)
        if stamp is None:
            return None
        entry = self._entries.get(real)
        if entry is not None and entry.stamp == stamp:
            return entry
        parsed = self._parse(real) if stamp[0] <= MAX_MODULE_BYTES else None
        info = None
        if parsed is not None:
            try:
                info = module_info(real, *parsed)
            except (RecursionError, ValueError):
                info, parsed = None, None
        entry = _Entry(stamp, info, parsed)
        self._entries[real] = entry
        if parsed is not None:
            self._keep_pending(real)
        return entry

    def _keep_pending(self, real: str) -> None:
        self._pending[real] = None
        while len(self._pending) > _PENDING_TREES:
            oldest, _ = self._pending.popitem(last=False)
            if oldest in self._entries:
                self._entries[oldest].pending = None

    def _parse(self, real: str) -> tuple[str, ast.Module] | None:
        self.parses[real] += 1
        try:
            with open(real, "rb") as handle:
                data = handle.read(MAX_MODULE_BYTES + 1)
            if len(data) > MAX_MODULE_BYTES:
                return None
            source = decode_source(data)
            return source, ast.parse(source, filename=real)
        except (OSError, SyntaxError, ValueError, UnicodeError, RecursionError, MemoryError, LookupError):
            return None


def _read_source(real: str, stamp: tuple[int, int]) -> str | None:
    """The module's decoded text, or None: too large to be project code, or unreadable."""
    if stamp[0] > MAX_MODULE_BYTES:
        return None
    try:
        with open(real, "rb") as handle:
            return decode_source(handle.read())
    except (OSError, ValueError, UnicodeError, LookupError, SyntaxError):
        return None


def _stamp(real: str) -> tuple[int, int] | None:
    """(size, modification time) of a file: which version of it a cached answer is about."""
    try:
        stat = os.stat(real)
    except (OSError, ValueError):
        return None
    return stat.st_size, stat.st_mtime_ns


CACHE = ModuleCache()
