"""What a module's text says about its names, from the stdlib ``ast`` only (no astroid, cheap).

For each module-level name, the *possibilities* it may be bound to when the module has finished
running: a dotted import path (``tensorflow.compat.v1``, ``pkg.backend.tf``, ``pkg.layers.dense``),
``DEF`` / ``CLASS`` for a function or class defined right there, or ``OTHER`` for anything else.
Assignments ``tfv1 = tf.compat.v1`` are followed through the names bound before them; both arms
of an ``if``/``try`` are kept.  Plus: star imports, ``__all__``, every imported module (for the
pre-filter and eager-mode checks) and every dotted name the module calls (so their summaries can
be made before this module's own tree is built).
"""

from __future__ import annotations

import ast
import keyword
import re
from dataclasses import dataclass

from ..catalog import text
from . import roots as roots_lib

DEF = "<def>"
CLASS = "<class>"
OTHER = "<other>"
# "This module" in possibilities (``dense = _dense``): replaced by the name the module was reached
# by when a name is resolved (see ``view``).
SELF = "<self>"
_UNKNOWN = frozenset({OTHER})
_IMPORT_WORD = re.compile(r"\bimport\b")
_DISABLES_EAGER = re.compile(r"\bdisable_(?:eager_execution|v2_behavior)\s*\(")


def _disables_eager(source: str) -> bool:
    return "disable_" in source and _DISABLES_EAGER.search(source) is not None  # substring first: 20x cheaper

Env = dict[str, frozenset[str]]


@dataclass(frozen=True)
class ModuleInfo:
    path: str
    bindings: dict[str, frozenset[str]]
    stars: tuple[str | None, ...]  # star-imported modules, in order (None: not resolvable)
    all_names: frozenset[str] | None  # a literal ``__all__``
    module_imports: tuple[str, ...]  # modules imported at module level (run when it is imported)
    imports_tf: bool  # the text imports TensorFlow (the pre-filter's regex)
    disables_eager: bool  # mentions ``disable_eager_execution()`` / ``disable_v2_behavior()``
    function_imports: dict[str, frozenset[str]]  # names imported inside functions and classes
    # module-level functions and classes whose text names a Saver (or that call one that
    # does): calling one may build a Saver at the call (``_checkpointing_definitions``)
    checkpointing: frozenset[str] = frozenset()

    def exports(self, name: str) -> bool:
        """Whether ``from this import *`` binds ``name``."""
        if self.all_names is not None:
            return name in self.all_names
        return not name.startswith("_") and name in self.bindings


def module_info(path: str, source: str, tree: ast.Module) -> ModuleInfo:
    collector = _Collector(path)
    env = collector.block(tree.body, {})
    if len(_IMPORT_WORD.findall(source)) > collector.import_statements:
        # some ``import`` is not a module-level statement: maybe one inside a function or class
        for definition in collector.definitions:
            collector.function_imports_of(definition)
    return ModuleInfo(
        path=path,
        bindings=env,
        stars=tuple(collector.stars),
        all_names=collector.all_names,
        module_imports=tuple(dict.fromkeys(collector.module_imports)),
        imports_tf=text.imports_tensorflow(source),
        disables_eager=_disables_eager(source),
        function_imports={name: frozenset(found) for name, found in collector.function_imports.items()},
        checkpointing=_checkpointing_definitions(source, tree),
    )


# The tokenizer's line breaks, by which ``ast`` numbers lines (``str.splitlines()`` also breaks
# at form feeds and other characters the parser reads inside a line).
LINE_BREAK = re.compile(r"\r\n|\r|\n")
ANY_NAME = "*"  # in ``ModuleInfo.checkpointing``: the module's own top-level code names one


