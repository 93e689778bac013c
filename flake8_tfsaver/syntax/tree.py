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
from dataclasses import dataclass, field

from astroid import nodes

from .astroid_private import linted_module


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


def build_module(tree: ast.Module | None, source: str, modname: str = "linted") -> nodes.Module:
    """Return the astroid module for ``source`` (reusing ``tree`` when flake8 provides it)."""
    if tree is None:
        tree = ast.parse(source)
    index = NodeIndex()
    module, from_imports = linted_module(tree, source, modname, index)
    for from_node, global_names in from_imports:
        for name, asname in from_node.names:
            if name == "*":
                continue  # star imports stay unbound: names they provide resolve to nothing
            local = asname or name
            owner = module if local in global_names else from_node.parent
            owner.set_local(local, from_node)
            owner.scope().locals[local].sort(key=lambda n: n.fromlineno or 0)
    module._tfsaver_index = index
    return module


def forget_last_nodes() -> None:
    """astroid's object models (``ClassDef.special_attributes`` and co.) are class attributes that
    remember the last node read through them, and ClassDef's constructor reads its own; so after an
    analysis they would keep the last class, and through its parents the whole tree, alive and
    aging into the oldest GC generation.  Reading each through its class resets it to no node."""
    for node_class in (nodes.Module, nodes.ClassDef, nodes.FunctionDef, nodes.Lambda):
        getattr(node_class, "special_attributes", None)
