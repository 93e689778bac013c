"""Which object holds which, for the TF 2 object model (``objects``): the identity of an object
spelled in this file, what a ``Checkpoint`` / a model / a class of this file tracks, and the
objects an optimizer's training step trains.  Every answer is True / False / None (unsure).

Also the small syntactic helpers the object model shares (returns of a function, a parameter's
name, builtins)."""

from __future__ import annotations

from astroid import nodes

from ..catalog import tf2
from ..syntax.answers import Answer, any_answer
from ..syntax.calls import argument_at, argument_given
from ..syntax.resolve import (
    enclosing_class,
    is_instance_method,
    is_self,
    is_self_attribute,
    lookup,
)

Identity = tuple
# Past it a question about an object answers "unsure", on which no rule reports: a low cap costs findings, not precision
MAX_OBJECT_DEPTH = 6


class ObjectHoldings:
    """Mixin of ``ObjectModelBuilder`` (which provides ``r``, ``api``, ``names``, ``compiled``,
    ``checkpoint``, ``callee`` and the ``_parameters`` memo)."""

    def pair_roots(self, expr: nodes.NodeNG, depth: int = 0) -> list[nodes.NodeNG] | None:
        """Objects whose variables ``zip(grads, <vars>)`` (or ``list(zip(...))``) pairs."""
        value = self.r.single_value(expr)
        if depth > MAX_OBJECT_DEPTH or not isinstance(value, nodes.Call) or not isinstance(value.func, nodes.Name):
            return None
        if value.func.name == "list" and len(value.args) == 1:
            return self.pair_roots(value.args[0], depth + 1)
        if value.func.name == "zip" and len(value.args) == 2 and is_builtin(value.func):
            return self.variable_roots(value.args[1])
        return None

    def variable_roots(self, expr: nodes.NodeNG, depth: int = 0) -> list[nodes.NodeNG] | None:
        """``model.trainable_variables`` -> [model]; ``a.variables + b.variables`` -> [a, b]."""
        if depth > MAX_OBJECT_DEPTH:
            return None
        if isinstance(expr, nodes.Lambda):
            return self.variable_roots(expr.body, depth + 1)
        if isinstance(expr, nodes.Attribute) and expr.attrname in tf2.VARIABLE_LISTS:
            return [expr.expr]
        if isinstance(expr, nodes.BinOp) and expr.op == "+":
            left, right = self.variable_roots(expr.left, depth + 1), self.variable_roots(expr.right, depth + 1)
            return left + right if left is not None and right is not None else None
        if isinstance(expr, nodes.Name):
            value = self.r.single_value(expr)
            if value is not None and value is not expr:
                return self.variable_roots(value, depth + 1)
        return None

    def identity(self, expr: nodes.NodeNG, depth: int = 0) -> Identity | None:
        if depth > MAX_OBJECT_DEPTH:
            return None
        if isinstance(expr, nodes.Name) and is_self(expr):
            klass = enclosing_class(expr)
            return ("self", id(klass)) if klass is not None else None
        value = self.r.single_value(expr)
        if isinstance(value, nodes.Call):
            if self.api(value.func) in tf2.TF2_OPTIMIZER_GETTERS:
                argument = argument_at(value, 0, "identifier")
                if isinstance(argument, (nodes.Name, nodes.Attribute)) and not isinstance(
                    self.r.single_value(argument), (nodes.Const, nodes.Dict)
                ):
                    return self.identity(argument, depth + 1)  # ``get(opt)`` is ``opt``
            return ("node", id(value))
        if is_self_attribute(expr):
            klass = enclosing_class(expr)
            return ("attr", id(klass), expr.attrname) if klass is not None else None
        if isinstance(expr, nodes.Name) and value is None:
            arguments = self.parameter_arguments(expr)
            if arguments:
                found = {self.identity(a, depth + 1) for a in arguments}
                if len(found) == 1 and None not in found:
                    return found.pop()  # every call passes the same object
            try:
                _, bindings = lookup(expr)
            except Exception:
                return None
            return ("binding", id(bindings[0])) if len(bindings) == 1 else None
        return None

    def parameter_arguments(self, name: nodes.Name) -> list[nodes.NodeNG] | None:
        """For a parameter of a plain function of this file that is referenced only by direct
        calls (``train_step(model, opt, x)``), or of a method called only as ``self.step(...)``
        inside its class: what each call passes for it.  None when unsure."""
        try:
            _, bindings = lookup(name)
        except Exception:
            return None
        if len(bindings) != 1 or not isinstance(bindings[0], nodes.AssignName) or not isinstance(
            bindings[0].parent, nodes.Arguments
        ):
            return None
        key = id(bindings[0])
        if key in self._parameters:
            return self._parameters[key]
        self._parameters[key] = None  # recursion guard
        func = bindings[0].parent.parent
        if not isinstance(func, nodes.FunctionDef):
            return None
        method = isinstance(func.parent, nodes.ClassDef)
        if method and (not is_instance_method(func) or func.args.args[0] is bindings[0]):
            return None
        found = []
        for reference in self.names.get(func.name, []):
            call = reference.parent
            if not (isinstance(call, nodes.Call) and call.func is reference):
                return None  # handed on (``tf.function(step)``, ``strategy.run(step)``): callers unknown
            if method and not (is_self_attribute(reference) and enclosing_class(reference) is func.parent):
                return None  # a method called from outside its class (or a name spelled alike)
            if not method and not isinstance(reference, nodes.Name):
                return None
            if self.r.local_definition(reference) is not func:
                return None
            argument = argument_given(func, call, name.name)
            if argument is None:
                return None
            found.append(argument)
        self._parameters[key] = found or None
        return self._parameters[key]

    # ---- who holds what ------------------------------------------------------------------
    def holds(self, expr: nodes.NodeNG, target: Identity, optimizer: bool, depth: int = 0) -> Answer:
        """Whether the object ``expr`` is (or tracks, through attributes, lists and the
        optimizer of a compiled Keras model) the object ``target``.  None: unsure."""
        if depth > MAX_OBJECT_DEPTH:
            return None
        if isinstance(expr, (nodes.List, nodes.Tuple, nodes.Set)):
            return any_answer(self.holds(e, target, optimizer, depth + 1) for e in expr.elts)
        if isinstance(expr, nodes.Dict):
            return any_answer(self.holds(v, target, optimizer, depth + 1) for _, v in expr.items)
        if isinstance(expr, nodes.Const):
            return False
        if isinstance(expr, (nodes.Name, nodes.Attribute)) and self.r.qualified_name(expr) is not None:
            return False  # an imported name (``tf.int64``): it cannot hold what this file made
        me = self.identity(expr)
        if me is not None and me == target:
            return True
        if optimizer and me is not None and any(self.identity(r) == me for r in self.compiled):
            return True  # a compiled Keras model tracks its optimizer
        value = self.r.single_value(expr)
        if isinstance(value, (nodes.List, nodes.Tuple, nodes.Set, nodes.Dict)):
            return self.holds(value, target, optimizer, depth + 1)
        if isinstance(expr, nodes.Name) and is_self(expr):
            klass = enclosing_class(expr)
            return self.class_holds(klass, target, optimizer, depth + 1) if klass is not None else None
        if not isinstance(value, nodes.Call):
            return None  # a parameter, an attribute of something unknown
        api = self.api(value.func)
        if api is not None:
            if api in tf2.CHECKPOINT:
                site = self.checkpoint(value)
                return None if site.opaque else any_answer(self.holds(t, target, optimizer, depth + 1) for t in site.tracked)
            if api in tf2.TF2_COPIES:
                return False  # ``clone_model(m)``, ``tf.Variable(x)``: new variables, nothing of ``m``
            if api.startswith(("tf.", "keras.", "tfa.")):
                arguments = list(value.args) + [k.value for k in value.keywords or ()]
                answer = any_answer(self.holds(a, target, optimizer, depth + 1) for a in arguments
                              if isinstance(a, (nodes.Name, nodes.Attribute, nodes.List, nodes.Tuple, nodes.Dict, nodes.Call)))
                if api in tf2.TF2_WRAPPERS or api.startswith(tf2.TF2_WRAPPER_PREFIXES) or tf2.is_tf2_optimizer(api):
                    return answer  # a model holds its layers, a wrapper its optimizer
                return None if answer else answer  # another API: may or may not keep what it is given
            return None
        definition = self.r.local_definition(value.func)
        if isinstance(definition, nodes.ClassDef):
            if target[0] in ("self", "attr") and target[1] == id(definition):
                return True
            return self.class_holds(definition, target, optimizer, depth + 1)
        definition = definition or self.callee(value.func)
        if isinstance(definition, nodes.FunctionDef):
            # a factory of this file (``make_generator_model()``): what it returns
            returns = returns_of(definition)
            if not returns or any(r.value is None for r in returns) or is_generator(definition):
                return None
            return any_answer(self.holds(r.value, target, optimizer, depth + 1) for r in returns)
        return None  # code of another module: may hold anything it was given

    def class_holds(self, klass: nodes.ClassDef, target: Identity, optimizer: bool, depth: int) -> Answer:
        if target[0] in ("self", "attr") and target[1] == id(klass):
            return True
        if optimizer and any(
            isinstance(r, nodes.Name) and is_self(r) and enclosing_class(r) is klass for r in self.compiled
        ):
            return True
        unsure = False
        for base in klass.bases:
            if isinstance(base, nodes.Name) and base.name == "object":
                continue
            if isinstance(self.r.local_definition(base), nodes.ClassDef):
                answer = self.class_holds(self.r.local_definition(base), target, optimizer, depth + 1)
                if answer:
                    return True
                unsure |= answer is None
                continue
            api = self.api(base)
            if api is None or not api.startswith(("tf.", "keras.")):
                unsure = True  # a base class of another module may hold anything
        for store in klass.nodes_of_class(nodes.AssignAttr):
            if not is_self_attribute(store) or enclosing_class(store) is not klass:
                continue
            answer = self.holds_value(store, target, optimizer, depth + 1)
            if answer:
                return True
            unsure |= answer is None
        return None if unsure else False

    def holds_value(self, store: nodes.AssignAttr, target: Identity, optimizer: bool, depth: int) -> Answer:
        parent = store.parent
        if isinstance(parent, (nodes.Assign, nodes.AnnAssign)) and parent.value is not None and store in (
            parent.targets if isinstance(parent, nodes.Assign) else [parent.target]
        ):
            value = parent.value
            if isinstance(value, nodes.Const):
                return False
            if isinstance(value, nodes.Call) or (
                isinstance(value, nodes.Name) and self.r.single_value(value) is not None
            ) or isinstance(value, (nodes.List, nodes.Tuple, nodes.Dict)):
                return self.holds(value, target, optimizer, depth)
            if isinstance(value, (nodes.BinOp, nodes.Compare, nodes.BoolOp, nodes.JoinedStr, nodes.UnaryOp)):
                return False
        return None


def returns_of(func: nodes.FunctionDef) -> list[nodes.Return]:
    return [r for r in func.nodes_of_class(nodes.Return) if r.scope() is func]


def is_generator(func: nodes.FunctionDef) -> bool:
    return any(y.scope() is func for y in func.nodes_of_class((nodes.Yield, nodes.YieldFrom)))


def parameter_name(name: nodes.Name, func: nodes.FunctionDef) -> str | None:
    """``name`` is a parameter of ``func`` (not rebound): its name."""
    try:
        _, bindings = lookup(name)
    except Exception:
        return None
    if len(bindings) == 1 and isinstance(bindings[0].parent, nodes.Arguments) and bindings[0].parent.parent is func:
        return name.name
    return None


def is_builtin(name: nodes.Name) -> bool:
    try:
        return not lookup(name)[1]
    except Exception:
        return False
