"""Whether a TF 2 optimizer may be held by something this file does not show (handed on,
stored elsewhere, returned): then a Checkpoint that seems to lack it may track it after all, and
TFS101 says nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from astroid import nodes

from ..catalog import tf2
from ..syntax.calls import parameter_given
from ..syntax.resolve import assigned_value, enclosing_class, is_self_attribute, lookup
from .holdings import MAX_OBJECT_DEPTH

if TYPE_CHECKING:
    from .objects import CheckpointSite, OptimizerSite


class OptimizerEscapes:
    """Mixin of ``ObjectModelBuilder`` (which provides ``r``, ``api``, ``names``, ``identity``,
    ``holds`` and ``attribute_stores``)."""

    def escapes(self, optimizer: OptimizerSite, checkpoint: CheckpointSite | None = None) -> bool:
        """The optimizer may be held by something this file does not show: handed to a call
        other than a Checkpoint (or a function of this file that only calls its methods),
        stored in another name, a container or an attribute of another object, or returned;
        or something that holds it (a Checkpoint, a trainer) is attached to an object
        ``checkpoint`` may reach (``ckpt.train_state = tf.train.Checkpoint(optimizer=opt)``,
        ``model.trainer = trainer``)."""
        if self._handed_on(optimizer):
            return True
        if self.stays_in_sight(optimizer):
            return False  # no value this file stores can hold it without a use handing it on
        for store in self.attribute_stores:
            if is_self_attribute(store):
                continue
            value = assigned_value(store)
            if value is None:
                continue
            answer = self.holds(value, optimizer.identity, True)
            if answer or (answer is None and self._may_reach(checkpoint, store.expr)):
                return True  # ``model.optimizer = opt``, ``ckpt.trainer = trainer``
        return False

    def _handed_on(self, optimizer: OptimizerSite) -> bool:
        """A use of the name the optimizer is bound to may hand it to something (or it is not
        bound to one name at all)."""
        parent = optimizer.node.parent
        if not (isinstance(parent, nodes.Assign) and len(parent.targets) == 1):
            return True  # not bound to one name: used in ways we do not follow
        target = parent.targets[0]
        spelling = target.name if isinstance(target, nodes.AssignName) else getattr(target, "attrname", None)
        for use in self.names.get(spelling, []):
            if isinstance(use, nodes.AssignAttr) or (isinstance(use, nodes.Attribute) and use.attrname != spelling):
                continue
            if isinstance(use, nodes.Name) and use.name != spelling:
                continue
            if not isinstance(use, (nodes.Name, nodes.Attribute)) or self.identity(use) != optimizer.identity:
                continue
            if self._use_escapes(use):
                return True
        return False

    def stays_in_sight(self, optimizer: OptimizerSite) -> bool:
        """Bound once to a name of a function or of the module, and no use of that name hands
        it to anything: then no object this file does not show, a model of another module
        included, can hold the optimizer, and a Checkpoint tracks it only where the file
        spells that.  (Attaching a holder, ``m.state = Checkpoint(optimizer=opt)``, is a use
        that hands it on.)"""
        parent = optimizer.node.parent
        if not (isinstance(parent, nodes.Assign) and len(parent.targets) == 1):
            return False
        target = parent.targets[0]
        if not isinstance(target, nodes.AssignName) or not isinstance(target.scope(), (nodes.FunctionDef, nodes.Module)):
            return False
        if target.scope().locals.get(target.name) != [target]:
            return False  # bound again: a use may mean another value
        return not self._handed_on(optimizer)

    def _may_reach(self, checkpoint: CheckpointSite | None, expr: nodes.NodeNG) -> bool:
        """``checkpoint`` may track the object ``expr`` (True when unsure)."""
        if checkpoint is None:
            return True
        if isinstance(expr, (nodes.Name, nodes.Attribute)) and self.r.qualified_name(expr) is not None:
            return False  # an imported module or name
        me = self.identity(expr)
        if me is None:
            return True
        if me == ("node", id(checkpoint.node)):
            return True
        return any(self.holds(t, me, False) is not False for t in checkpoint.tracked)

    def _use_escapes(self, use: nodes.NodeNG, depth: int = 0) -> bool:
        if depth > MAX_OBJECT_DEPTH:
            return True
        parent = use.parent
        if isinstance(parent, nodes.Attribute) and parent.expr is use:
            return False  # ``opt.apply_gradients``, ``opt.iterations``, ``opt.learning_rate``
        if isinstance(parent, nodes.Dict) and isinstance(parent.parent, nodes.Keyword) and parent.parent.arg is None:
            parent = parent.parent  # ``Checkpoint(**{"optimizer": opt})``
        if isinstance(parent, nodes.Keyword):
            parent = parent.parent
        if isinstance(parent, nodes.Call) and use is not parent.func:
            api = self.api(parent.func)
            if api in tf2.CHECKPOINT or api in tf2.TF2_OPTIMIZER_GETTERS:
                # the reachability check sees a Checkpoint it is tracked by (or ``get(opt)``,
                # ``opt`` itself) as long as that one is not handed on in turn
                return self._value_escapes(parent, depth + 1)
            if api in tf2.CHECKPOINT_MANAGER:
                return False
            definition = self.r.local_definition(parent.func)
            if isinstance(definition, nodes.FunctionDef):
                return _parameter_escapes(definition, parent, use)
            return True
        if isinstance(parent, (nodes.Compare, nodes.Expr)) or (isinstance(parent, nodes.If) and parent.test is use):
            return False
        if isinstance(parent, nodes.Assign) and parent.value is use:
            return self._value_escapes(use, depth + 1)
        return True

    def _value_escapes(self, value: nodes.NodeNG, depth: int) -> bool:
        """``value`` is (or holds) the optimizer: bound to one name (or ``self`` attribute) whose
        every use keeps it in sight, or used in place in a way that does."""
        parent = value.parent
        if not (isinstance(parent, nodes.Assign) and parent.value is value):
            return self._use_escapes(value, depth)
        if len(parent.targets) != 1:
            return True
        target = parent.targets[0]
        if isinstance(target, nodes.AssignName):
            for use in self.names.get(target.name, []):
                if not isinstance(use, nodes.Name) or use.name != target.name:
                    continue
                try:
                    _, bindings = lookup(use)
                except Exception:
                    return True
                if target in bindings and self._use_escapes(use, depth + 1):
                    return True
            return False
        if is_self_attribute(target):
            klass = enclosing_class(target)
            for use in self.names.get(target.attrname, []):
                if isinstance(use, nodes.Attribute) and is_self_attribute(use) and enclosing_class(use) is klass:
                    if self._use_escapes(use, depth + 1):
                        return True
            return False
        return True  # attached to another object


def _parameter_escapes(definition: nodes.FunctionDef, call: nodes.Call, argument: nodes.NodeNG) -> bool:
    """A function of this file given the optimizer: it escapes unless the parameter is only
    used as ``param.<attr>`` (its methods called, its state read)."""
    name = parameter_given(definition, call, argument)
    if name is None:
        return True
    for use in definition.nodes_of_class(nodes.Name):
        if use.name == name and not (isinstance(use.parent, nodes.Attribute) and use.parent.expr is use):
            return True
    return False
