"""Helpers about calls that every model shares: which argument of a call fills which parameter
of a function of this file, and an argument of a TF call by position or keyword."""

from __future__ import annotations

from collections.abc import Sequence

from astroid import nodes


def call_parameters(definition: nodes.FunctionDef) -> list[str]:
    """The parameters a call's positional arguments fill, in order: positional-only ones first;
    a method's first parameter (``self``, ``cls``) is not in the call (a staticmethod has none)."""
    args = definition.args
    names = [a.name for a in (args.posonlyargs or ())] + [a.name for a in (args.args or ())]
    if names and isinstance(definition.parent, nodes.ClassDef) and not _is_static(definition):
        names = names[1:]
    return names


def parameter_names(definition: nodes.FunctionDef) -> set[str]:
    """Every parameter a call can fill by name or position (``call_parameters`` and keyword-only)."""
    return set(call_parameters(definition)) | {a.name for a in definition.args.kwonlyargs or ()}


def bound_arguments(definition: nodes.FunctionDef, call: nodes.Call) -> dict[str, nodes.NodeNG]:
    """The parameters of ``definition`` that ``call`` certainly fills, and with what
    (``bind_parameters`` with ``definition``'s own signature)."""
    args = definition.args
    return bind_parameters(
        call, call_parameters(definition), tuple(a.name for a in args.kwonlyargs or ()),
        frozenset(a.name for a in args.posonlyargs or ()),
    )


def bind_parameters(
    call: nodes.Call, positional: Sequence[str], keyword_only: Sequence[str] = (),
    positional_only: frozenset[str] = frozenset(),
) -> dict[str, nodes.NodeNG]:
    """The parameters that ``call`` certainly fills, and with what, as Python binds them, for a
    signature given as names (a summary keeps no nodes): positional arguments fill
    ``positional`` in order, up to the first ``*args`` (after it, positions are unknown) and not
    beyond them (the rest go to ``*args``); a keyword fills the parameter of its name unless it is
    positional-only or already filled by position (those go to ``**kwargs``, or raise).  Not in
    the answer: a default, what ``*args`` / ``**kwargs`` of the call may fill."""
    bound: dict[str, nodes.NodeNG] = {}
    for parameter, argument in zip(positional, call.args or ()):
        if isinstance(argument, nodes.Starred):
            break
        bound[parameter] = argument
    by_keyword = {p for p in positional if p not in positional_only} | set(keyword_only)
    for keyword in call.keywords or ():
        if keyword.arg in by_keyword and keyword.arg not in bound:
            bound[keyword.arg] = keyword.value
    return bound


def is_open_ended(call: nodes.Call) -> bool:
    """``call`` passes ``*args`` or ``**kwargs``: which parameters it fills is not known."""
    return any(isinstance(a, nodes.Starred) for a in call.args or ()) or any(
        k.arg is None for k in call.keywords or ()
    )


def argument_given(definition: nodes.FunctionDef, call: nodes.Call, parameter: str) -> nodes.NodeNG | None:
    """What ``call`` passes for ``parameter`` of ``definition``; None when unsure (a default,
    after a ``*args``, in a ``**kwargs``)."""
    return bound_arguments(definition, call).get(parameter)


def parameter_given(definition: nodes.FunctionDef, call: nodes.Call, argument: nodes.NodeNG) -> str | None:
    """The parameter of ``definition`` that ``call`` passes ``argument`` to; None when unsure
    (after a ``*args``, beyond the parameters, an unknown keyword)."""
    return next((p for p, a in bound_arguments(definition, call).items() if a is argument), None)


def argument_at(call: nodes.Call, position: int, keyword: str) -> nodes.NodeNG | None:
    """What ``call`` passes as ``keyword=`` or else at ``position``, for a callee whose signature
    is known only as that (a TF API of the catalog); None when unsure (after a ``*args``)."""
    for given in call.keywords or ():
        if given.arg == keyword:
            return given.value
    if len(call.args) > position and not any(isinstance(a, nodes.Starred) for a in call.args[: position + 1]):
        return call.args[position]
    return None


def _is_static(definition: nodes.FunctionDef) -> bool:
    return any(
        (d.attrname if isinstance(d, nodes.Attribute) else getattr(d, "name", "")) == "staticmethod"
        for d in (definition.decorators.nodes if definition.decorators else ())
    )


def deciding_arguments(call: nodes.Call, inner: nodes.NodeNG) -> str:
    """How ``call`` decides the ``if`` tests around ``inner`` in the function it calls, for a
    message: "without `saver=`" (omitted: its default), "with `mode='train'`" (a literal); ""
    when ``inner`` is not directly in the called function or no test is on what the call gives."""
    definition = inner.scope()
    if not isinstance(definition, nodes.FunctionDef):
        return ""
    name = call.func.attrname if isinstance(call.func, nodes.Attribute) else getattr(call.func, "name", None)
    if name != definition.name or is_open_ended(call):
        return ""
    parameters = parameter_names(definition)
    bound = bound_arguments(definition, call)
    phrases: list[str] = []
    named: set[str] = set()  # each parameter once, the innermost test's
    node = inner
    while node is not None and node is not definition:
        parent = node.parent
        if isinstance(parent, nodes.If) and node is not parent.test:
            for used in parent.test.nodes_of_class(nodes.Name):
                if used.name not in parameters or used.name in named:
                    continue
                named.add(used.name)
                phrase = argument_phrase(used.name, bound.get(used.name))
                if phrase:
                    phrases.append(phrase)
        node = parent
    return " and ".join(phrases)


def argument_phrase(parameter: str, given: nodes.NodeNG | None) -> str:
    """What a call gives a parameter that decides a test, for a message: "without `saver=`"
    (omitted: its default), "with `mode='train'`" (a literal); "" for anything else."""
    if given is None:
        return f"without `{parameter}=`"
    if isinstance(given, nodes.Const):
        return f"with `{parameter}={given.value!r}`"
    return ""
