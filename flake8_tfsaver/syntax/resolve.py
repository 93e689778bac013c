"""Name resolution inside one file, with pylint's ``safe_infer`` discipline.

Everything here answers ``None`` when it is unsure: a name bound more than once to different
things, a binding it does not understand, a relative import.  We deliberately do not call
astroid's ``infer()``: following ``import tensorflow as tf`` would make astroid read TensorFlow's
sources.  Lookup goes through astroid's scope rules only (``lookup`` below), which never import.
"""

from __future__ import annotations

from astroid import nodes

from ..catalog import spelling
from .tree import node_index

# A name's parts, aliases and rebindings: twice a long TF path (``tf.compat.v1.keras.layers.LSTM``); stops cycles
_MAX_NAME_STEPS = 12


def lookup(name: nodes.Name) -> tuple[nodes.LocalsDictNodeNG, list[nodes.NodeNG]]:
    """The bindings of ``name`` in its scope chain: astroid's ``name.lookup(name.name)`` without
    its process-wide ``lru_cache``, which kept the last file's whole tree alive into the next
    file's analysis, long enough to reach the oldest garbage-collector generation.  Memoised on
    the node instead: the tree never changes once built, and the answer dies with it."""
    found = name.__dict__.get("_tfsaver_lookup")
    if found is None:
        scope = name.scope()
        if _outer_name(scope, name):
            found = _outer_lookup(scope, name)
        else:
            found = scope.scope_lookup(name, name.name)
        name._tfsaver_lookup = found
    return found


def _outer_name(scope: nodes.LocalsDictNodeNG, name: nodes.NodeNG) -> bool:
    """A name of a function's body that the function does not bind (``tf`` in most functions):
    astroid looks it up in the enclosing scopes, where its answer depends only on where the
    function is, never on where in the function the name is."""
    return (
        isinstance(scope, nodes.FunctionDef) and name.name not in scope.locals and name.name != "__class__"
        and name.statement() is not scope  # not in the def's own line (defaults, decorators)
    )


def _outer_lookup(scope: nodes.FunctionDef, name: nodes.NodeNG) -> tuple[nodes.LocalsDictNodeNG, list[nodes.NodeNG]]:
    """``_outer_name``'s lookup, memoised per function and name (on the function node: it dies
    with the tree).  Not shared when the outer scope's bindings include some inside the function
    (``global`` / ``nonlocal`` assignments): where the use is then matters."""
    memo = scope.__dict__.setdefault("_tfsaver_outer", {})
    found = memo.get(name.name)
    if found is None:
        found = scope.scope_lookup(name, name.name)
        outer, _ = found
        if not any(scope.parent_of(binding) for binding in getattr(outer, "locals", {}).get(name.name, ())):
            memo[name.name] = found
    return found


