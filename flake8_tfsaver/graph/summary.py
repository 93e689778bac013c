"""Per-module summaries: what calling a function, class or method of another module of the
project does in the caller's graph.  Plain frozen data (no astroid node, no tree kept alive), so a
summary made once serves every file of the run.

An ``Effect`` is one event of the callee's frame that happens in the graph it was called in, in
execution order: a variable creation, a Saver construction, a save with a Saver it built or keeps
on ``self``, or a call of unknown effect.  The caller's model turns each into an event at the
call site (``graph.project_calls``); which of the event's fields travel is declared on the event
itself (``graph.program.passed_on``).
"""

from __future__ import annotations

import enum
from collections.abc import Hashable
from dataclasses import dataclass, field


class EffectKind(enum.Enum):
    VARIABLE = "variable"
    SAVER = "saver"
    USE = "use"  # a save (or hand-over) with a Saver the callee built or keeps on ``self``
    OPAQUE = "opaque"


@dataclass(frozen=True)
class Effect:
    kind: EffectKind
    # ``if``/``try`` arms of the callee it runs in (keys made unique to the module).
    branches: tuple[tuple[Hashable, int], ...] = ()
    # The event's fields declared ``passed_on`` (``graph.program``), as (name, value) pairs in
    # declaration order: what a replay at the call site gives its event.
    facts: tuple[tuple[str, object], ...] = ()
    # What only a summary says:
    reusable: bool = True  # a ``get_variable``-like variable: under a caller's ``reuse`` it may create nothing
    # A variable made under the callee's own ``variable_scope(reuse=<parameter>)``: the test on
    # its parameters under which it creates nothing.  A call that makes the test false creates it;
    # one that makes it true, or leaves it open, may create nothing.
    unless_reuse: tuple | None = None
    # The callee's ``if`` arms (keys as in ``branches``) that bind the optimizer whose slots it
    # creates: a call that takes them all creates it, one that rules one out creates nothing,
    # one that leaves one open may create anything.
    requires: tuple[tuple[Hashable, int], ...] = ()
    reported: frozenset[str] = frozenset()  # codes the Saver's own module reports on it
    # which Saver a "use" saves with: ("effect", index of the saver effect) or ("attr", name of
    # the self attribute)
    saver: tuple[str, object] = ("", None)

    def fact(self, name: str) -> object:
        return dict(self.facts)[name]


@dataclass(frozen=True)
class FunctionSummary:
    name: str
    effects: tuple[Effect, ...] = ()
    resets_graph: bool = False
    returned_saver: int | None = None  # index of the Saver it returns (a saver factory)
    # What a call's arguments can decide (``graph.context``): the parameters (positional, then
    # keyword-only), their constant defaults, and the ``if`` tests on them by branch key.
    positional: tuple[str, ...] = ()
    keyword_only: tuple[str, ...] = ()
    defaults: tuple[tuple[str, object], ...] = ()
    conditions: tuple[tuple[Hashable, tuple], ...] = ()


@dataclass(frozen=True)
class ClassSummary:
    name: str
    init: FunctionSummary | None  # None: the constructor is not known (a base of another module)
    methods: dict[str, FunctionSummary] = field(default_factory=dict)
    saver_attrs: frozenset[str] = frozenset()  # ``self.<attr> = Saver`` built by the constructor
    saver_index: int | None = None  # which effect of ``init`` that one Saver is


@dataclass(frozen=True)
class ModuleEffects:
    path: str
    functions: dict[str, FunctionSummary]
    classes: dict[str, ClassSummary]
    complete: bool  # no summary it used was cut by the depth bound: the same at any depth
    # The top-level names summarised (None: all of them).  A function's summary does not depend
    # on which other names were summarised with it (``crossmodule.summarise``), so a summary of a
    # few names answers for those exactly as a whole-module one would.
    names: frozenset[str] | None = None

    def covers(self, names: frozenset[str]) -> bool:
        return self.names is None or names <= self.names


Summary = FunctionSummary | ClassSummary
