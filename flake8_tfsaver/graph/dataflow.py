"""What a ``sess.run(fetches)`` may read: the calls its fetches are computed from.

Followed through names bound once (``out = tf.reduce_sum(w) + bias``) and TF op calls.  Anything
we cannot see through (an attribute of an unknown object, a call to code we do not know, a
parameter) makes the answer unknown, and an unknown answer never silences a rule.
"""

from __future__ import annotations

from astroid import nodes

from ..catalog import tf1
from ..syntax.resolve import Resolver

_MAX_NODES = 200


def fetch_sources(resolver: Resolver, fetches: nodes.NodeNG | None) -> frozenset[int] | None:
    """Ids of the call nodes the fetches are built from, or None when not fully known."""
    if fetches is None:
        return None
    found: set[int] = set()
    pending = [fetches]
    seen: set[int] = set()
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if len(seen) > _MAX_NODES:
            return None
        if isinstance(node, nodes.Const):
            continue
        if isinstance(node, nodes.Name):
            value = resolver.single_value(node)
            if value is None or value is node:
                return None  # a parameter, a name bound several times, a builtin
            pending.append(value)
        elif isinstance(node, nodes.Call):
            found.add(id(node))
            api = resolver.api(node.func)
            if api is None or api.name in tf1.GRAPH_READERS:
                return None  # our own or unknown code, or a collection: it may read any variable
            if api.name in tf1.INITIALIZATION_CHECKS:
                continue  # looks at its variables without reading them
            pending.extend(node.args)
            pending.extend(k.value for k in node.keywords or ())
            if isinstance(node.func, nodes.Attribute) and not isinstance(node.func.expr, nodes.Name):
                pending.append(node.func.expr)
        elif isinstance(node, (nodes.BinOp, nodes.UnaryOp, nodes.Compare, nodes.BoolOp, nodes.List,
                               nodes.Tuple, nodes.Dict, nodes.Subscript, nodes.Starred)):
            pending.extend(node.get_children())
        elif isinstance(node, nodes.Attribute) and node.attrname in ("op", "initializer", "value"):
            pending.append(node.expr)
        elif isinstance(node, nodes.Attribute):
            value = resolver.single_value(node)
            if value is None or value is node:
                return None
            pending.append(value)
        else:
            return None
    return frozenset(found)
