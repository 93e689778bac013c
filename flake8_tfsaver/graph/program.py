"""What runs in which graph, in order: the facts every rule reads.

A *frame* is the module body or one function body.  Its events are in execution order (``seq``);
events of different frames are not ordered, except through the proxies that a call to a function
of this file adds at the call site (see ``builder``).
"""

from __future__ import annotations

import dataclasses
import enum
import functools
from dataclasses import dataclass, field

from astroid import nodes


class GraphKind(enum.Enum):
    DEFAULT = "default"  # the module's default graph
    CALLER = "caller"  # the default graph when a function is called
    OBJECT = "object"  # made by one ``tf.Graph()`` call
    SYMBOLIC = "symbolic"  # an attribute such as ``self.graph`` assigned once from something unknown
    FRAME_DEFAULT = "frame-default"  # "the frame's default graph" while walking (``flow.FRAME_DEFAULT``)


class VarList(enum.Enum):
    """What a Saver's ``var_list`` is."""

    ALL = "all"  # none given: every variable of the graph when it is built
    SNAPSHOT = "snapshot"  # a collection read when it is built (``tf.global_variables()``): the same
    EXPLICIT = "explicit"  # anything else


class UseKind(enum.Enum):
    """How a ``SaverUse`` may write a checkpoint."""

    SAVE = "save"  # ``saver.save(...)``
    ESCAPE = "escape"  # handed to a call that may save with it later
    RETURN = "return"  # returned to callers this file does not see


class Relation(enum.Enum):
    SAME = "same"
    DIFFERENT = "different"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class GraphId:
    """Identity of a graph object, as far as the file shows it.

    kind ``default``: the module's default graph (a new one after each ``reset_default_graph``);
    ``caller``: the default graph when a function is called (methods of one class share one);
    ``object``: the graph made by one ``tf.Graph()`` call; ``symbolic``: an attribute such as
    ``self.graph`` assigned once from something unknown (same object, identity unknown).
    """

    kind: GraphKind
    key: int
    epoch: int = 0
    # For object graphs made inside a plain function: that function's caller key.  Such a graph
    # is new on every call, so it can never be the caller's default graph.
    owner: int = 0
    label: str = field(default="", compare=False)
    made_in: int = field(default=0, compare=False)  # id of the scope whose code made the graph
    creation: nodes.NodeNG | None = field(default=None, compare=False)  # the ``tf.Graph()`` call


def relation(a: GraphId | None, b: GraphId | None) -> Relation:
    if a is None or b is None:
        return Relation.UNKNOWN
    if a == b:
        return Relation.SAME
    if a.kind is GraphKind.SYMBOLIC or b.kind is GraphKind.SYMBOLIC:
        return Relation.UNKNOWN  # one object, but which one is not known
    if a.kind is not GraphKind.CALLER and b.kind is not GraphKind.CALLER:
        return Relation.DIFFERENT
    if a.kind is GraphKind.CALLER and b.kind is GraphKind.CALLER:
        return Relation.DIFFERENT if a.key == b.key else Relation.UNKNOWN
    caller, other = (a, b) if a.kind is GraphKind.CALLER else (b, a)
    if other.kind is GraphKind.OBJECT and other.owner == caller.key:
        return Relation.DIFFERENT
    return Relation.UNKNOWN


@dataclass(eq=False)
class Frame:
    node: nodes.NodeNG  # Module or FunctionDef
    entry_graph: GraphId
    events: list[Event] = field(default_factory=list)
    # Facts a call to this frame passes on to its caller.
    resets_graph: bool = False
    # Frames of this file's functions/methods/constructors that this frame calls.
    callees: list[Frame] = field(default_factory=list)