def _checkpointing_definitions(source: str, tree: ast.Module) -> frozenset[str]:
    """The module-level functions and classes whose lines name a Saver (``text.SAVER_WORDS``:
    what a summary of a call into them can add), or that call (by name) one that does: a
    summary follows the module's own calls.  ``ANY_NAME`` too when the module's code outside
    them names one (a module-level Saver its functions may save with)."""
    if not text.names_a_saver(source):
        return frozenset()
    lines = LINE_BREAK.split(source)
    found: set[str] = set()
    others: dict[str, tuple[ast.stmt, str]] = {}  # the definitions that name none: (node, text)
    covered: set[int] = set()
    for statement in tree.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            start = min([statement.lineno, *(d.lineno for d in statement.decorator_list)])
            end = statement.end_lineno or start
            covered.update(range(start, end + 1))
            spelled = "\n".join(lines[start - 1 : end])
            if text.names_a_saver(spelled):
                found.add(statement.name)
            else:
                others[statement.name] = (statement, spelled)
    calls: dict[str, set[str]] = {}  # names each one calls, walked only when its text spells a found name
    changed = bool(found)
    while changed:  # through the module's own helpers, to a fixed point
        changed = False
        for name, (statement, spelled) in others.items():
            if name in found or not any(helper in spelled for helper in found):
                continue  # a call by a bare name spells that name
            if name not in calls:
                calls[name] = {
                    node.func.id for node in ast.walk(statement)
                    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                }
            if calls[name] & found:
                found.add(name)
                changed = True
    if text.names_a_saver("\n".join(line for number, line in enumerate(lines, 1) if number not in covered)):
        found.add(ANY_NAME)
    return frozenset(found)


class _Collector:
    """Module-level statements in order, both arms of each branch, merged after it."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.stars: list[str | None] = []
        self.all_names: frozenset[str] | None = None
        self.module_imports: list[str] = []
        self.function_imports: dict[str, set[str]] = {}
        self.import_statements = 0  # module-level ones
        self.definitions: list[ast.AST] = []  # module-level functions and classes

    def absolute(self, node: ast.ImportFrom) -> str | None:
        if node.level:
            return roots_lib.relative_base(self.path, node.level, node.module)
        return node.module

    def block(self, statements: list[ast.stmt], env: Env) -> Env:
        """Run ``statements`` on ``env`` (changed in place; branches work on copies) and return it."""
        for statement in statements:
            self.statement(statement, env)
        return env

    def statement(self, node: ast.stmt, env: Env) -> None:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            self.import_statements += 1
        if isinstance(node, ast.Import):
            for alias in node.names:
                self.module_imports.append(alias.name)
                if alias.asname:
                    env[alias.asname] = frozenset({alias.name})
                else:
                    top = alias.name.split(".")[0]
                    env[top] = frozenset({top})
        elif isinstance(node, ast.ImportFrom):
            base = self.absolute(node)
            if base:
                self.module_imports.append(base)
            for alias in node.names:
                if alias.name == "*":
                    self.stars.append(base)
                    continue
                if base:
                    self.module_imports.append(f"{base}.{alias.name}")  # may be a submodule
                env[alias.asname or alias.name] = frozenset({f"{base}.{alias.name}" if base else OTHER})
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self.definitions.append(node)
            env[node.name] = frozenset({CLASS if isinstance(node, ast.ClassDef) else DEF})
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            value = node.value
            for target in targets:
                if isinstance(target, ast.Name):
                    if target.id == "__all__":
                        self.all_names = _literal_names(value)
                    env[target.id] = _dotted(value, env) if value is not None else _UNKNOWN
                else:
                    _unknown(env, target)
        elif isinstance(node, ast.AugAssign):
            _unknown(env, node.target)
        elif isinstance(node, ast.If):
            _merge_into(env, self.block(node.body, dict(env)), self.block(node.orelse, dict(env)))
        elif isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            arms = [self.block(node.body + node.orelse, dict(env))]
            arms += [self.block(handler.body, dict(env)) for handler in node.handlers]
            _merge_into(env, *arms)
            self.block(node.finalbody, env)
        elif isinstance(node, (ast.For, ast.While, ast.AsyncFor)):
            looped = dict(env)
            if isinstance(node, (ast.For, ast.AsyncFor)):
                _unknown(looped, node.target)
            self.block(node.body, looped)
            _merge_into(env, dict(env), looped)  # the body may run or not
            _merge_into(env, dict(env), self.block(node.orelse, dict(env)))
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    _unknown(env, item.optional_vars)
            self.block(node.body, env)
        elif not isinstance(node, (ast.Expr, ast.Pass, ast.Return, ast.Raise, ast.Assert)):
            # anything else: names it binds are unknown
            for child in ast.walk(node):
                if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
                    env[child.id] = _UNKNOWN

    def function_imports_of(self, node: ast.AST) -> None:
        """Imports inside functions and classes: for the calls of those bodies."""
        for child in statements(node):
            if isinstance(child, ast.Import):
                for alias in child.names:
                    local = alias.asname or alias.name.split(".")[0]
                    self.function_imports.setdefault(local, set()).add(alias.name if alias.asname else local)
            elif isinstance(child, ast.ImportFrom):
                base = self.absolute(child)
                for alias in child.names:
                    if base and alias.name != "*":
                        self.function_imports.setdefault(alias.asname or alias.name, set()).add(f"{base}.{alias.name}")


def _merge_into(env: Env, *arms: Env) -> None:
    """After a branch: each name may hold what any arm left in it."""
    names = set().union(*arms)
    for name in names:
        values = frozenset()
        for arm in arms:
            values |= arm.get(name, frozenset())
        env[name] = values


def _unknown(env: Env, target: ast.AST) -> None:
    for name in _assigned_names(target):
        env[name] = _UNKNOWN


def _dotted(value: ast.expr, env: Env) -> frozenset[str]:
    """Possibilities for ``x = <value>``: a dotted name through the names bound so far."""
    attrs: list[str] = []
    while isinstance(value, ast.Attribute):
        attrs.insert(0, value.attr)
        value = value.value
    if not isinstance(value, ast.Name) or value.id not in env:
        return frozenset({OTHER})
    found = set()
    for base in env[value.id]:
        if base == OTHER:
            found.add(OTHER)
        elif base in (DEF, CLASS):
            found.add(f"{SELF}.{value.id}" + "".join(f".{a}" for a in attrs))
        else:
            found.add(".".join([base, *attrs]))
    return frozenset(found)


def _assigned_names(target: ast.AST) -> list[str]:
    return [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]


def _literal_names(value: ast.expr | None) -> frozenset[str] | None:
    if isinstance(value, (ast.List, ast.Tuple)) and all(
        isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts
    ):
        return frozenset(e.value for e in value.elts)
    return None


def statements(node: ast.AST, into_loop_bodies: bool = True):
    """Every statement nested in ``node``'s bodies, ``node`` first (expressions are not entered:
    imports, assignments and loops are statements, and this is several times cheaper than
    ``ast.walk``).  ``into_loop_bodies=False``: a ``for``/``while`` is yielded, its body is not."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        skip_body = not into_loop_bodies and isinstance(current, (ast.For, ast.While))
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            children = getattr(current, field, None)
            if isinstance(children, list) and not (skip_body and field == "body"):
                stack.extend(child for child in children if isinstance(child, ast.AST))


