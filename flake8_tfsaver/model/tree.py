"""Build an astroid tree from the ``ast`` tree flake8 already parsed.

``astroid.parse`` would parse the file a second time and run astroid's transforms and
``from x import *`` imports (which could make astroid read TensorFlow's sources).  We only need
scopes, parents and name lookup, so we rebuild the stdlib tree directly and bind the names of
``from`` imports ourselves, without importing anything.
"""

from __future__ import annotations

import ast
import copy

import astroid
from astroid import nodes
from astroid.rebuilder import TreeRebuilder


class _NonMutatingRebuilder(TreeRebuilder):
    """astroid's rebuilder strips docstrings by assigning ``node.body``; flake8's tree is shared
    with every other plugin, so strip them on a shallow copy instead."""

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
    for from_node, global_names in builder._import_from_nodes:
        for name, asname in from_node.names:
            if name == "*":
                continue  # star imports stay unbound: names they provide resolve to nothing
            local = asname or name
            owner = module if local in global_names else from_node.parent
            owner.set_local(local, from_node)
            owner.scope().locals[local].sort(key=lambda n: n.fromlineno or 0)
    return module
