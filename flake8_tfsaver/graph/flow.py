"""Control flow of one frame: the walking context, and what early exits do to it.

``block``/``statement`` in ``builder`` return the context of the code that follows.  Its branches
may gain *exit markers*: after ``if c: ...; return`` the rest of the frame runs only when the
``if`` took its other branch, so it is recorded as being in that branch, and ``exclusive`` keeps
it apart from the returning one.  ``continue``/``break`` markers end with their loop; a loop's
``else`` is exclusive with its ``break`` branches.  Events in a block that always leaves a loop
(``break``, ``return``) are *final* for it: no later iteration follows them.
"""

from __future__ import annotations

from dataclasses import dataclass

from astroid import nodes

from . import program as p

# How a block leaves, weakest first: after "continue" the loop may run again, "break" ends the
# loop, "frame" ends the function (``return``; ``raise`` / ``sys.exit()`` outside ``try``).
_STRENGTH = {"continue": 0, "break": 1, "frame": 2}
EXIT_FUNCTIONS = frozenset({"sys.exit", "os._exit", "os.abort"})
# ``Context.graph`` value meaning "the frame's default graph": resolved when an event is added,
# so that ``reset_default_graph()`` moves every later event to a new graph.
FRAME_DEFAULT = p.GraphId(p.GraphKind.FRAME_DEFAULT, 0)


@dataclass(frozen=True)
class Context:
    graph: p.GraphId | None
    branches: tuple = ()
    loops: tuple[nodes.NodeNG, ...] = ()
    loop_depths: tuple[int, ...] = ()  # len(branches) when each loop was entered
    final_loops: tuple[nodes.NodeNG, ...] = ()
    reuse: bool = False
    # When ``reuse`` comes only from ``variable_scope(reuse=<parameter>)`` that the walk leaves
    # open: the test form (``graph.context.test_form``) on the frame's parameters under which the
    # scope reuses.  A summary keeps it, so that a caller whose arguments decide it knows whether
    # the ``get_variable`` under it creates (``project_calls``).  None: no such open test decides
    # it (no reuse, a certain one, or one the analysis cannot read).
    reuse_test: tuple | None = None
    # ("var" | "name", literal scope name or None when not literal), outermost first
    scopes: tuple[tuple[str, str | None], ...] = ()

    def evolve(self, **changes) -> Context:
        """A copy with ``changes``: ``dataclasses.replace`` without its per-call field checks
        (made for every branch, loop and call site, it was a visible part of the analysis)."""
        copied = object.__new__(Context)
        copied.__dict__.update(self.__dict__, **changes)
        return copied

    def in_variable_scope(self, scope: tuple[str, str | None], reusing: bool, test: tuple | None) -> Context:
        """The context of a ``variable_scope`` body.  Reuse is inherited (an inner ``reuse=False``
        does not turn it off); ``test`` is the open test of this scope's ``reuse=``, if that is all
        that makes it reuse."""
        if not reusing:
            reuse_test = self.reuse_test
        elif not self.reuse:
            reuse_test = test
        else:  # reusing when either scope does: open only while both are
            reuse_test = ("or", self.reuse_test, test) if self.reuse_test is not None and test is not None else None
        return self.evolve(reuse=self.reuse or reusing, reuse_test=reuse_test, scopes=self.scopes + (scope,))

    def branch(self, node: nodes.NodeNG, index: int) -> Context:
        return self.evolve(branches=self.branches + ((id(node), index),))

    def in_loop(self, loop: nodes.NodeNG) -> Context:
        return self.evolve(loops=self.loops + (loop,), loop_depths=self.loop_depths + (len(self.branches),))


def with_markers(ctx: Context, *parts: tuple[Context, Context]) -> Context:
    """``ctx`` plus the exit markers each part (a block run from its start context to its end
    context) added on the way."""
    markers: list = []
    for start, end in parts:
        markers.extend(b for b in end.branches[len(start.branches):] if b not in markers)
    return ctx.evolve(branches=ctx.branches + tuple(markers))


def weakest(kinds: list[str | None]) -> str | None:
    """How a statement with these alternative ways out leaves (None if one goes on)."""
    if not kinds or None in kinds:
        return None
    return min(kinds, key=_STRENGTH.__getitem__)


