"""A value built at most once per key: ``if self.saver is None: self.saver = Saver()``,
``if name in _CACHE: return _CACHE[name]`` then ``_CACHE[name] = Saver()``, a ``global`` name
set under a test of itself.  Such a builder called in a loop builds once, not every iteration."""

from __future__ import annotations

from astroid import nodes

from .resolve import is_self_attribute


def built_once(call: nodes.Call) -> bool:
    """``call`` is kept in state that outlives its function (a ``self`` attribute, a ``global``
    name, an item of a module-level container), directly or through one local name, and an
    ``if`` around it, or an earlier ``if ...: return`` in the function, tests that state."""
    func = call.scope()
    if not isinstance(func, nodes.FunctionDef):
        return False
    keys = _kept_as(call, func)
    if not keys:
        return False
    return any(_tests(test, keys) for test in _guards(call, func))


def _kept_as(call: nodes.Call, func: nodes.FunctionDef) -> set[str]:
    """Names of the lasting state the value is stored in (attribute, global or container)."""
    statement = call.parent
    if not (isinstance(statement, nodes.Assign) and statement.value is call):
        return set()
    keys: set[str] = set()
    local_names = set()
    for target in statement.targets:
        keys |= _lasting(target, func)
        if isinstance(target, nodes.AssignName) and not _lasting(target, func):
            local_names.add(target.name)
    if local_names:  # ``saver = Saver(...)`` then ``_CACHE[name] = saver`` / ``self.saver = saver``
        for assign in func.nodes_of_class(nodes.Assign):
            if isinstance(assign.value, nodes.Name) and assign.value.name in local_names and assign.scope() is func:
                for target in assign.targets:
                    keys |= _lasting(target, func)
    return keys


def _lasting(target: nodes.NodeNG, func: nodes.FunctionDef) -> set[str]:
    if isinstance(target, nodes.AssignAttr) and is_self_attribute(target):
        return {target.attrname}
    if isinstance(target, nodes.AssignName) and any(
        isinstance(g, nodes.Global) and target.name in g.names for g in func.nodes_of_class(nodes.Global)
    ):
        return {target.name}
    if isinstance(target, nodes.Subscript) and isinstance(target.value, nodes.Name):
        container = target.value.name
        if container not in func.locals:  # a module-level (or enclosing) container
            return {container}
    return set()


def _guards(call: nodes.Call, func: nodes.FunctionDef) -> list[nodes.NodeNG]:
    """Tests of the ``if``s around ``call`` in its function, and of earlier top-level
    ``if ...: return`` statements of the function."""
    tests = []
    node = call
    while node is not None and node is not func:
        parent = node.parent
        if isinstance(parent, nodes.If) and node is not parent.test:
            tests.append(parent.test)
        node = parent
    statement = call.statement()
    for earlier in func.body:
        if earlier is statement or (earlier.lineno or 0) >= (statement.lineno or 0):
            break
        if isinstance(earlier, nodes.If) and any(isinstance(s, nodes.Return) for s in earlier.body):
            tests.append(earlier.test)
    return tests


def _tests(test: nodes.NodeNG, keys: set[str]) -> bool:
    for node in test.nodes_of_class((nodes.Name, nodes.Attribute, nodes.Const)):
        if isinstance(node, nodes.Name) and node.name in keys:
            return True
        if isinstance(node, nodes.Attribute) and node.attrname in keys:
            return True
        if isinstance(node, nodes.Const) and node.value in keys:  # ``hasattr(self, "saver")``
            return True
    return False