class Resolver:
    """Resolves names and attributes of one module to import paths and bound values."""

    def __init__(self, module: nodes.Module, project=None) -> None:
        self.module = module
        # The file's view of its project (``crossmodule.view``): relative imports, star imports and
        # names re-exported by project modules.  None: the file alone.
        self.project = project
        self._qualified: dict[int, str | None] = {}
        self._single_values: dict[int, nodes.NodeNG | None] = {}
        self._self_attr_values: dict[int, dict[str, list[nodes.NodeNG | None]]] = {}
        self._all_classes_indexed = False
        self._names_by_spelling: dict[str, list[nodes.Name]] | None = None

    # ---- import paths -------------------------------------------------------------------
    def api(self, expr: nodes.NodeNG) -> spelling.ApiName | None:
        """The canonical TF name ``expr`` refers to, or None."""
        qualified = self.qualified_name(expr)
        return spelling.canonical(qualified) if qualified else None

    def qualified_name(self, expr: nodes.NodeNG, depth: int = 0) -> str | None:
        """Dotted import path of a Name/Attribute expression, from the file's own imports."""
        key = id(expr)
        if key in self._qualified:
            return self._qualified[key]
        result = None
        if depth < _MAX_NAME_STEPS:
            if isinstance(expr, nodes.Name):
                result = self._qualified_from_name(expr, depth)
            elif isinstance(expr, nodes.Attribute):
                base = self.qualified_name(expr.expr, depth + 1)
                result = f"{base}.{expr.attrname}" if base else None
        if result is not None and self.project is not None:
            result = self.project.rewrite(result)  # ``pkg.backend.tf`` -> ``tensorflow``
        self._qualified[key] = result
        return result

    def _qualified_from_name(self, name: nodes.Name, depth: int) -> str | None:
        try:
            _, bindings = lookup(name)
        except Exception:  # astroid lookup on odd trees: unsure means nothing
            return None
        if not bindings:
            # bound nowhere in the file: maybe by ``from <project module> import *``
            return self.project.star_name(name.name) if self.project is not None else None
        found: set[str] = set()
        for binding in bindings:
            qualified = self._qualified_from_binding(binding, name.name, depth)
            if qualified is None:
                return None
            found.add(self.project.rewrite(qualified) if self.project is not None else qualified)
        # ``try: import tensorflow.compat.v1 as tf / except: import tensorflow as tf`` binds one
        # name twice; accept it when both spellings mean the same TF API.
        canon = {(spelling.canonical(q) or spelling.ApiName(q)).name for q in found}
        return sorted(found)[0] if len(canon) == 1 else None

    def _qualified_from_binding(self, binding: nodes.NodeNG, local: str, depth: int) -> str | None:
        if isinstance(binding, nodes.Import):
            for modname, asname in binding.names:
                if asname == local:
                    return modname
                if asname is None and modname.split(".")[0] == local:
                    return local
            return None
        if isinstance(binding, nodes.ImportFrom):
            modname = binding.modname
            if binding.level:
                if self.project is None:
                    return None
                modname = self.project.absolute_module(binding.level, binding.modname)
                if modname is None:
                    return None
            for name, asname in binding.names:
                if (asname or name) == local:
                    return f"{modname}.{name}"
            return None
        value = assigned_value(binding)
        if isinstance(value, (nodes.Name, nodes.Attribute)):
            return self.qualified_name(value, depth + 1)
        return None

    # ---- bound values -------------------------------------------------------------------
    def single_value(self, expr: nodes.NodeNG, depth: int = 0) -> nodes.NodeNG | None:
        """The one expression ``expr`` is bound to (following names and ``self.attr``), or the
        expression itself when it is not a name.  None when bound several times or unknown."""
        if depth == 0:  # asked again and again for the same names: memoised per file
            key = id(expr)
            if key not in self._single_values:
                self._single_values[key] = self._single_value(expr)
            return self._single_values[key]
        return self._single_value(expr, depth)

    def _single_value(self, expr: nodes.NodeNG, depth: int = 0) -> nodes.NodeNG | None:
        while depth < _MAX_NAME_STEPS:
            depth += 1
            if isinstance(expr, nodes.Name):
                bindings = reaching_bindings(expr)
                values = [assigned_value(b) for b in bindings or ()]
                if len(values) != 1 or values[0] is None:
                    return None
                expr = values[0]
            elif is_self_attribute(expr):
                values = self.self_attribute_values(expr)
                if values is None or len(values) != 1:
                    return None
                expr = values[0]
            elif isinstance(expr, nodes.Attribute) and self.instance_class(expr.expr) is not None:
                # ``model.saver`` where ``model = Model()``: what ``Model`` assigns to ``self.saver``
                values = self._class_attribute_values(self.instance_class(expr.expr), expr.attrname)
                if values is None or len(values) != 1:
                    return None
                expr = values[0]
            else:
                return expr
        return None

    def candidate_values(self, expr: nodes.NodeNG) -> list[nodes.NodeNG] | None:
        """The expressions a name (or ``self.attr``) bound several times may hold here: one per
        binding that reaches it (``try: c = A() except ...: c = B()``), each followed as
        ``single_value`` does.  None when one of them is unknown (a parameter, a loop target)."""
        single = self.single_value(expr)
        if single is not None:
            return [single]
        if isinstance(expr, nodes.Name):
            reaching = reaching_bindings(expr)
            if reaching is None:
                return None
            values = [assigned_value(b) for b in _reaching_arms(expr, reaching)]
        elif is_self_attribute(expr):
            values = self.self_attribute_values(expr)
        else:
            return None
        if not values or any(v is None for v in values):
            return None
        followed = [self.single_value(v) for v in values]
        return None if any(v is None for v in followed) else followed

    def instance_class(self, expr: nodes.NodeNG, depth: int = 0) -> nodes.ClassDef | None:
        """The class of this file that ``expr`` is an instance of: ``model = Model()``,
        ``Model().build()`` where ``build`` returns ``self``, ``self.net`` / a parameter that every
        call in this file fills with an instance of one class (``Trainer(Net())``)."""
        if depth > 4:
            return None
        if isinstance(expr, nodes.Call):
            value = expr
        elif isinstance(expr, nodes.Name) or is_self_attribute(expr):
            value = self.single_value(expr)
            if value is None:
                return self._parameter_class(expr, depth)
        else:
            return None
        if isinstance(value, nodes.Name) and value is not expr:
            return self.instance_class(value, depth + 1)
        if not isinstance(value, nodes.Call):
            return None
        klass = self.local_definition(value.func)
        if isinstance(klass, nodes.ClassDef):
            return klass
        if isinstance(value.func, nodes.Attribute):
            owner = self.instance_class(value.func.expr, depth + 1)
            method = find_method(owner, value.func.attrname) if owner is not None else None
            if method is not None and _returns_self(method):
                return owner
        return None

    def _parameter_class(self, expr: nodes.NodeNG, depth: int) -> nodes.ClassDef | None:
        """``self.net`` assigned once from a parameter ``net``, or the parameter itself: the class
        of what every call of the function passes there, when all are instances of one class of
        this file and the function (or its class) is referenced nowhere but in direct calls."""
        if is_self_attribute(expr):
            values = self.self_attribute_values(expr)
            if values is None or len(values) != 1 or not isinstance(values[0], nodes.Name):
                return None
            expr = values[0]
        if not isinstance(expr, nodes.Name):
            return None
        scope = expr.scope()
        if not isinstance(scope, nodes.FunctionDef) or scope.name != "__init__" or expr.name not in scope.argnames():
            return None  # cheap test first: most names asked about are no constructor parameter
        try:
            _, bindings = lookup(expr)
        except Exception:
            return None
        if len(bindings) != 1 or not isinstance(bindings[0].parent, nodes.Arguments):
            return None
        func = bindings[0].parent.parent
        if not isinstance(func, nodes.FunctionDef):
            return None
        params = [a.name for a in func.args.args or ()]
        # Only constructors: which instance a method is called on, or which callers a plain
        # function has, is rarely this clear (and asking is not free).
        if func.name != "__init__" or not is_instance_method(func) or not params:
            return None
        callee, params = func.parent, params[1:]
        if expr.name not in params:
            return None
        index = params.index(expr.name)
        found: set[int] = set()
        klass = None
        for reference in self._references(callee):
            call = reference.parent
            if not isinstance(call, nodes.Call) or call.func is not reference:
                return None  # passed around: callers this file does not show
            argument = next((k.value for k in call.keywords or () if k.arg == expr.name), None)
            if argument is None:
                if any(isinstance(a, nodes.Starred) for a in call.args) or index >= len(call.args):
                    return None
                argument = call.args[index]
            klass = self.instance_class(argument, depth + 1)
            if klass is None:
                return None
            found.add(id(klass))
        return klass if len(found) == 1 else None

    def _references(self, definition: nodes.NodeNG) -> list[nodes.Name]:
        """Every ``Name`` of this module spelled like ``definition`` (shadowing makes us only more
        cautious).  One walk of the module, the first time it is asked."""
        if self._names_by_spelling is None:
            built = node_index(self.module)
            if built is not None:
                self._names_by_spelling = built.names
            else:
                index: dict[str, list[nodes.Name]] = {}
                for name in self.module.nodes_of_class(nodes.Name):
                    index.setdefault(name.name, []).append(name)
                self._names_by_spelling = index
        return self._names_by_spelling.get(definition.name, [])

    def instance_creation(self, expr: nodes.NodeNG) -> nodes.Call | None:
        """For ``model.saver``: the ``Model()`` call that made ``model``."""
        if isinstance(expr, nodes.Attribute) and self.instance_class(expr.expr) is not None:
            return self.single_value(expr.expr)
        return None

    def self_attribute_values(self, attr: nodes.Attribute) -> list[nodes.NodeNG] | None:
        """Every value assigned to ``self.<attr>`` in the methods of the enclosing class."""
        klass = enclosing_class(attr)
        if klass is None:
            return None
        return self._class_attribute_values(klass, attr.attrname)

    def _class_attribute_values(self, klass: nodes.ClassDef, attrname: str) -> list[nodes.NodeNG] | None:
        values = self.class_self_attributes(klass).get(attrname, [])
        return None if any(v is None for v in values) else values

    def class_self_attributes(self, klass: nodes.ClassDef) -> dict[str, list[nodes.NodeNG | None]]:
        """``attr`` -> every value assigned to ``self.attr`` in the class (and classes nested in
        it), None for a value that is not a plain assignment."""
        if id(klass) not in self._self_attr_values:
            index = node_index(self.module)
            if index is None:
                self._index_class(klass, klass.nodes_of_class(nodes.AssignAttr))
            elif not self._all_classes_indexed:  # one pass over the module's ``x.y = ...``
                self._all_classes_indexed = True
                self._index_class(None, index.assign_attrs)
            self._self_attr_values.setdefault(id(klass), {})
        return self._self_attr_values[id(klass)]

    def _index_class(self, klass: nodes.ClassDef | None, assign_attrs) -> None:
        """Index ``self.x = ...`` by the class (``klass``, or each enclosing class if None)."""
        if klass is not None:
            self._self_attr_values[id(klass)] = {}
        for assign_attr in assign_attrs:
            if not is_self_attribute(assign_attr):
                continue
            owners = [klass] if klass is not None else [n for n in assign_attr.node_ancestors() if isinstance(n, nodes.ClassDef)]
            for owner in owners:
                attrs = self._self_attr_values.setdefault(id(owner), {})
                attrs.setdefault(assign_attr.attrname, []).append(assigned_value(assign_attr))

    def local_definition(self, func: nodes.NodeNG) -> nodes.FunctionDef | nodes.ClassDef | None:
        """The function, method or class of this file that a call's ``func`` names, or None."""
        if isinstance(func, nodes.Name):
            try:
                _, bindings = lookup(func)
            except Exception:
                return None
            if len(bindings) == 1 and isinstance(bindings[0], (nodes.FunctionDef, nodes.ClassDef)):
                return bindings[0]
            return None
        if is_self_attribute(func):
            klass = enclosing_class(func)
            return find_method(klass, func.attrname) if klass is not None else None
        return None


