"""One file's view of its project: what the model asks about names that come from other modules.

- ``absolute_module``: the module a relative import names;
- ``star_name``: where a name bound nowhere in the file comes from (``from utils import *``);
- ``rewrite``: a dotted import path through the project's re-exports and aliases, so that
  ``pkg.backend.tf.train.Saver`` becomes ``tensorflow.compat.v1.train.Saver``;
- ``callee``: the summary of a project function or class, for a call;
- ``disables_eager`` / ``imports_tensorflow``: facts about the modules it imports.

Every answer is a pure function of the file's path, the files on disk and the configuration, never
of which other files were linted before: a name resolution that meets a cycle is recomputed for
each question, and a summary depends on the depth it is asked at, never on who asked first.
A module's own imports are resolved under *its* roots; an answer that would mean another module
from this file's roots is dropped (unknown), never guessed.
"""

from __future__ import annotations

import ast
import bisect
import gc
import os
import re
from collections.abc import Callable

from ..catalog import spelling, tf1
from ..graph.summary import ModuleEffects, Summary
from . import roots as roots_lib
from .cache import CACHE
from .info import (
    ANY_NAME,
    CLASS,
    DEF,
    LINE_BREAK,
    OTHER,
    SELF,
    Imports,
    ModuleInfo,
    call_targets,
    module_info,
    statement_imports,
    statements,
    text_imports,
)

MAX_DEPTH = 2  # the linted file, and the module a call goes into (whose own calls out are unknown)
_MAX_HOPS = 12  # re-exports followed for one name
_MAX_IMPORTED = 30  # modules visited when asking what a file's imports do when imported
_IMPORT_LEVELS = 3
_MAX_PREPARED = 60  # summaries a module makes ready before its own tree is built
_CUT = object()  # ``_imported``: the search stopped with modules left to read
_MAX_SAVER_SEARCH = 200  # modules read (as text) to rule out a Saver reached through re-exports

Roots = tuple[str, ...]
_HERE: Roots = ("<here>",)  # "read under the roots the name was asked with"
# Makes the summary of a module's names (None: all of them); it needs the model
# (``crossmodule.summarise``).
Summariser = Callable[[str, "ProjectView", "frozenset[str] | None"], "ModuleEffects | None"]