@dataclass(eq=False)
class Event:
    node: nodes.NodeNG
    frame: Frame
    seq: int
    graph: GraphId | None
    branches: tuple[tuple[int, int], ...]
    loops: tuple[nodes.NodeNG, ...]
    # per loop in ``loops``: how many of ``branches`` were there when the loop was entered
    loop_depths: tuple[int, ...] = ()
    # loops that never start another iteration after this event (it is in a block that always
    # ends in ``break``, or ``return``/``raise`` for every loop)
    final_loops: tuple[nodes.NodeNG, ...] = ()

    def earlier_in_graph(self) -> list[Event]:
        """The events of this frame before this one, in the same graph, in order."""
        events = self.frame.events
        return [e for e in events[: events.index(self)] if e.graph == self.graph]

    def precedes(self, other: Event) -> bool:
        """True if ``self`` certainly runs before ``other`` in the same frame."""
        return self.frame is other.frame and self.seq < other.seq and not exclusive(self, other)

    @property
    def root(self) -> Event:
        """The event a proxy stands for (itself when it is not a proxy)."""
        origin = getattr(self, "origin", None)
        return origin.root if origin is not None else self


def exclusive(a: Event, b: Event) -> bool:
    """Both in different branches of one ``if``/``try``: never both run.  Code after an ``if``
    whose branch always leaves (``return``, ``raise``, ``sys.exit()``; ``continue``/``break``
    for the rest of a loop body) counts as that ``if``'s other branch (see ``flow``)."""
    return exclusive_branches(a.branches, b.branches)


def exclusive_branches(a: tuple, b: tuple) -> bool:
    branches_a = dict(a)
    return any(key in branches_a and branches_a[key] != index for key, index in b)


def passed_on(default: object, *, summarised: bool = True):
    """Declares an event field that a call passes on to its caller: copied onto the proxy at each
    call site in the file (``builder``) and, when ``summarised``, kept in the summary that calls
    from other modules replay (``graph.summary.Effect.facts``, ``project_calls``).  The one place
    that says what travels: proxies, summaries and replays all read it (``carried``)."""
    return field(default=default, metadata={"passed_on": "summary" if summarised else "call"})


def carried(event: Event, *, into_summary: bool = False) -> dict[str, object]:
    """The fields ``event`` passes on (``passed_on``): to a proxy, or (``into_summary``) only the
    summarised ones, which hold no astroid node."""
    return {name: getattr(event, name) for name in _passed_on_fields(type(event), into_summary)}


def proxy_fields(event: Event) -> dict[str, object]:
    """The keyword arguments of a proxy of ``event`` at a call site: what it passes on, and the
    event it stands for when its kind records one."""
    found = carried(event)
    if _records_origin(type(event)):
        found["origin"] = event
    return found


def summary_facts(kind: type, fields: dict[str, object]) -> tuple[tuple[str, object], ...]:
    """The facts a summary keeps of an event of ``kind`` made with ``fields`` (the rest at their
    defaults), as ``carried(..., into_summary=True)`` gives them for a made event."""
    defaults = {f.name: f.default for f in dataclasses.fields(kind)}
    return tuple((name, fields.get(name, defaults[name])) for name in _passed_on_fields(kind, True))


@functools.cache
def _passed_on_fields(kind: type, into_summary: bool) -> tuple[str, ...]:
    wanted = ("summary",) if into_summary else ("summary", "call")
    return tuple(f.name for f in dataclasses.fields(kind) if f.metadata.get("passed_on") in wanted)


@functools.cache
def _records_origin(kind: type) -> bool:
    return any(f.name == "origin" for f in dataclasses.fields(kind))


@dataclass(eq=False)
class VariableCreation(Event):
    description: str = passed_on("")
    is_global_step: bool = passed_on(False)
    may_exist_already: bool = passed_on(False)  # get_or_create_global_step
    full_name: str | None = None  # its checkpoint key, when statically known
    auto_named: bool = False  # ``tf.Variable`` without ``name=``: TF makes ``Variable_1`` ...
    origin: VariableCreation | None = None  # set on proxies at a call site
    # made by a call into another module whose arguments decided it (took the callee's ``if``
    # arms, turned its ``variable_scope(reuse=<parameter>)`` off), and how, for messages
    # ("with `name='adam'`", "without `reuse=`")
    decided_by: str = ""