def reaching_bindings(use: nodes.Name) -> list[nodes.NodeNG] | None:
    """The bindings of a name that may reach ``use`` (a ``with ... as`` around it, straight-line
    rebinding); None when astroid cannot look it up."""
    try:
        _, bindings = lookup(use)
    except Exception:
        return None
    return _reaching_binding(use, _innermost_with_binding(use, bindings))


def _innermost_with_binding(use: nodes.Name, bindings: list[nodes.NodeNG]) -> list[nodes.NodeNG]:
    """Inside ``with X as name:`` a use of ``name`` means that binding, unless the body binds the
    name again (astroid's lookup keeps every binding of the scope in that case)."""
    if len(bindings) < 2:
        return bindings
    node = use.parent
    while node is not None and not isinstance(node, (nodes.FunctionDef, nodes.ClassDef, nodes.Module, nodes.Lambda)):
        if isinstance(node, nodes.With):
            mine = [b for b in bindings if b.parent is node]
            if mine:
                inside = [b for b in bindings if b is not mine[0] and is_within(b, node)]
                return bindings if inside else mine
        node = node.parent
    return bindings


def _reaching_binding(use: nodes.Name, bindings: list[nodes.NodeNG]) -> list[nodes.NodeNG]:
    """Straight-line code rebinding a name (``init = ...`` in two graph blocks): the use sees the
    latest binding before it in the same scope, if that binding's block encloses the use and no
    later binding could reach the use through a loop.  Otherwise keep them all (unsure)."""
    if len(bindings) < 2:
        return bindings
    scope = use.scope()
    if any(b.scope() is not scope for b in bindings):
        return bindings
    position = (use.lineno or 0, use.col_offset or 0)
    before = [b for b in bindings if (b.lineno or 0, b.col_offset or 0) < position]
    if not before:
        return bindings
    latest = max(before, key=lambda b: (b.lineno or 0, b.col_offset or 0))
    block = latest.statement().parent
    if block is None or not is_within(use, block):
        return bindings
    after = [b for b in bindings if b not in before]
    node = use.parent
    while node is not None and node is not block:
        if isinstance(node, (nodes.For, nodes.While)) and any(is_within(b, node) for b in after):
            return bindings  # a later binding in an enclosing loop reaches the next iteration
        node = node.parent
    return [latest]


