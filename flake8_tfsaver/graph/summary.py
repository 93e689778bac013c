"""Per-module summaries: what calling a function, class or method of another module of the
project does in the caller's graph.  Plain frozen data (no astroid node, no tree kept alive), so a
summary made once serves every file of the run.

An ``Effect`` is one event of the callee's frame that happens in the graph it was called in, in
execution order: a variable creation, a Saver construction, a save with a Saver it built or keeps
on ``self``, or a call of unknown effect.  The
caller's model turns each into an event at the call site (see ``model.project_calls``).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Effect:
    kind: str  # "variable" | "saver" | "use" | "opaque"
    # ``if``/``try`` arms of the callee it runs in (keys made unique to the module).
    branches: tuple[tuple[Hashable, int], ...] = ()
    # variables
    description: str = ""
    is_global_step: bool = False
    may_exist_already: bool = False
    reusable: bool = True  # ``get_variable``-like: under a caller's ``reuse`` it may create nothing
    # savers
    spelling: str = ""
    var_list: str = "all"
    defer_build: bool = False
    via_compat_v1: bool = False
    reported: frozenset[str] = frozenset()  # codes the Saver's own module reports on it
    built_once: bool = False  # kept under a test of where it is kept (``syntax.memo``)
    # saves ("use"): ``how`` (save / escape), ``stored`` (kept by a Supervisor ...), and which
    # Saver: ("effect", index of the saver effect) or ("attr", name of the self attribute)
    how: str = ""
    stored: bool = False
    saver: tuple[str, object] = ("", None)


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
