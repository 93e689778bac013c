"""The calling context: what a call of a function of this file gives it, as one value handed to
the walk of the function's frame (and part of the frame's key), never flags on the builder.

A context holds the values of the parameters that the call's own arguments decide (literals,
``None``, defaults of omitted parameters, names bound to a constant, objects such as a Saver or a
session) and whether the call runs under a reusing variable scope.  Walked in a context, an ``if``
whose test those values decide takes its branch (``if saver is None:`` with a Saver given builds
nothing), ``variable_scope(reuse=reuse)`` knows its ``reuse``, and ``get_variable`` under an
inherited reuse scope creates nothing.  ``*args`` / ``**kwargs`` leave what they could carry
unknown.  A test the values leave open stays open: both branches "may" run, as without context.
"""

from __future__ import annotations

from dataclasses import dataclass

from astroid import nodes

from ..catalog import tf1
from ..syntax.resolve import lookup


@dataclass(frozen=True)
class Known:
    """A value the analysis knows: a constant (``None``, a bool, a number, a string), or an
    object that is certainly not ``None`` and true (a Saver, a session, ``tf.AUTO_REUSE``)."""

    constant: object = None
    is_object: bool = False

    @property
    def truth(self) -> bool:
        return True if self.is_object else bool(self.constant)


OBJECT = Known(is_object=True)
# Objects a call certainly returns (never None): TF classes the graph model knows.
_OBJECT_MAKERS = tf1.SAVER | tf1.SESSIONS | tf1.GRAPH
_CONSTANT_TYPES = (type(None), bool, int, float, str)


@dataclass(frozen=True)
class CallContext:
    values: tuple[tuple[str, Known], ...] = ()  # (parameter, value), sorted by parameter
    reuse: bool = False  # the caller's variable scope reuses variables

    def __bool__(self) -> bool:
        return bool(self.values) or self.reuse

    def value(self, parameter: str) -> Known | None:
        for name, known in self.values:
            if name == parameter:
                return known
        return None


NO_CONTEXT = CallContext()


def parameters(definition: nodes.FunctionDef) -> list[str]:
    """The parameters a call's positional arguments fill, in order (without ``self``/``cls``)."""
    args = definition.args
    names = [a.name for a in (args.posonlyargs or ())] + [a.name for a in (args.args or ())]
    if names and isinstance(definition.parent, nodes.ClassDef) and not _is_static(definition):
        names = names[1:]
    return names


def _is_static(definition: nodes.FunctionDef) -> bool:
    return any(
        (d.attrname if isinstance(d, nodes.Attribute) else getattr(d, "name", "")) == "staticmethod"
        for d in (definition.decorators.nodes if definition.decorators else ())
    )


def decided_parameters(definition: nodes.FunctionDef) -> frozenset[str]:
    """Parameters whose value can change the walk: named in an ``if`` test or in a ``reuse=``
    argument.  Only those go into a context (a call passing other literals needs no new walk)."""
    found = definition.__dict__.get("_tfsaver_decided")
    if found is None:
        params = set(parameters(definition)) | {a.name for a in definition.args.kwonlyargs or ()}
        used = set()
        for node in definition.nodes_of_class((nodes.If, nodes.Keyword)):
            if isinstance(node, nodes.If):
                part = node.test
            elif node.arg == "reuse":
                part = node.value
            else:
                continue
            if isinstance(part, nodes.Name):
                used.add(part.name)
            else:
                used.update(n.name for n in part.nodes_of_class(nodes.Name))
        found = frozenset(used & params)
        definition._tfsaver_decided = found
    return found


def call_context(call: nodes.Call, definition: nodes.FunctionDef, known_value, reuse: bool) -> CallContext:
    """The context ``call`` gives ``definition``: ``known_value(expr)`` is the caller's answer for
    an argument (a ``Known``, or None when it does not know it)."""
    wanted = decided_parameters(definition)
    if not wanted:
        return CallContext((), reuse)
    positional = parameters(definition)
    given: dict[str, nodes.NodeNG | None] = {}
    open_ended = False  # ``*args`` / ``**kwargs`` in the call: what they carry is unknown
    for index, argument in enumerate(call.args or ()):
        if isinstance(argument, nodes.Starred):
            open_ended = True
            break
        if index < len(positional):
            given[positional[index]] = argument
    for keyword in call.keywords or ():
        if keyword.arg is None:
            open_ended = True
        else:
            given[keyword.arg] = keyword.value
    defaults = _defaults(definition)
    values = []
    for name in sorted(wanted):
        if name in given:
            known = known_value(given[name])
        elif not open_ended and name in defaults:
            known = _constant(defaults[name])
        else:
            known = None
        if known is not None:
            values.append((name, known))
    return CallContext(tuple(values), reuse)