def _reaching_arms(use: nodes.Name, bindings: list[nodes.NodeNG]) -> list[nodes.NodeNG]:
    """Of straight-line code's bindings of a name, those that can reach ``use``: scanning back
    from the use, block by block, the nearest statement that binds the name in every arm (an
    ``if`` with an ``else``, a ``try`` and each of its handlers, a plain assignment) hides the
    bindings before it.  All of them when unsure (another scope, a loop, a binding after)."""
    if len(bindings) < 2:
        return bindings
    scope = use.scope()
    if any(b.scope() is not scope for b in bindings):
        return bindings
    position = (use.lineno or 0, use.col_offset or 0)
    if any((b.lineno or 0, b.col_offset or 0) > position for b in bindings):
        return bindings  # bound after the use: through a loop, maybe
    node = use
    while node is not None and node is not scope:
        if isinstance(node, (nodes.For, nodes.While)):
            return bindings
        node = node.parent
    kept: list[nodes.NodeNG] = []
    node = use
    while node is not scope and node is not None:
        parent = node.parent
        block = next((getattr(parent, f) for f in ("body", "orelse", "handlers", "finalbody")
                      if isinstance(getattr(parent, f, None), list) and node in getattr(parent, f)), None)
        if block is not None:
            for earlier in reversed(block[: block.index(node)]):
                inside = [b for b in bindings if is_within(b, earlier)]
                if not inside:
                    continue
                kept += inside
                if _binds_on_every_path(earlier, inside):
                    return kept
        node = parent
    return bindings