@dataclass(eq=False)
class SaverConstruction(Event):
    spelling: str = passed_on("")
    var_list: VarList = passed_on(VarList.ALL)
    defer_build: bool = passed_on(False)
    via_compat_v1: bool = passed_on(False)
    origin: SaverConstruction | None = None
    # Built by a call into another module of the project (see ``project_calls``): that call,
    # spelled as here, and the codes that module's own analysis already reports on the Saver.
    project_call: str = ""
    reported_there: frozenset[str] = frozenset()
    # how that call's arguments took the callee's ``if`` arm that builds it, for messages
    # ("without `saver=`"); empty when no argument decided it
    decided_by: str = ""
    # kept in lasting state under a test of that state (``if self.saver is None:``): a call of
    # its builder builds it once, not once per call (``syntax.memo``)
    built_once: bool = passed_on(False)

    @property
    def collects_here(self) -> bool:
        """Seen in its own frame, it collects every variable of its graph at this very line (no
        ``var_list``, no ``defer_build``, graph known): what is before it in that graph is saved."""
        return self.origin is None and self.var_list is VarList.ALL and not self.defer_build and self.graph is not None


@dataclass(eq=False)
class SessionCreation(Event):
    spelling: str = ""


@dataclass(eq=False)
class CheckpointCall(Event):
    """``<saver>.save(...)``, ``.restore(...)`` or ``.build()``."""

    method: str = ""
    receiver: nodes.NodeNG | None = None
    saver: SaverConstruction | None = None
    # The graph the saver was built in *for this receiver*: for ``model.saver`` the graph where
    # ``model = Model()`` ran, which can be more precise than the root Saver's caller graph.
    saver_graph: GraphId | None = None
    session_expr: nodes.NodeNG | None = None
    session: SessionCreation | None = None
    path_expr: nodes.NodeNG | None = None
    path_suffix: str | None = None  # the statically known end of the path string
    # Identity of the path: ("literal", text) or ("name", binding id) of a module-level name
    # bound once; None when the path is computed.
    path_key: tuple | None = None


@dataclass(eq=False)
class SaverUse(Event):
    """A point where a Saver may write a checkpoint: ``saver.save(...)`` (``how is UseKind.SAVE``), the
    Saver handed to a call that may save with it later (``UseKind.ESCAPE``: ``Supervisor(saver=)``,
    ``Scaffold(saver=)``, a function of unknown effect), or returned to unseen callers
    (``UseKind.RETURN``).  Proxies at call sites carry the callee's saves and escapes."""

    # the construction call of the root Saver (a summary says which Saver instead: ``Effect.saver``)
    saver_node: nodes.NodeNG | None = passed_on(None, summarised=False)
    how: UseKind = passed_on(UseKind.SAVE)
    # for escapes: kept by what it is handed to (a Supervisor, a hook), which saves later
    stored: bool = passed_on(False)
    origin: SaverUse | None = None


@dataclass(eq=False)
class SessionClose(Event):
    """The end of ``with tf.Session() as s:`` or ``s.close()``: nothing reads through it after."""

    session: SessionCreation | None = None


@dataclass(eq=False)
class SessionHandOff(Event):
    """The session passed to a call (``restore_or_init(sess)``, ``train(sess, ...)``): that code
    may initialize or restore variables with it."""

    session: SessionCreation | None = None


@dataclass(eq=False)
class InitializerCreation(Event):
    spelling: str = ""
    snapshot: bool = False  # global_variables_initializer / initialize_all_variables
    covers_all: bool = False  # ... or variables_initializer(<collection snapshot>)


@dataclass(eq=False)
class MetaGraphImport(Event):
    """``tf.train.import_meta_graph(path)``."""

    spelling: str = ""
    path_suffix: str | None = None


