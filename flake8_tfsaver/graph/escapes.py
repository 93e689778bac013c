"""Where a Saver may go once built: the cheap text test of the spellings a file keeps Savers
under, and whether a function of this file may save with a Saver it is given."""

from __future__ import annotations

import re

from astroid import nodes

from ..syntax.calls import parameter_given
from ..syntax.resolve import find_method

_SAVER_TARGET = re.compile(r"(\w+)\s*(?::[^=\n]*)?=\s*[^=\n]*?\b(?:Saver|import_meta_graph)\s*\(")
_WORD = re.compile(r"\w+")
# Calls that only look at what they are given (a Saver passed there is not saved with).
_INSPECTING = frozenset({"isinstance", "print", "repr", "str", "id", "type", "hasattr", "getattr", "len", "format"})
_LOGGING_ROOTS = ("logging.", "logger.", "log.", "tf.logging.", "absl.logging.", "print")


def saver_spellings(source: str, saver_factories: tuple[str, ...]) -> frozenset[str]:
    """Names and attributes a file may keep a Saver in: targets of ``x = ...Saver(...)`` /
    ``import_meta_graph(...)`` / a configured factory, and every identifier containing "saver"."""
    # Words containing "saver" in any case (a ``\w*saver\w*`` regex backtracks at every letter).
    spellings = {w for w in _WORD.findall(source) if "saver" in w.lower()} if "saver" in source.lower() else set()
    shorts = [re.escape(f.rsplit(".", 1)[-1].rstrip("*")) for f in saver_factories]
    shorts = [s for s in shorts if s]
    factory = re.compile(rf"(\w+)\s*=\s*[^=\n]*?\b(?:{'|'.join(shorts)})\w*\s*\(") if shorts else None
    for line in source.splitlines():  # only lines that build something: the regexes backtrack
        if "Saver" in line or "import_meta_graph" in line:
            spellings.update(m.group(1) for m in _SAVER_TARGET.finditer(line))
        if factory is not None and "=" in line:
            spellings.update(m.group(1) for m in factory.finditer(line))
    return frozenset(spellings)


def parameter_may_save(definition: nodes.NodeNG, call: nodes.Call, argument: nodes.NodeNG) -> bool:
    """Whether a function of this file may save with the Saver passed as ``argument``: it calls
    ``.save`` on that parameter or hands it on (to a call, an attribute, a return).  Unsure
    (``*args``, an unknown parameter) means it may."""
    if isinstance(definition, nodes.ClassDef):
        definition = find_method(definition, "__init__")
        if definition is None:
            return True
    name = parameter_given(definition, call, argument)
    if name is None:
        return True
    for use in definition.nodes_of_class(nodes.Name):
        if use.name != name:
            continue
        parent = use.parent
        if isinstance(parent, nodes.Attribute) and parent.attrname in ("restore", "last_checkpoints"):
            continue
        if isinstance(parent, nodes.Call) and _inspects_only(parent):
            continue
        if isinstance(parent, (nodes.Attribute, nodes.Call, nodes.Return, nodes.Assign, nodes.Keyword,
                               nodes.Tuple, nodes.List, nodes.Dict)):
            return True
    return False


def _inspects_only(call: nodes.Call) -> bool:
    func = call.func.as_string()
    return func in _INSPECTING or func.startswith(_LOGGING_ROOTS)
