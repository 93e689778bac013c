"""Build an astroid tree from the ``ast`` tree flake8 already parsed.

``astroid.parse`` would parse the file a second time and run astroid's transforms and
``from x import *`` imports (which could make astroid read TensorFlow's sources).  We only need
scopes, parents and name lookup, so we rebuild the stdlib tree directly and bind the names of
``from`` imports ourselves, without importing anything.

Name lookup stops at the linted module: a name bound nowhere in the file (``print``, ``self`` in
odd code, a star-imported name) has no bindings.  astroid would answer from its model of the
``builtins`` module, which it builds on first use (~95,000 objects, with all its brains) and keeps
for the rest of the process; alive through a whole flake8 run, those objects made every full
garbage collection about four times slower (bench/results.md).  We never need a builtin's
definition, so we never let astroid build it.
"""

from __future__ import annotations

import ast
import copy
from dataclasses import dataclass, field

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


@dataclass
class NodeIndex:
    """Nodes the model looks up by kind, recorded while the tree is built (a walk of the whole
    tree per question was a large part of the analysis): ``Name`` nodes (loads) by spelling,
    every ``self.x``-like ``AssignAttr`` and every ``Return``, in source order."""

    names: dict[str, list[nodes.Name]] = field(default_factory=dict)
    assign_attrs: list[nodes.AssignAttr] = field(default_factory=list)
    returns: list[nodes.Return] = field(default_factory=list)


def node_index(module: nodes.Module) -> NodeIndex | None:
    """The index of a module built by ``build_module`` (None for any other tree)."""
    return module.__dict__.get("_tfsaver_index")


class _NonMutatingRebuilder(TreeRebuilder):
    """astroid's rebuilder strips docstrings by assigning ``node.body``; flake8's tree is shared
    with every other plugin, so strip them on a shallow copy instead.  It also records the
    ``NodeIndex`` as it creates the nodes."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.index = NodeIndex()

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


def build_module(tree: ast.Module | None, source: str, modname: str = "linted") -> nodes.Module:
    """Return the astroid module for ``source`` (reusing ``tree`` when flake8 provides it)."""
    if tree is None:
        tree = ast.parse(source)
    builder = _NonMutatingRebuilder(astroid.MANAGER, source)
    module = builder.visit_module(tree, modname, "<linted>", False)
    module.__class__ = LintedModule  # same layout, one method changed; set before any lookup
    for from_node, global_names in builder._import_from_nodes:
        for name, asname in from_node.names:
            if name == "*":
                continue  # star imports stay unbound: names they provide resolve to nothing
            local = asname or name
            owner = module if local in global_names else from_node.parent
            owner.set_local(local, from_node)
            owner.scope().locals[local].sort(key=lambda n: n.fromlineno or 0)
    builder._visit_meths.clear()  # bound methods of the builder: a cycle that would hold the tree
    module._tfsaver_index = builder.index
    return module


def forget_last_nodes() -> None:
    """astroid's object models (``ClassDef.special_attributes`` and co.) are class attributes that
    remember the last node read through them, and ClassDef's constructor reads its own; so after an
    analysis they would keep the last class, and through its parents the whole tree, alive and
    aging into the oldest GC generation.  Reading each through its class resets it to no node."""
    for node_class in (nodes.Module, nodes.ClassDef, nodes.FunctionDef, nodes.Lambda):
        getattr(node_class, "special_attributes", None)