@dataclass(eq=False)
class SessionRun(Event):
    # Passed on to the callers in the file only: a summary adds Savers and saves, never
    # initializer runs (``crossmodule.summarise``).
    receiver: nodes.NodeNG | None = passed_on(None, summarised=False)
    session: SessionCreation | None = None
    initializers: tuple[InitializerCreation, ...] = passed_on((), summarised=False)
    # ``v.initializer`` (or a list of them) in the fetches: initializes variables by hand; the
    # ids of the values of those ``v`` (None if one is not known)
    runs_variable_initializer: bool = passed_on(False, summarised=False)
    initialized: frozenset[int] | None = passed_on(None, summarised=False)
    fetches: nodes.NodeNG | None = passed_on(None, summarised=False)
    # ids of the calls the fetches are computed from; None when not fully known (``dataflow``)
    reads: frozenset[int] | None = passed_on(None, summarised=False)
    origin: SessionRun | None = None  # set on proxies at a call site

    def may_initialize(self, variable: Event) -> bool:
        """Runs ``v.initializer`` for that variable, or for a ``v`` we cannot identify."""
        return self.runs_variable_initializer and (self.initialized is None or id(variable.node) in self.initialized)

    def may_read(self, variable: Event) -> bool:
        """False only when the fetches are fully known and none is computed from ``variable``
        (for a proxy: from the call that creates it)."""
        return self.reads is None or id(variable.node) in self.reads


@dataclass(eq=False)
class OpaqueCall(Event):
    """A call whose effect on the graph is unknown: code of another module, a TF function the
    catalog does not know, a call on an unknown object.  It may create variables."""

    # into another module of the project (may create a global step); a replayed summary's
    # unknown calls are all from the project
    from_project: bool = passed_on(False, summarised=False)
    # A creation the walk could not decide but a call's arguments can: the fields of the
    # ``VariableCreation`` it may be (``withheld``), and what decides it: a
    # ``variable_scope(reuse=<parameter>)`` left open (``flow.Context.reuse_test``, the test under
    # which it creates nothing), or the ``if`` arms of the function that bind the optimizer
    # whose slots it creates (``arms``, ``tf_calls.chosen_optimizer``).  A summary keeps them, so
    # that a call from another module whose arguments decide them replays a creation
    # (``project_calls``); in this file it stays unknown.
    withheld: tuple[tuple[str, object], ...] = ()
    reuse_test: tuple | None = None
    arms: tuple[tuple[int, int], ...] = ()


@dataclass(eq=False)
class GraphReset(Event):
    """``tf.reset_default_graph()``: later events of the frame run in a new default graph."""


def history_visible(graph: GraphId | None, frame: Frame) -> bool:
    """True if the frame shows everything that ever ran in ``graph``: the module's default graph
    seen from module level, or a graph this frame made itself."""
    if graph is None:
        return False
    if graph.kind is GraphKind.DEFAULT:
        return isinstance(frame.node, nodes.Module)
    return graph.kind is GraphKind.OBJECT and graph.made_in == id(frame.node)


@dataclass
class Program:
    """Everything the rules read."""

    module: nodes.Module
    frames: list[Frame]
    disables_eager: bool = False
    _by_kind: dict = field(default_factory=dict, repr=False)
    # names of functions referenced other than by a direct call (``timeline``; computed on demand)
    value_references: frozenset[str] | None = field(default=None, repr=False)
    # TF 2: the linted text (for cheap word tests) and the object model (``objects.model``),
    # built on first use by the TF 2 rules.
    source: str | None = field(default=None, repr=False)
    objects: object | None = field(default=None, repr=False)

    def events(self, kind: type) -> list:
        if kind not in self._by_kind:
            self._by_kind[kind] = [e for f in self.frames for e in f.events if isinstance(e, kind)]
        return self._by_kind[kind]