class Exits:
    """Per-frame bookkeeping of exit markers, and the test of how a statement leaves."""

    def __init__(self, exits_process) -> None:
        self.exits_process = exits_process  # call -> bool: ``sys.exit()`` and friends
        self.loop_markers: set = set()  # markers of continue/break: they end with their loop
        self.break_markers: set = set()  # a loop's ``else`` runs on the other side of these
        self.in_try = 0  # inside a ``try`` body with handlers, ``raise`` may be caught
        self._leaves: dict[tuple[int, bool], str | None] = {}

    def leaves(self, statement: nodes.NodeNG) -> str | None:
        # Asked again for each enclosing block: memoised (the answer depends on ``in_try`` only).
        key = (id(statement), bool(self.in_try))
        if key not in self._leaves:
            self._leaves[key] = self._leaves_uncached(statement)
        return self._leaves[key]

    def _leaves_uncached(self, statement: nodes.NodeNG) -> str | None:
        if isinstance(statement, nodes.Return):
            return "frame"
        if isinstance(statement, nodes.Raise):
            return None if self.in_try else "frame"
        if isinstance(statement, nodes.Continue):
            return "continue"
        if isinstance(statement, nodes.Break):
            return "break"
        if isinstance(statement, nodes.Expr) and isinstance(statement.value, nodes.Call):
            return "frame" if not self.in_try and self.exits_process(statement.value) else None
        if isinstance(statement, nodes.If) and statement.orelse:
            return weakest([self.leaves_block(statement.body), self.leaves_block(statement.orelse)])
        if isinstance(statement, nodes.With):
            return self.leaves_block(statement.body)
        return None

    def leaves_block(self, statements: list[nodes.NodeNG]) -> str | None:
        for statement in statements:
            kind = self.leaves(statement)
            if kind:
                return kind
        return None

    def entering(self, statements: list[nodes.NodeNG], ctx: Context) -> Context:
        """The context a block runs in: final for the loops it always leaves."""
        kind = self.leaves_block(statements)
        if kind not in ("break", "frame") or not ctx.loops:
            return ctx
        if _continues(statements, ctx.loops[-1]):
            return ctx  # an ``if ...: continue`` on the way may start the next iteration
        ending = ctx.loops[-1:] if kind == "break" else ctx.loops
        return ctx.evolve(final_loops=ctx.final_loops + tuple(loop for loop in ending if loop not in ctx.final_loops))

    def marker(self, key: object, other: int, kind: str) -> tuple:
        """The exit marker "execution went on in branch ``other``" of an exit of this kind."""
        marker = (key, other)
        if kind in ("continue", "break"):
            self.loop_markers.add(marker)
        if kind == "break":
            self.break_markers.add(marker)
        return marker

    def after_loop(self, loop_ctx: Context, body_end: Context) -> tuple[Context, tuple]:
        """The loop body's end without its continue/break markers, and the break markers (for
        the loop's ``else``)."""
        added = body_end.branches[len(loop_ctx.branches):]
        kept = tuple(b for b in added if b not in self.loop_markers)
        breaks = tuple(b for b in added if b in self.break_markers)
        return body_end.evolve(branches=loop_ctx.branches + kept), breaks


def runs_once(loop: nodes.For | nodes.While) -> bool:
    """A body that always ends in ``break``/``return``/``raise`` and never ``continue``s runs at
    most once: not a loop for the rules."""
    body = loop.body
    if not body or not isinstance(body[-1], (nodes.Break, nodes.Return, nodes.Raise)):
        return False
    return not any(_loop_of(c) is loop for c in loop.nodes_of_class(nodes.Continue))


def _continues(statements: list[nodes.NodeNG], loop: nodes.NodeNG) -> bool:
    return any(_loop_of(c) is loop for statement in statements for c in statement.nodes_of_class(nodes.Continue))


def _loop_of(node: nodes.NodeNG) -> nodes.NodeNG | None:
    parent = node.parent
    while parent is not None and not isinstance(parent, (nodes.For, nodes.While, nodes.FunctionDef, nodes.Lambda)):
        parent = parent.parent
    return parent
