"""Every use of astroid's private parts, in one place: the tree is rebuilt from flake8's ``ast``
tree with astroid's ``TreeRebuilder`` (not ``astroid.parse``: no second parse, no transforms, no
imports), the linted module's lookup stops before builtins, and docstrings are stripped without
mutating flake8's shared tree.  ``missing_private_api()`` names what a new astroid no longer has;
a test asserts it is empty, so an astroid upgrade fails the suite at once, not as slow runs or
TFS000 on every file.  ``pyproject.toml`` pins the astroid versions this was checked against.
"""

from __future__ import annotations

import ast
import copy
from types import SimpleNamespace

import astroid
from astroid import nodes
from astroid.filter_statements import _filter_stmts
from astroid.rebuilder import TreeRebuilder


class LintedModule(nodes.Module):
    """The linted file's module: the end of every scope chain, with no builtins behind it."""

    def _scope_lookup(self, node, name, offset=0):  # type: ignore[no-untyped-def]
        # astroid's version falls back to ``builtin_lookup(name)`` when the module has no binding.
        if name not in self.locals:
            return self, []
        return self, _filter_stmts(node, self.locals[name], self, offset)


class _NonMutatingRebuilder(TreeRebuilder):
    """astroid's rebuilder strips docstrings by assigning ``node.body``; flake8's tree is shared
    with every other plugin, so strip them on a shallow copy instead.  It also records the
    ``NodeIndex`` as it creates the nodes."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.index = kwargs.pop("index")
        super().__init__(*args, **kwargs)

    def visit_name(self, node, parent):  # type: ignore[no-untyped-def]
        made = super().visit_name(node, parent)
        if type(made) is nodes.Name:
            self.index.names.setdefault(made.name, []).append(made)
        return made

    def visit_attribute(self, node, parent):  # type: ignore[no-untyped-def]
        made = super().visit_attribute(node, parent)
        if type(made) is nodes.AssignAttr:
            self.index.assign_attrs.append(made)
        return made

    def visit_return(self, node, parent):  # type: ignore[no-untyped-def]
        made = super().visit_return(node, parent)
        self.index.returns.append(made)
        return made

    def _get_doc(self, node):  # type: ignore[override]
        body = getattr(node, "body", None)
        if (
            body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            stripped = copy.copy(node)
            stripped.body = body[1:]
            return stripped, body[0].value
        return node, None


def linted_module(tree: ast.Module, source: str, modname: str, index) -> tuple[nodes.Module, list]:
    """The astroid module of ``tree`` (a ``LintedModule``), recording ``index`` (a ``NodeIndex``)
    as nodes are made, and the ``from`` imports astroid left for a later pass to bind: pairs of
    (``ImportFrom`` node, names declared ``global`` where it sits)."""
    builder = _NonMutatingRebuilder(astroid.MANAGER, source, index=index)
    module = builder.visit_module(tree, modname, "<linted>", False)
    module.__class__ = LintedModule  # same layout, one method changed; set before any lookup
    from_imports = list(builder._import_from_nodes)
    builder._visit_meths.clear()  # bound methods of the builder: a cycle that would hold the tree
    return module, from_imports


def missing_private_api() -> list[str]:
    """The private astroid parts used here that this astroid lacks (empty when all are there)."""
    missing = []
    for owner, name in (
        (nodes.Module, "_scope_lookup"), (TreeRebuilder, "_get_doc"), (TreeRebuilder, "visit_module"),
        (TreeRebuilder, "visit_name"), (TreeRebuilder, "visit_attribute"), (TreeRebuilder, "visit_return"),
    ):
        if not callable(getattr(owner, name, None)):
            missing.append(f"{owner.__name__}.{name}")
    source = "from os import path\n\n\ndef f(self):\n    self.x = path.sep\n    return path\n"
    index = SimpleNamespace(names={}, assign_attrs=[], returns=[])
    try:  # the very code every linted file goes through, on a small module
        module, from_imports = linted_module(ast.parse(source), source, "probe", index)
    except Exception as exc:  # noqa: BLE001 - the answer is what broke
        return missing + [f"rebuilding a tree with TreeRebuilder: {exc!r}"]
    if [node.modname for node, _ in from_imports] != ["os"]:
        missing.append("TreeRebuilder()._import_from_nodes (the from-imports left to bind)")
    if not (index.names.get("path") and index.assign_attrs and index.returns):
        missing.append("TreeRebuilder.visit_name / visit_attribute / visit_return (the node index)")
    if not isinstance(module, LintedModule):
        missing.append("the class swap to LintedModule")
    return missing
