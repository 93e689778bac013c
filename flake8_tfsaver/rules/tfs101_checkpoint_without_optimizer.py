"""TFS101: a TF 2 ``tf.train.Checkpoint`` saved during or after a training loop tracks the
variables an optimizer trains there, but not the optimizer."""

from __future__ import annotations

from collections.abc import Iterator

from astroid import nodes

from ..diagnostic import Diagnostic
from ..graph.program import Program
from ..objects.model import CheckpointSite, SaveSite, TrainingStep, object_model
from ..syntax.resolve import enclosing_class, is_instance_method, lookup
from ._common import at, code

CODE = "TFS101"
SUMMARY = "TF 2 `tf.train.Checkpoint` saved in training without the optimizer"


def check(program: Program) -> Iterator[Diagnostic]:
    model = object_model(program)
    if not model.trained_saves:
        return
    builder = model.builder
    # Only the steps that ran before a save count for it (not every step of the optimizer).
    pairs: dict[int, list[tuple[SaveSite, TrainingStep]]] = {}
    for save, step in sorted(model.trained_saves, key=lambda p: (p[1].node.lineno or 0, p[0].node.lineno or 0)):
        if save.checkpoint.opaque or not _saves_trained_variables(builder, save.checkpoint, step):
            continue  # another model's checkpoint, or variables we cannot place
        pairs.setdefault(id(save.checkpoint), []).append((save, step))
    for found in pairs.values():
        checkpoint = found[0][0].checkpoint
        missing: list[tuple[SaveSite, TrainingStep]] = []
        seen: set[int] = set()
        for save, step in found:
            optimizer = step.optimizer
            if id(optimizer) in seen:
                continue
            seen.add(id(optimizer))
            if _may_hold(builder, checkpoint, optimizer) or builder.escapes(optimizer, checkpoint):
                continue
            missing.append((save, step))
        if missing:
            yield at(checkpoint.node, CODE, message(builder, checkpoint, missing), last_resort(checkpoint, missing))


def _saves_trained_variables(builder, checkpoint: CheckpointSite, step: TrainingStep) -> bool:
    for root in step.roots or ():
        target = builder.identity(root)
        if target is not None and any(builder.holds(t, target, False) for t in checkpoint.tracked):
            return True
    return False


def _may_hold(builder, checkpoint: CheckpointSite, optimizer) -> bool:
    """True unless every tracked object certainly does not hold the optimizer.  An object
    made by code the file does not show (a model class of another module) may hold anything,
    except an optimizer that stays in sight: nothing the file does not show was given it."""
    answers = [builder.holds(t, optimizer.identity, True) for t in checkpoint.tracked]
    if any(answers):
        return True
    return None in answers and not builder.stays_in_sight(optimizer)


def message(builder, checkpoint: CheckpointSite, missing: list[tuple[SaveSite, TrainingStep]]) -> list[str]:
    """The wordings of the finding, the most detailed first (``at`` keeps the first that fits)."""
    save, step = missing[0]
    spelled = code(checkpoint.spelling + "()")
    if len(missing) == 1:
        name = code(_name_at(checkpoint, step))
        return [
            f"{spelled} saves (line {save.node.lineno}) the variables that {name} trains"
            f" (line {step.node.lineno}) but not {name} itself, so a resumed run restarts its slots and"
            f" step count - track it: `{checkpoint.spelling}(model=..., optimizer={spelling_at(checkpoint, step)})`"
        ]
    names = [f"{code(_name_at(checkpoint, s))} (line {s.node.lineno})" for _, s in missing]
    keywords = []
    for index, (_, s) in enumerate(missing):
        spelling = spelling_at(checkpoint, s)
        keyword = spelling if spelling.isidentifier() else ("optimizer" if index == 0 else f"optimizer_{index + 1}")
        keywords.append(f"{keyword}={spelling}")
    others = len(missing) - 1
    every = ", ".join(names[:-1]) + f" and {names[-1]}"
    first = f"{names[0]} and {others} more optimizer{'s' if others > 1 else ''}"
    damage = "train, not the optimizers: a resumed run restarts their slots and steps - track them"
    return [
        f"{spelled} saves (line {save.node.lineno}) what {every} {damage}:"
        f" `{checkpoint.spelling}(model=..., {', '.join(keywords)})`",
        f"{spelled} saves (line {save.node.lineno}) what {first} {damage}:"
        f" `{checkpoint.spelling}(..., {keywords[0]}, ...)`",
    ]


def last_resort(checkpoint: CheckpointSite, missing: list[tuple[SaveSite, TrainingStep]]) -> list[str]:
    """The wording for names of 100 characters: no damage, and the fix with one keyword."""
    save, step = missing[0]
    others = len(missing) - 1
    lacks = f"the optimizer {code(_name_at(checkpoint, step))} (line {step.node.lineno})"
    if others:
        lacks += f" and {others} more"
    them, rest = ("them", ", ...") if others else ("it", "")
    return [
        f"{code(checkpoint.spelling + '()')} saved on line {save.node.lineno} lacks {lacks}"
        f" - track {them}: `{checkpoint.spelling}(model=..., optimizer={spelling_at(checkpoint, step)}{rest})`"
    ]


def _name_at(checkpoint: CheckpointSite, step: TrainingStep) -> str:
    """The optimizer's name as the Checkpoint's code spells it (``g_optimizer``, not the
    parameter ``optimizer`` of the step method it is given to), else as the step spells it."""
    spelling = spelling_at(checkpoint, step)
    return step.node.func.expr.as_string() if spelling == "<the optimizer>" else spelling


def spelling_at(checkpoint: CheckpointSite, step: TrainingStep) -> str:
    """How code at the Checkpoint's line can name the optimizer: the step's spelling or the
    name the optimizer was bound to, if either means the same there; else a neutral form."""
    candidates = [step.node.func.expr]
    parent = step.optimizer.node.parent
    if isinstance(parent, nodes.Assign) and len(parent.targets) == 1:
        candidates.append(parent.targets[0])
    for candidate in candidates:
        if _valid_at(candidate, checkpoint.node):
            return candidate.as_string()
    return "<the optimizer>"


def _valid_at(expr: nodes.NodeNG, place: nodes.NodeNG) -> bool:
    root = expr
    while isinstance(root, (nodes.Attribute, nodes.AssignAttr)):
        root = root.expr
    if not isinstance(root, (nodes.Name, nodes.AssignName)):
        return False
    own_self = _self_name(root)
    if own_self is not None and own_self == root.name:
        return _self_name(place) == root.name and enclosing_class(place) is enclosing_class(root)
    try:
        mine = [root] if isinstance(root, nodes.AssignName) else lookup(root)[1]
        _, there = place.scope().scope_lookup(place, root.name)
    except Exception:
        return False
    if not there:  # a Checkpoint built before the name is bound in its own scope
        there = place.scope().locals.get(root.name, []) if isinstance(place.scope(), (nodes.Module, nodes.FunctionDef)) else []
    if isinstance(root, nodes.AssignName):
        return len(there) == 1 and there[0] is root  # the name the optimizer was bound to, seen there
    return bool(mine) and {id(b) for b in mine} == {id(b) for b in there}


def _self_name(node: nodes.NodeNG) -> str | None:
    """The name of ``self`` in the method ``node`` is in (nested helpers included)."""
    func = node.scope()
    while isinstance(func, (nodes.FunctionDef, nodes.Lambda)) and not isinstance(func.parent, nodes.ClassDef):
        func = func.parent.scope() if func.parent is not None else None
    if isinstance(func, nodes.FunctionDef) and func.args.args and is_instance_method(func):
        return func.args.args[0].name
    return None
