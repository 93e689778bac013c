"""Helpers about calls that every model shares: which parameter of a function an argument of a
call is given to."""

from __future__ import annotations

from astroid import nodes


def call_parameters(definition: nodes.FunctionDef) -> list[str]:
    """The parameters a call's positional arguments fill, in order: positional-only ones first;
    a method's first parameter (``self``, ``cls``) is not in the call (a staticmethod has none)."""
    args = definition.args
    names = [a.name for a in (args.posonlyargs or ())] + [a.name for a in (args.args or ())]
    if names and isinstance(definition.parent, nodes.ClassDef) and not _is_static(definition):
        names = names[1:]
    return names


def parameter_given(definition: nodes.FunctionDef, call: nodes.Call, argument: nodes.NodeNG) -> str | None:
    """The parameter of ``definition`` that ``call`` passes ``argument`` to; None when unsure
    (after a ``*args``, beyond the parameters, an unknown keyword).  A method's first parameter
    (``self``, ``cls``) is not in the call."""
    params = call_parameters(definition)
    if argument in call.args:
        index = call.args.index(argument)
        if any(isinstance(a, nodes.Starred) for a in call.args[:index]) or index >= len(params):
            return None
        return params[index]
    name = next((k.arg for k in call.keywords or () if k.value is argument), None)
    positional_only = {a.name for a in definition.args.posonlyargs or ()}
    by_keyword = [p for p in params if p not in positional_only] + [a.name for a in definition.args.kwonlyargs or ()]
    if name is None or name not in by_keyword:
        return None
    return name


def _is_static(definition: nodes.FunctionDef) -> bool:
    return any(
        (d.attrname if isinstance(d, nodes.Attribute) else getattr(d, "name", "")) == "staticmethod"
        for d in (definition.decorators.nodes if definition.decorators else ())
    )
