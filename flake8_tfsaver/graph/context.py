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
from ..syntax.answers import Answer
from ..syntax.calls import bind_parameters, call_parameters, is_open_ended, parameter_names
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


def decided_parameters(definition: nodes.FunctionDef) -> frozenset[str]:
    """Parameters whose value can change the walk: named in an ``if`` test or in a ``reuse=``
    argument.  Only those go into a context (a call passing other literals needs no new walk)."""
    found = definition.__dict__.get("_tfsaver_decided")
    if found is None:
        params = parameter_names(definition)
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
    positional, keyword_only, defaults = summary_parameters(definition)
    given = known_parameters(call, positional, keyword_only, defaults, known_value)
    values = [(name, given[name]) for name in sorted(wanted) if name in given]
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


def decide(test: nodes.NodeNG, context: CallContext, frame_node: nodes.NodeNG) -> Answer:
    """The value of an ``if`` test when the context decides it; None when it stays open."""
    if not context.values:
        return None
    return evaluate(test_form(test, frame_node), context.value)


def test_form(test: nodes.NodeNG, frame_node: nodes.NodeNG) -> tuple | None:
    """An ``if`` test on the function's parameters as plain data (so that a summary of another
    module can carry it), or None when the test is not one the analysis can decide:
    ``("truth", p)``, ``("not", form)``, ``("and" | "or", form, ...)``,
    ``("compare", p, operator, constant or tuple of constants)``."""
    if isinstance(test, nodes.Name):
        parameter = parameter_named(test, frame_node)
        return ("truth", parameter) if parameter is not None else None
    if isinstance(test, nodes.UnaryOp) and test.op == "not":
        inner = test_form(test.operand, frame_node)
        return ("not", inner) if inner is not None else None
    if isinstance(test, nodes.BoolOp):
        parts = tuple(test_form(value, frame_node) for value in test.values)
        return (test.op, *parts) if any(part is not None for part in parts) else None
    if isinstance(test, nodes.Compare) and len(test.ops) == 1:
        operator, right = test.ops[0]
        left = test.left
        if not isinstance(left, nodes.Name) and isinstance(right, nodes.Name) and operator not in ("in", "not in"):
            left, right = right, left
        if not isinstance(left, nodes.Name):
            return None
        parameter = parameter_named(left, frame_node)
        if parameter is None:
            return None
        if isinstance(right, nodes.Const) and isinstance(right.value, _CONSTANT_TYPES):
            return ("compare", parameter, operator, right.value)
        if isinstance(right, (nodes.Tuple, nodes.List, nodes.Set)) and all(
            isinstance(e, nodes.Const) and isinstance(e.value, _CONSTANT_TYPES) for e in right.elts
        ):
            return ("compare", parameter, operator, tuple(e.value for e in right.elts))
    return None


def evaluate(form: tuple | None, value_of) -> Answer:
    """A ``test_form`` under ``value_of(parameter) -> Known | None``; None when still open."""
    if form is None:
        return None
    kind = form[0]
    if kind == "truth":
        known = value_of(form[1])
        return known.truth if known is not None else None
    if kind == "not":
        inner = evaluate(form[1], value_of)
        return None if inner is None else not inner
    if kind in ("and", "or"):
        answers = [evaluate(part, value_of) for part in form[1:]]
        if kind == "and":
            return False if False in answers else (True if all(a is True for a in answers) else None)
        return True if True in answers else (False if all(a is False for a in answers) else None)
    _, parameter, operator, other = form
    known = value_of(parameter)
    return _compare(known, operator, other) if known is not None else None


def _compare(known: Known, operator: str, other: object) -> Answer:
    if operator in ("is", "is not"):
        if other is not None:
            return None
        same = not known.is_object and known.constant is None
        return same if operator == "is" else not same
    if known.is_object:
        return None
    if operator in ("==", "!=") and not isinstance(other, tuple):
        same = known.constant == other
        return same if operator == "==" else not same
    if operator in ("in", "not in") and isinstance(other, tuple):
        inside = known.constant in other
        return inside if operator == "in" else not inside
    return None


def form_parameters(form: tuple | None) -> list[str]:
    """The parameters a ``test_form`` reads, in the order it names them."""
    if form is None:
        return []
    kind = form[0]
    if kind in ("truth", "compare"):
        return [form[1]]
    if kind == "not":
        return form_parameters(form[1])
    return [name for part in form[1:] for name in form_parameters(part)]


def taken_branches(conditions, value_of) -> dict:
    """For a summary's ``conditions`` (branch key -> test form): the branch index each decided
    test takes (0: its body, 1: its ``else``)."""
    taken = {}
    for key, form in conditions:
        answer = evaluate(form, value_of)
        if answer is not None:
            taken[key] = 0 if answer else 1
    return taken


def runs_in(branches, taken: dict) -> bool:
    """False when one of an event's ``branches`` is an arm the call's arguments rule out."""
    return not any(key in taken and index != taken[key] for key, index in branches)


def known_parameters(call: nodes.Call, positional: tuple[str, ...], keyword_only: tuple[str, ...],
                     defaults: dict, known_value) -> dict[str, Known]:
    """What ``call`` gives each parameter (for a summary's plain parameter list): what it binds
    (``bind_parameters``), else a constant default unless ``*args`` / ``**kwargs`` may fill it."""
    given = bind_parameters(call, positional, keyword_only)
    open_ended = is_open_ended(call)
    found = {}
    for name in positional + keyword_only:
        if name in given:
            known = known_value(given[name])
        elif not open_ended and name in defaults:
            known = Known(defaults[name])
        else:
            known = None
        if known is not None:
            found[name] = known
    return found


def summary_parameters(definition: nodes.FunctionDef) -> tuple[tuple[str, ...], tuple[str, ...], dict]:
    """(positional parameters, keyword-only ones, constant defaults) as plain data."""
    defaults = {}
    for name, node in _defaults(definition).items():
        known = _constant(node)
        if known is not None:
            defaults[name] = known.constant
    return tuple(call_parameters(definition)), tuple(a.name for a in definition.args.kwonlyargs or ()), defaults
