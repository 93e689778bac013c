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


def deciding_arguments(call: nodes.Call, inner: nodes.NodeNG) -> str:
    """How ``call`` decides the ``if`` tests around ``inner`` in the function it calls, for a
    message: "without `saver=`" (omitted: its default), "with `mode='train'`" (a literal); ""
    when ``inner`` is not directly in the called function or no test is on what the call gives."""
    definition = inner.scope()
    if not isinstance(definition, nodes.FunctionDef):
        return ""
    name = call.func.attrname if isinstance(call.func, nodes.Attribute) else getattr(call.func, "name", None)
    if name != definition.name or any(isinstance(a, nodes.Starred) for a in call.args):
        return ""
    if any(k.arg is None for k in call.keywords or ()):
        return ""
    params = call_parameters(definition)
    keyword_only = [a.name for a in definition.args.kwonlyargs or ()]
    phrases: list[str] = []
    node = inner
    while node is not None and node is not definition:
        parent = node.parent
        if isinstance(parent, nodes.If) and node is not parent.test:
            for used in parent.test.nodes_of_class(nodes.Name):
                if used.name not in params + keyword_only or any(used.name in p for p in phrases):
                    continue
                given = next((k.value for k in call.keywords or () if k.arg == used.name), None)
                if given is None and used.name in params and params.index(used.name) < len(call.args):
                    given = call.args[params.index(used.name)]
                if given is None:
                    phrases.append(f"without `{used.name}=`")
                elif isinstance(given, nodes.Const):
                    phrases.append(f"with `{used.name}={given.value!r}`")
        node = parent
    return " and ".join(phrases)