class ProjectView:
    def __init__(
        self, path: str, configured_roots: tuple[str, ...] = (), config_key: object = None,
        depth: int = MAX_DEPTH, own: tuple[str, ast.Module] | None = None,
        summariser: Summariser | None = None,
    ) -> None:
        self.path = os.path.abspath(path)
        self.configured_roots = tuple(configured_roots)
        self.roots = roots_lib.import_roots(self.path, self.configured_roots)
        self.config_key = config_key
        self.depth = depth
        self.summariser = summariser  # makes a module's ModuleEffects (needs the model)
        self._own = own  # the linted file's text and tree (may differ from the disk)
        self._info: ModuleInfo | None = None
        self._info_done = False
        self._rewritten: dict[str, str] = {}
        self._callees: dict[str, Summary | None] = {}  # (per file: the cache is asked once)
        self._effects: dict[str, ModuleEffects | None] = {}
        self.asked: set[str] = set()  # modules whose summaries were asked while none are made
        self.cut = False  # a summary this view used was cut by the depth bound

    def child(self, path: str) -> ProjectView:
        """The view of an imported module, one call deeper."""
        return ProjectView(path, self.configured_roots, self.config_key, self.depth - 1, summariser=self.summariser)

    # ---- the file itself ------------------------------------------------------------------
    @property
    def info(self) -> ModuleInfo | None:
        if not self._info_done:
            self._info_done = True
            if self._own is not None:
                source, tree = self._own
                try:
                    if tree is None:
                        tree = ast.parse(source)
                        self._own = (source, tree)
                    self._info = module_info(self.path, source, tree)
                except (SyntaxError, RecursionError, ValueError, MemoryError):
                    self._info = None
            else:
                self._info = CACHE.info(self.path)
        return self._info

    def absolute_module(self, level: int, modname: str | None) -> str | None:
        return roots_lib.relative_base(self.path, level, modname)

    def star_name(self, name: str) -> str | None:
        info = self.info
        if info is None:
            return None
        found = self._star_lookup(info, self.roots, name, 0, set())
        return self._portable(found, self.roots) if found is not None else None

    # ---- names ------------------------------------------------------------------------------
    def rewrite(self, qualified: str) -> str:
        found = self._rewritten.get(qualified)
        if found is None:
            result, roots, tainted = self._rewrite(qualified, self.roots, 0, frozenset())
            found = self._portable(result, roots) or qualified
            if not tainted:
                self._rewritten[qualified] = found
        return found

    def _portable(self, qualified: str, roots: Roots) -> str | None:
        """``qualified`` if it means the same module seen from this file as from ``roots``."""
        return self._portable_between(qualified, roots, self.roots)

    def _rewrite(self, qualified: str, roots: Roots, hops: int, active: frozenset) -> tuple[str, Roots, bool]:
        """(rewritten, roots it is to be read under, tainted).  Tainted: a cycle or the hop bound
        cut the answer short, so it depends on where the question started: not memoised."""
        current, tainted = qualified, False
        while True:
            if (current, roots) in active or hops >= _MAX_HOPS:
                return current, roots, True
            parts = current.split(".")
            split = module_of(parts, roots)
            if split is None:
                return current, roots, tainted
            path, used = split
            prefix, name, rest = ".".join(parts[:used]), parts[used], parts[used + 1 :]
            text = CACHE.imports(path)
            if text is not None and name not in text.aliases and not text.star:
                return current, roots, tainted  # defined there (or nowhere): no parse needed
            info = CACHE.info(path)
            if info is None:
                return current, roots, tainted
            module_roots = roots_lib.import_roots(path, self.configured_roots)
            target, cut = self._resolve_in(info, module_roots, prefix, name, hops + 1, active | {(current, roots)})
            tainted = tainted or cut
            if target is None:
                return current, roots, tainted
            resolved, target_roots = target
            if target_roots == _HERE:
                target_roots = roots  # named through the module itself: read as ``current`` was
            if resolved == f"{prefix}.{name}" and target_roots == roots:
                return current, roots, tainted  # a function or class defined there: final
            current, roots = ".".join([resolved, *rest]), target_roots
            hops += 1

    def _resolve_in(
        self, info: ModuleInfo, module_roots: Roots, prefix: str, name: str, hops: int, active: frozenset
    ) -> tuple[tuple[str, Roots] | None, bool]:
        """What ``prefix.name`` is, one module further: an import path (under the roots it is to
        be read with), ``prefix.name`` itself (defined there), or None (unknown, or bound to
        different things)."""
        possibilities = info.bindings.get(name)
        if possibilities is None:
            star = self._star_lookup(info, module_roots, name, hops, set())
            return ((star, module_roots) if star is not None else None), False
        results: set[tuple[str, Roots]] = set()
        tainted = False
        for possibility in sorted(possibilities):
            if possibility == OTHER:
                return None, tainted
            if possibility in (DEF, CLASS):
                results.add((f"{prefix}.{name}", _HERE))
                continue
            if possibility.startswith(SELF + "."):
                results.add((prefix + possibility[len(SELF) :], _HERE))
                continue
            rewritten, roots, cut = self._rewrite(possibility, module_roots, hops, active)
            tainted = tainted or cut
            results.add((rewritten, roots))
        if len(results) == 1:
            resolved, roots = results.pop()
            return (resolved, roots), tainted
        names = {r for r, _ in results}
        canonical = {(spelling.canonical(r) or spelling.ApiName(r)).name for r in names}
        if len(canonical) == 1 and all(spelling.canonical(r) is not None for r in names):
            return (sorted(names)[0], ()), tainted  # TF names need no roots
        return None, tainted

    def _star_lookup(self, info: ModuleInfo, roots: Roots, name: str, hops: int, seen: set[str]) -> str | None:
        """``<module>.name`` for the star-imported module of ``info`` that binds ``name`` (the last
        star import wins; read under ``roots``), or None when a star import of a module that we
        cannot read comes after the binding one and may provide the name too."""
        if hops >= _MAX_HOPS or info.path in seen:
            return None
        seen.add(info.path)
        for star in reversed(info.stars):
            if star is None:
                return None
            path = roots_lib.resolve_module(star, roots)
            module = CACHE.info(path) if path is not None else None
            if module is None:
                return None  # not a project module we can read: it may bind anything
            if module.all_names is not None and name not in module.all_names:
                continue
            if name in module.bindings:
                if module.exports(name):
                    return f"{star}.{name}"
                continue
            deeper = self._star_lookup(module, roots_lib.import_roots(path, self.configured_roots), name, hops + 1, seen)
            if deeper is not None:
                found = self._portable_between(deeper, roots_lib.import_roots(path, self.configured_roots), roots)
                if found is not None:
                    return found
        return None

    @staticmethod
    def _portable_between(qualified: str, source: Roots, target: Roots) -> str | None:
        parts = qualified.split(".")
        return qualified if source == target or module_of(parts, source) == module_of(parts, target) else None

    # ---- calls --------------------------------------------------------------------------------
    def constructed_class(self, class_name: str, parameter: str, index: int) -> str | None:
        """The project class whose fresh instance every construction of this file's class
        ``class_name`` in the project passes for ``parameter`` (``index``: its position, not
        counting ``self``), as a dotted name; None when there is none, when two differ, when one
        passes something else, or when the search is cut.  The search reads the ``.py`` files
        of the file's import-root folders (not their subfolders) that spell ``class_name(``."""
        key = (roots_lib.real_path(self.path), class_name, parameter, index, self.roots)
        if key not in _CONSTRUCTED:
            _CONSTRUCTED[key] = self._constructed_class(class_name, parameter, index)
        return _CONSTRUCTED[key]

    def _constructed_class(self, class_name: str, parameter: str, index: int) -> str | None:
        me = roots_lib.real_path(self.path)
        files: list[str] = []
        for root in dict.fromkeys(self.roots):
            try:
                entries = sorted(os.listdir(root))
            except OSError:
                continue
            if len(entries) > _MAX_LISTED:
                return None  # a folder too large to search: unsure
            files += [os.path.join(root, e) for e in entries if e.endswith(".py")]
        found: set[str] = set()
        for path in dict.fromkeys(files):
            if not CACHE.spells(path, f"{class_name}("):
                continue  # read as text first: only the files that spell the call are parsed
            pair = CACHE.source_and_tree(path)
            if pair is None:
                return None
            source, tree = pair
            info = CACHE.info(path)
            if info is None:
                return None
            roots = roots_lib.import_roots(path, self.configured_roots)
            calls = (n for statement in _statements_naming(source, tree, class_name) for n in ast.walk(statement))
            for call in (n for n in calls if isinstance(n, ast.Call)):
                func = call.func
                spelled = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
                if spelled != class_name or not self._names_class(path, info, roots, func, class_name, me):
                    continue
                argument = next((k.value for k in call.keywords if k.arg == parameter), None)
                if argument is None and any(k.arg is None for k in call.keywords):
                    return None
                if argument is None and index < len(call.args):
                    if any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
                        return None
                    argument = call.args[index]
                made = _class_made_by(argument, source, tree, info, roots, self) if argument is not None else None
                if made is None:
                    return None
                found.add(made)
        return found.pop() if len(found) == 1 else None

    def holds_checkpointing_object(self) -> bool:
        """A class of this file keeps an ``__init__`` parameter on ``self`` and calls a method on
        it in a loop (``for ...: self.net.save(...)``), and every construction of the class in
        the project passes an instance of a project class whose text names a Saver
        (``constructed_class``): the method's summary may build one per iteration, though this
        file never spells one.  (In a loop only: the case that matters, TFS007, and the search
        is asked far less often.)"""
        tree = self._own[1] if self._own is not None else None
        if tree is None:
            return False
        for klass in (n for n in tree.body if isinstance(n, ast.ClassDef)):
            init = next((f for f in klass.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"), None)
            if init is None or not init.args.args:
                continue
            params = [a.arg for a in init.args.args[1:]]
            me = init.args.args[0].arg
            kept = {}  # attribute -> parameter
            for node in statements(init):
                if isinstance(node, ast.Assign) and isinstance(node.value, ast.Name) and node.value.id in params:
                    for target in node.targets:
                        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == me:
                            kept[target.attr] = node.value.id
            if not kept:
                continue
            for attribute in sorted(_attributes_called_in_loops(klass, kept)):
                qualified = self.constructed_class(klass.name, kept[attribute], params.index(kept[attribute]))
                split = module_of(qualified.split("."), self.roots) if qualified is not None else None
                info = CACHE.info(split[0]) if split is not None else None
                if info is not None and (qualified.split(".")[split[1]] in info.checkpointing or ANY_NAME in info.checkpointing):
                    return True
        return False

    def _names_class(self, path: str, info: ModuleInfo, roots, func: ast.expr, class_name: str, me: str) -> bool:
        """``func`` (a call's ``Klass`` or ``mod.Klass``) in the file at ``path`` is this file's class."""
        if roots_lib.real_path(path) == me:
            return isinstance(func, ast.Name) and info.bindings.get(class_name) == frozenset({CLASS})
        first = func.id if isinstance(func, ast.Name) else _dotted_name(func)
        if first is None:
            return False
        head, _, rest = first.partition(".")
        for base in info.bindings.get(head, ()):
            if base in (OTHER, DEF, CLASS) or base.startswith(SELF):
                continue
            parts = (base + ("." + rest if rest else "")).split(".")
            split = module_of(parts, roots)
            if split is not None and roots_lib.real_path(split[0]) == me and parts[split[1]:] == [class_name]:
                return True
        return False

    def callee(self, qualified: str) -> Summary | None:
        """The summary of the project function or class ``qualified`` names (already rewritten)."""
        if qualified not in self._callees:
            self._callees[qualified] = self._callee(qualified)
        return self._callees[qualified]

    def _callee(self, qualified: str) -> Summary | None:
        parts = qualified.split(".")
        split = module_of(parts, self.roots)
        if split is None or len(parts) - split[1] != 1:
            return None
        effects = self.effects(split[0], frozenset({parts[-1]}))
        if effects is None:
            return None
        return effects.functions.get(parts[-1]) or effects.classes.get(parts[-1])

    def effects(self, path: str, names: frozenset[str] | None = None) -> ModuleEffects | None:
        """The summary of ``path`` covering ``names`` (None: the whole module)."""
        if self.summariser is None:
            self.asked.add(path)  # the file alone (``follow_calls`` not yet): calls stay unknown
            return None
        known = self._effects.get(path)
        if path in self._effects and (known is None or known.names is None or names is not None and known.covers(names)):
            return known
        self._effects[path] = self._module_effects(path, names)
        return self._effects[path]

    def _module_effects(self, path: str, names: frozenset[str] | None) -> ModuleEffects | None:
        if self.depth <= 1:
            self.cut = True
            return None
        if self.summariser is None or roots_lib.real_path(path) == roots_lib.real_path(self.path):
            return None  # a module calling itself: its own analysis sees that
        summariser = self.summariser
        found = CACHE.effects(
            path, (self.config_key, self.configured_roots), self.depth - 1, names,
            lambda wanted: summariser(path, self.child(path), wanted),
        )
        if found is not None and not found.complete:
            self.cut = True
        return found

    def follow_calls(self, summariser: Summariser) -> None:
        """From now on, calls into the project's modules are followed (their summaries made)."""
        self.summariser = summariser
        self._callees.clear()
        self._effects.clear()

    def may_build_saver(self, path: str) -> bool:
        """Whether calling into the module may build a Saver: its text names one, or a name it
        calls is one through the project's re-exports (``Keeper = tf.train.Saver`` in another
        module, imported there).  Unreadable or unparseable: it may."""
        imports = CACHE.imports(path)
        if imports is None or imports.mentions_saver:
            return True
        key = ("calls a Saver", self.configured_roots)
        if CACHE.known_fact(path, key) is False:
            return False  # its calls were resolved before: none is a Saver
        reaches = CACHE.text_fact(path, self._saver_binding_key, lambda found: self._reaches_saver_text(path, found))
        if reaches is False:
            return False  # no module it imports binds one: no re-export can bring one (no parse)
        found = CACHE.fact(path, key, lambda: self._calls_a_saver(path))
        return found is not False

    def _reaches_saver_text(self, path: str, imports: Imports) -> bool:
        """Whether a project module it imports, directly or through theirs, may bind a name to a
        Saver (from their texts; True when a module cannot be read or it imports
        ``_MAX_SAVER_SEARCH`` modules or more).  A module that only calls ``tf.train.Saver(...)``
        re-exports none.  A property of the set of modules it reaches, so when it is False, it
        is False for each of them too (they reach no more; this module binds none, as it names
        none): recorded for them, which spares most searches."""
        reached = []
        for count, (found, module) in enumerate(self._imported(path, imports, _MAX_SAVER_SEARCH)):
            if module is None or module is _CUT or module.binds_saver or count >= _MAX_SAVER_SEARCH:
                return True
            reached.append((found, module))
        for found, module in reached:
            CACHE.remember_text_fact(found, self._saver_binding_key, module, False)
        return False

    @property
    def _saver_binding_key(self) -> tuple[str, Roots]:
        return ("reaches a Saver binding", self.configured_roots)

    def _calls_a_saver(self, path: str) -> bool:
        info, source = CACHE.info(path), CACHE.source(path)
        if info is None or source is None:
            return True
        roots = roots_lib.import_roots(path, self.configured_roots)
        for target, bound in call_targets(source, info):
            first = target.split(".")[0]
            if not bound:
                star = self._star_lookup(info, roots, first, 0, set())
                if star is None:
                    continue
                target = star + target[len(first) :]
            resolved = self._rewrite(target, roots, 0, frozenset())[0]
            api = spelling.canonical(resolved)
            if api is not None and api.name in tf1.SAVER | tf1.IMPORT_META_GRAPH:
                return True
        return False

    def follows_calls(self) -> bool:
        """Whether calls from the module this view is of are followed into other modules: not at
        the depth bound, where what it calls there stays unknown (so its summary is ``cut``)."""
        if self.depth <= 1:
            self.cut = True
            return False
        return True

    def prepare(self, source: str | None = None, *, collect_garbage: bool = False) -> None:
        """Make the summaries this file's calls need before its own tree is built, one module at a
        time (so at most one astroid tree is alive while they are made), each of the names the
        file may call in it.  ``collect_garbage``: free each new summary's tree at once (the
        linted file's analysis, which holds no tree of its own yet, asks it)."""
        info = self.info
        source = source if source is not None else (self._own[0] if self._own is not None else None)
        if info is None or source is None or self.depth <= 1 or self.summariser is None:
            return
        wanted: dict[str, set[str]] = {}
        for path, name in self._called_project_names(source):
            wanted.setdefault(path, set()).add(name)
        for path, names in list(wanted.items())[:_MAX_PREPARED]:
            made = CACHE.summaries_made
            self.effects(path, frozenset(names))
            if collect_garbage and CACHE.summaries_made != made:
                gc.collect(0)  # its astroid tree: a young cycle, garbage now

    def calls_saver_modules(self) -> bool:
        """Whether, from its text, the file may call a project module that may build a Saver
        (``may_build_saver``): an over-approximation of the modules its analysis asks."""
        return any(self.may_build_saver(path) for path in dict.fromkeys(path for path, _ in self._called_project_names()))

    def _called_project_names(self, source: str | None = None):
        """``(module file, name)`` for each name of a project module the file may call (from its
        text: a cheap over-approximation)."""
        info = self.info
        source = source if source is not None else (self._own[0] if self._own is not None else None)
        if info is None or source is None:
            return
        for target, bound in call_targets(source, info):
            first = target.split(".")[0]
            if not bound:
                star = self.star_name(first)
                if star is None:
                    continue
                target = star + target[len(first) :]
            parts = self.rewrite(target).split(".")
            split = module_of(parts, self.roots)
            if split is not None:
                yield split[0], parts[split[1]]

    @property
    def own_tree(self) -> ast.Module | None:
        return self._own[1] if self._own is not None else None

    # ---- what importing its modules does ------------------------------------------------------
    def imported_modules(self) -> list[Imports]:
        """What the project modules this file imports import, and theirs: breadth first, from
        their text alone (no parse), at most 3 imports away and 30 modules."""
        own = self._own[0] if self._own is not None else None
        start = text_imports(self.path, own) if own is not None else CACHE.imports(self.path)
        if start is None:
            return []
        found: list[Imports] = []
        for _, module in self._imported(self.path, start, _IMPORT_LEVELS):
            if len(found) >= _MAX_IMPORTED:
                break
            if module is not None and module is not _CUT:
                found.append(module)
        return found

    def _imported(self, path: str, start: Imports, levels: int):
        """Each project module ``start`` (the imports of ``path``) reaches through imports,
        breadth first, once: ``(its file, its Imports)``, the second None when it cannot be read
        (not followed); then ``(None, _CUT)`` if modules ``levels`` imports away were left unread."""
        seen = {roots_lib.real_path(path)}
        level = [(path, start)]
        for _ in range(levels):
            following = []
            for at, imports in level:
                for found, real in self._import_files(at, imports):
                    if real in seen:
                        continue
                    seen.add(real)
                    module = CACHE.imports(found)
                    yield found, module
                    if module is not None:
                        following.append((found, module))
            if not following:
                return
            level = following
        yield None, _CUT

    def _import_files(self, path: str, imports: Imports) -> tuple[tuple[str, str], ...]:
        """(file, real path) of each project module that ``imports`` (the text of ``path``) runs,
        memoised while the module's text is the same (``CACHE.imports`` returns the same object)."""
        key = (path, self.configured_roots)
        known = _IMPORT_FILES.get(key)
        if known is not None and known[0] is imports:
            return known[1]
        roots = roots_lib.import_roots(path, self.configured_roots)
        files = tuple(
            (found, roots_lib.real_path(found)) for name in imports.modules for found in _module_and_parents(name, roots)
        )
        if len(_IMPORT_FILES) > 100_000:
            _IMPORT_FILES.clear()
        _IMPORT_FILES[key] = (imports, files)
        return files

    def calls_checkpointing(self) -> bool:
        """The file calls a function or class of its project whose text names a Saver, or that
        calls a helper of its module that does (``GraphHandler(...)`` whose ``save()`` builds
        one): its calls may build one at the call though it never spells one (a summary adds
        Savers and saves, never initializer runs).  From the modules' ``ast`` only (parsed once
        per process, as the project view parses them anyway)."""
        if self._own is None or self._own[1] is None:
            own = self._own[0] if self._own is not None else None
            start = text_imports(self.path, own) if own is not None else CACHE.imports(self.path)
        else:
            start = statement_imports(self.path, self._own[1])
        if start is None:
            return False
        # First from the texts alone: most files import no module that mentions a trigger word.
        candidates = set()
        for found, real in self._import_files(self.path, start):
            if CACHE.names_a_saver(found):
                candidates.add(real)
        if not candidates:
            return False
        for path, name in self._called_project_names():
            info = CACHE.info(path) if roots_lib.real_path(path) in candidates else None
            if info is None:
                continue
            if name in info.checkpointing or ANY_NAME in info.checkpointing:
                return True
            for base in info.bindings.get(name, ()):  # re-exported: ``from .handler import GraphHandler``
                split = module_of(base.split("."), self.roots) if "." in base else None
                if split is not None:
                    behind = CACHE.info(split[0])
                    if behind is not None and (
                        base.split(".")[split[1]] in behind.checkpointing or ANY_NAME in behind.checkpointing
                    ):
                        return True
        return False

    def imports_tensorflow(self) -> bool:
        return any(module.imports_tf for module in self.imported_modules())

    def disables_eager(self) -> bool:
        return any(module.disables_eager for module in self.imported_modules())


def _attributes_called_in_loops(klass: ast.ClassDef, attributes: dict) -> set[str]:
    """The ``attributes`` whose methods are called (``<x>.<attr>.<method>(...)``) in the body of
    a ``for``/``while`` loop of the class.  Each outermost loop's body is walked whole, once."""
    found: set[str] = set()
    for loop in statements(klass, into_loop_bodies=False):
        if not isinstance(loop, (ast.For, ast.While)):
            continue
        for node in (n for statement in loop.body for n in ast.walk(statement)):
            if (
                isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Attribute) and node.func.value.attr in attributes
            ):
                found.add(node.func.value.attr)
    return found


_MODULE_OF: dict[tuple[str, Roots], tuple[str, int] | None] = {}
_CONSTRUCTED: dict[tuple, str | None] = {}
_MAX_LISTED = 500  # a root folder with more entries is not searched for constructions


def _dotted_name(expr: ast.expr) -> str | None:
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        base = _dotted_name(expr.value)
        return f"{base}.{expr.attr}" if base else None
    return None


def _statements_naming(source: str, tree: ast.Module, word: str) -> list[ast.stmt]:
    """The module's top-level statements whose lines (decorators included) spell ``word`` as a
    whole identifier: the only ones whose walk can meet a node named so.  Searching the text
    spares walking the rest of the tree, for the same answer."""
    starts = [0] + [m.end() for m in LINE_BREAK.finditer(source)]
    lines = {bisect.bisect_right(starts, m.start()) for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", source)}
    if not lines:
        return []
    found = []
    for statement in tree.body:
        first = min([statement.lineno, *(d.lineno for d in getattr(statement, "decorator_list", ()))])
        last = statement.end_lineno or statement.lineno
        if any(first <= line <= last for line in lines):
            found.append(statement)
    return found



def _class_made_by(argument: ast.expr, source: str, tree: ast.Module, info: ModuleInfo, roots, view: ProjectView) -> str | None:
    """The dotted project class ``argument`` is a fresh instance of: ``Unet(...)``, or a name
    bound once, in its function or at module level, to such a call."""
    if isinstance(argument, ast.Name):
        bound = [
            node.value for statement in _statements_naming(source, tree, argument.id) for node in ast.walk(statement)
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == argument.id for t in node.targets)
        ]
        if len(bound) != 1:
            return None
        argument = bound[0]
    if not isinstance(argument, ast.Call):
        return None
    spelled = _dotted_name(argument.func)
    if spelled is None:
        return None
    head, _, rest = spelled.partition(".")
    bases = info.bindings.get(head, frozenset())
    if len(bases) != 1:
        return None
    base = next(iter(bases))
    if base in (OTHER, DEF, CLASS) or base.startswith(SELF):
        return None  # a class of the constructing script itself: not reachable as a callee here
    qualified = view.rewrite(base + ("." + rest if rest else ""))
    return qualified if module_of(qualified.split("."), view.roots) is not None else None
_IMPORT_FILES: dict[tuple[str, Roots], tuple[Imports, tuple[tuple[str, str], ...]]] = {}
CACHE.forget_with_cache(_MODULE_OF, _CONSTRUCTED, _IMPORT_FILES)


def module_of(parts: list[str], roots: Roots) -> tuple[str, int] | None:
    """(file, number of leading parts) of the longest proper prefix of ``parts`` that is a project
    module under ``roots``, or None."""
    key = (".".join(parts), roots)
    if key not in _MODULE_OF:
        found = None
        if len(parts) > 1 and roots_lib.resolve_module(parts[0], roots) is not None:
            for used in range(len(parts) - 1, 0, -1):
                path = roots_lib.resolve_module(".".join(parts[:used]), roots)
                if path is not None:
                    found = (path, used)
                    break
        if len(_MODULE_OF) > 200_000:
            _MODULE_OF.clear()
        _MODULE_OF[key] = found
    return _MODULE_OF[key]


def _module_and_parents(dotted: str, roots: Roots) -> list[str]:
    """Importing ``a.b.c`` runs ``a``, ``a.b`` and ``a.b.c``: the project files among them."""
    parts = dotted.split(".")
    found = []
    for used in range(1, len(parts) + 1):
        path = roots_lib.resolve_module(".".join(parts[:used]), roots)
        if path is None:
            if used == 1:
                break
            continue
        found.append(path)
    return found


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