def _binds_on_every_path(statement: nodes.NodeNG, bindings: list[nodes.NodeNG]) -> bool:
    def binds(block: list) -> bool:
        return any(is_within(b, s) for b in bindings for s in block)
    if isinstance(statement, (nodes.Assign, nodes.AnnAssign)):
        return True
    if isinstance(statement, nodes.If):
        return binds(statement.body) and binds(statement.orelse)
    if isinstance(statement, nodes.Try):
        return (binds(statement.body) or binds(statement.orelse)) and bool(statement.handlers) and all(
            binds(handler.body) for handler in statement.handlers
        )
    return False


def _returns_self(method: nodes.FunctionDef) -> bool:
    """Every ``return`` of the method gives back ``self`` (a fluent ``build()``)."""
    if not method.args.args:
        return False
    returns = [r for r in method.nodes_of_class(nodes.Return) if r.scope() is method]
    me = method.args.args[0].name
    return bool(returns) and all(isinstance(r.value, nodes.Name) and r.value.name == me for r in returns)


def is_within(node: nodes.NodeNG, ancestor: nodes.NodeNG) -> bool:
    while node is not None:
        if node is ancestor:
            return True
        node = node.parent
    return False


MAX_BASE_DEPTH = 5  # base classes followed up a hierarchy (deeper ones in one file are not seen)