# ``(?=(name))\2``: each name matched whole, never backtracked into character by character (the
# lookahead-and-backreference form of an atomic group, which Python before 3.11 lacks): 1.4x cheaper.
_CALLED = re.compile(r"(?<![\w.])((?=([A-Za-z_]\w*))\2(?:\s*\.\s*(?=([A-Za-z_]\w*))\3)*)\s*\(")


def call_targets(source: str, info: ModuleInfo) -> tuple[tuple[str, bool], ...]:
    """Dotted names the module calls, found in its text (a cheap over-approximation: comments and
    strings included), with the first name replaced by what it was imported as: ``(target,
    True)``; names bound nowhere are kept as they are, ``(name, False)`` (a star import may
    provide them).  Only *when* summaries are made depends on this, never what they say."""
    env, function_imports = info.bindings, info.function_imports
    found: set[tuple[str, bool]] = set()
    for spelled in {match.group(1) for match in _CALLED.finditer(source)}:
        parts = [part.strip() for part in spelled.split(".")]
        first = parts[0]
        bases = set(env.get(first, ())) | function_imports.get(first, frozenset())
        if not bases:
            if info.stars and not keyword.iskeyword(first):
                found.add((".".join(parts), False))  # maybe from a star import
            continue
        for base in bases:
            if base not in (OTHER, DEF, CLASS) and not base.startswith(SELF):
                found.add((".".join([base, *parts[1:]]), True))
    return tuple(sorted(found))