def _defaults(definition: nodes.FunctionDef) -> dict[str, nodes.NodeNG]:
    args = definition.args
    positional = [a.name for a in (args.posonlyargs or ())] + [a.name for a in (args.args or ())]
    found = dict(zip(positional[len(positional) - len(args.defaults or ()):], args.defaults or ()))
    for arg, default in zip(args.kwonlyargs or (), args.kw_defaults or ()):
        if default is not None:
            found[arg.name] = default
    return found


def _constant(node: nodes.NodeNG | None) -> Known | None:
    if isinstance(node, nodes.Const) and isinstance(node.value, _CONSTANT_TYPES):
        return Known(node.value)
    return None


def known_argument(expr: nodes.NodeNG, resolver, context: CallContext, frame_node: nodes.NodeNG) -> Known | None:
    """What the caller knows of an argument: a literal, a parameter of its own context, a name
    bound once to a constant, or a call that certainly returns an object."""
    found = _constant(expr)
    if found is not None:
        return found
    if isinstance(expr, nodes.Name):
        parameter = parameter_named(expr, frame_node)
        if parameter is not None:
            return context.value(parameter)
    api = resolver.api(expr)
    if api is not None and api.name == "tf.AUTO_REUSE":
        return OBJECT
    value = resolver.single_value(expr)
    if value is None:
        return None
    found = _constant(value)
    if found is not None:
        return found
    if isinstance(value, nodes.Call):
        made = resolver.api(value.func)
        if made is not None and made.name in _OBJECT_MAKERS:
            return OBJECT
    return None


def parameter_named(name: nodes.Name, frame_node: nodes.NodeNG) -> str | None:
    """The parameter of the frame's function that ``name`` certainly is (its only binding)."""
    if not isinstance(frame_node, nodes.FunctionDef):
        return None
    try:
        scope, bindings = lookup(name)
    except Exception:  # noqa: BLE001 - an odd tree: not known
        return None
    if scope is not frame_node or len(bindings) != 1:
        return None
    binding = bindings[0]
    if isinstance(binding, nodes.AssignName) and isinstance(binding.parent, nodes.Arguments):
        return binding.name
    return None


def decide(test: nodes.NodeNG, context: CallContext, frame_node: nodes.NodeNG) -> bool | None:
    """The value of an ``if`` test when the context decides it; None when it stays open."""
    if not context.values:
        return None
    if isinstance(test, nodes.Name):
        known = _parameter_value(test, context, frame_node)
        return known.truth if known is not None else None
    if isinstance(test, nodes.UnaryOp) and test.op == "not":
        inner = decide(test.operand, context, frame_node)
        return None if inner is None else not inner
    if isinstance(test, nodes.BoolOp):
        answers = [decide(value, context, frame_node) for value in test.values]
        if test.op == "and":
            return False if False in answers else (True if all(a is True for a in answers) else None)
        return True if True in answers else (False if all(a is False for a in answers) else None)
    if isinstance(test, nodes.Compare) and len(test.ops) == 1:
        operator, right = test.ops[0]
        left = test.left
        if not isinstance(left, nodes.Name) and isinstance(right, nodes.Name):
            left, right = right, left
            if operator in ("in", "not in"):
                return None
        if not isinstance(left, nodes.Name):
            return None
        known = _parameter_value(left, context, frame_node)
        if known is None:
            return None
        return _compare(known, operator, right)
    return None


def _parameter_value(name: nodes.Name, context: CallContext, frame_node: nodes.NodeNG) -> Known | None:
    parameter = parameter_named(name, frame_node)
    return context.value(parameter) if parameter is not None else None


def _compare(known: Known, operator: str, other: nodes.NodeNG) -> bool | None:
    if operator in ("is", "is not"):
        if not (isinstance(other, nodes.Const) and other.value is None):
            return None
        same = not known.is_object and known.constant is None
        return same if operator == "is" else not same
    if known.is_object:
        return None
    if operator in ("==", "!="):
        if not isinstance(other, nodes.Const) or not isinstance(other.value, _CONSTANT_TYPES):
            return None
        same = known.constant == other.value
        return same if operator == "==" else not same
    if operator in ("in", "not in") and isinstance(other, (nodes.Tuple, nodes.List, nodes.Set)):
        if not all(isinstance(e, nodes.Const) for e in other.elts):
            return None
        inside = known.constant in [e.value for e in other.elts]
        return inside if operator == "in" else not inside
    return None