def find_method(klass: nodes.ClassDef, name: str, depth: int = 0) -> nodes.FunctionDef | None:
    """A method defined in ``klass`` or in a base class of this file, if exactly one."""
    found = [n for n in klass.locals.get(name, []) if isinstance(n, nodes.FunctionDef)]
    if len(found) == 1:
        return found[0]
    if found or depth > MAX_BASE_DEPTH:
        return None
    for base in file_bases(klass):
        method = find_method(base, name, depth + 1)
        if method is not None:
            return method
    return None


def file_bases(klass: nodes.ClassDef):
    """The base classes of ``klass`` defined in this file (a plain name bound once to a class), in order."""
    for base in klass.bases:
        if isinstance(base, nodes.Name):
            try:
                _, bindings = lookup(base)
            except Exception:  # noqa: BLE001 - astroid lookup on odd trees: not a base we know
                continue
            if len(bindings) == 1 and isinstance(bindings[0], nodes.ClassDef):
                yield bindings[0]


def assigned_value(binding: nodes.NodeNG) -> nodes.NodeNG | None:
    """For an AssignName/AssignAttr, the expression assigned to it (single target only)."""
    parent = binding.parent
    if isinstance(parent, nodes.Tuple) and isinstance(parent.parent, nodes.Assign):
        # ``g1, g2 = tf.Graph(), tf.Graph()``: element-wise, when both sides are plain tuples
        value = parent.parent.value
        if parent in parent.parent.targets and isinstance(value, nodes.Tuple) and len(value.elts) == len(parent.elts):
            if not any(isinstance(e, nodes.Starred) for e in parent.elts):
                return value.elts[parent.elts.index(binding)]
        return None
    if isinstance(parent, (nodes.Assign, nodes.AnnAssign)):
        targets = parent.targets if isinstance(parent, nodes.Assign) else [parent.target]
        if binding in targets and parent.value is not None:
            return parent.value
        return None
    if isinstance(parent, nodes.With):
        for context_expr, optional in parent.items:
            if optional is binding:
                return context_expr
    return None


def is_self_attribute(expr: nodes.NodeNG) -> bool:
    """``self.x`` where ``self`` is the first parameter of a method (``is_self``)."""
    return isinstance(expr, (nodes.Attribute, nodes.AssignAttr)) and isinstance(expr.expr, nodes.Name) and is_self(expr.expr)


def is_self(name: nodes.Name) -> bool:
    """``name`` is the first parameter of the instance method it is used in, or in a function
    nested in that method: the instance.  Not a staticmethod's first parameter (an argument like
    the others), nor a classmethod's (the class).  Known gap, kept: a lambda or a comprehension
    in the method sees its ``self`` too, but is not looked through (doing so changes events)."""
    func = name.scope()
    while isinstance(func, nodes.FunctionDef) and not isinstance(func.parent, nodes.ClassDef):
        func = func.parent.scope() if func.parent is not None else None  # nested helper in a method
    if not isinstance(func, nodes.FunctionDef) or not func.args.args:
        return False
    return func.args.args[0].name == name.name and is_instance_method(func)


def is_instance_method(func: nodes.FunctionDef) -> bool:
    """A plain method of a class, decided from the decorators' spelling.  astroid's
    ``FunctionDef.type`` infers the decorators, which can make astroid parse whole libraries
    (``@tf.function`` -> TensorFlow's sources), so it is never used here."""
    if not isinstance(func.parent, nodes.ClassDef):
        return False
    for decorator in func.decorators.nodes if func.decorators else ():
        name = decorator.attrname if isinstance(decorator, nodes.Attribute) else getattr(decorator, "name", "")
        if name in ("staticmethod", "classmethod"):
            return False
    return True


def enclosing_class(node: nodes.NodeNG) -> nodes.ClassDef | None:
    scope = node.scope()
    while scope is not None and not isinstance(scope, nodes.Module):
        if isinstance(scope, nodes.ClassDef):
            return scope
        scope = scope.parent.scope() if scope.parent is not None else None
    return None