# Both start at a newline (the text is read with one put in front), not at ``^`` in MULTILINE
# mode: a literal first character lets ``re`` skip to candidate lines, 1.5x to 2x cheaper.
_IMPORT_LINE = re.compile(
    r"\n[ \t]*(?:from[ \t]+(\.*)[ \t]*([\w.]*)[ \t]+import[ \t]*(?:\(([^)]*)\)|([\w, \t.*]+))"
    r"|import[ \t]+([\w., \t]+))"
)


_ALIAS_LINE = re.compile(r"\n[ \t]*(\w+)[ \t]*(?::[^=\n]*)?=[ \t]*[\w.]+[ \t]*(?:#[^\n]*)?(?=\n)")


# Where a text may bind a name to the Saver class (or ``import_meta_graph``), as a re-export
# does: the name ends an import item (``import Saver``, ``Saver,``, ``Saver as K``, ``Saver)``) or
# an assignment's value (``Keeper = tf.train.Saver``, then the line's end, ``;`` or a comment).
# Calls (``Saver(``), attributes (``Saver.restore``), annotations and prose never match.
_SAVER_BOUND = re.compile(r"\b(?:Saver|import_meta_graph)\b[ \t\r]*(?:$|[,;#)\\]|as\b)", re.MULTILINE)


@dataclass(frozen=True)
class Imports:
    """What a module imports, from its text alone (for the pre-filter: no parse)."""

    imports_tf: bool
    disables_eager: bool
    modules: tuple[str, ...]  # absolute names (and ``from x import y`` submodule candidates)
    # Names an import or a ``name = dotted.name`` line may bind (anywhere in the text), and
    # whether it has a star import: a name in neither is never an alias or a re-export there.
    aliases: frozenset[str] = frozenset()
    star: bool = False
    mentions_saver: bool = True  # the text may build a Saver (names one, or imports a meta graph)
    # ... or bind one to a name (``Keeper = tf.train.Saver``, ``from ... import Saver``), which is
    # how another module's calls can reach one through it (``_SAVER_BOUND``)
    binds_saver: bool = True


def statement_imports(path: str, tree: ast.Module) -> Imports:
    """The modules the module-level import statements of an already parsed file name, as
    ``text_imports`` gives them (only ``modules`` is filled): cheaper than reading the text
    again for a file flake8 has parsed."""
    modules: list[str] = []
    for statement in tree.body:
        if isinstance(statement, ast.Import):
            modules += [alias.name for alias in statement.names]
        elif isinstance(statement, ast.ImportFrom):
            base = statement.module
            absolute = roots_lib.relative_base(path, statement.level, base) if statement.level else base
            if absolute:
                modules.append(absolute)
                modules += [f"{absolute}.{alias.name}" for alias in statement.names if alias.name != "*"]
    return Imports(False, False, tuple(dict.fromkeys(modules)))


def text_imports(path: str, source: str) -> Imports:
    modules: list[str] = []
    lines = f"\n{source}\n"
    aliases: set[str] = set(_ALIAS_LINE.findall(lines))
    star = False
    for dots, base, parenthesised, names, plain in _IMPORT_LINE.findall(lines):
        names = parenthesised.replace("\n", " ").replace("\\", " ") if parenthesised else names
        if plain:
            for part in plain.split(","):
                words = part.split()
                if words:
                    modules.append(words[0])
                    aliases.add(words[-1] if len(words) == 3 else words[0].split(".")[0])
            continue
        for name in names.split(","):
            words = name.split()
            if words:
                star = star or words[0] == "*"
                aliases.add(words[-1])
        absolute = roots_lib.relative_base(path, len(dots), base or None) if dots else base
        if not absolute:
            continue
        modules.append(absolute)
        modules += [f"{absolute}.{n.split()[0]}" for n in names.split(",") if n.strip() and n.strip() != "*"]
    mentions_saver = "Saver" in source or "import_meta_graph" in source
    return Imports(
        text.imports_tensorflow(source), _disables_eager(source),
        tuple(dict.fromkeys(modules)), frozenset(aliases), star,
        mentions_saver, mentions_saver and _SAVER_BOUND.search(source) is not None,
    )
