"""TFS101: a TF 2 ``tf.train.Checkpoint`` saved during or after a training loop tracks the
variables an optimizer trains there, but not the optimizer."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostic import Diagnostic
from ..model import Program
from ..model.objects import CheckpointSite, TrainingStep, object_model
from ._common import at

CODE = "TFS101"
SUMMARY = "TF 2 `tf.train.Checkpoint` saved in training without the optimizer"


def check(program: Program) -> Iterator[Diagnostic]:
    model = object_model(program)
    if not model.trained_saves:
        return
    builder = model.builder
    reported: set[tuple[int, int]] = set()
    for save, step in model.trained_saves:
        checkpoint, optimizer = save.checkpoint, step.optimizer
        key = (id(checkpoint.node), id(optimizer.node))
        if key in reported or checkpoint.opaque:
            continue
        steps = [s for s in model.steps if s.optimizer is optimizer]
        if not _saves_trained_variables(builder, checkpoint, steps):
            continue  # another model's checkpoint, or variables we cannot place
        if _may_hold(builder, checkpoint, optimizer.identity) or builder.escapes(optimizer):
            continue
        reported.add(key)
        yield at(checkpoint.node, CODE, message(checkpoint, step, save.node.lineno))


def _saves_trained_variables(builder, checkpoint: CheckpointSite, steps: list[TrainingStep]) -> bool:
    for step in steps:
        for root in step.roots or ():
            target = builder.identity(root)
            if target is not None and any(builder.holds(t, target, False) for t in checkpoint.tracked):
                return True
    return False


def _may_hold(builder, checkpoint: CheckpointSite, target) -> bool:
    """True unless every tracked object certainly does not hold the optimizer."""
    return any(builder.holds(t, target, True) is not False for t in checkpoint.tracked)


def message(checkpoint: CheckpointSite, step: TrainingStep, save_line: int) -> str:
    name = step.optimizer.spelling
    return (
        f"`{checkpoint.spelling}()` saves (line {save_line}) the variables that `{name}` trains"
        f" (line {step.node.lineno}) but not `{name}` itself, so a resumed run restarts its slots and"
        f" step count - track it: `{checkpoint.spelling}(model=..., optimizer={name})`"
    )

