"""``resolve.lookup`` shares one answer among the names of a function that the function does not
bind: it must be astroid's own answer for every one of them, wherever they are."""

from __future__ import annotations

import ast
import textwrap

from astroid import nodes

from flake8_tfsaver.syntax.resolve import lookup
from flake8_tfsaver.syntax.tree import build_module

SOURCE = textwrap.dedent(
    """
    import tensorflow as tf
    counter = 0
    if tf:
        helper = tf.Variable
    else:
        helper = tf.get_variable

    def bump(flag):
        global counter
        print(counter)
        if flag:
            counter = counter + 1
            print(counter)
        else:
            counter = 0
            print(counter)

    def outer(flag):
        state = tf.zeros([1])
        if flag:
            scale = 1.0
        else:
            scale = 2.0

        def inner(x=state, y=helper):
            nonlocal state
            print(state, scale, helper, tf)
            state = x
            return [state * s for s in (scale, y)]

        @tf.function
        def decorated():
            return helper(scale) + tf.ones([1])

        try:
            pass
        except ValueError as error:
            def handler():
                return error, scale
        return inner, decorated, lambda z=scale: z + counter

    class Model:
        size = 3

        def build(self):
            return helper([self.size, counter]), __class__, __file__
    """
)


def _same(found, fresh) -> bool:
    if found[0] is not fresh[0] or len(found[1]) != len(fresh[1]):
        return False
    # ``__file__`` and the like: astroid makes new nodes on each lookup
    return all(a is b or (type(a) is type(b) and a.as_string() == b.as_string()) for a, b in zip(found[1], fresh[1]))


def test_shared_lookups_are_astroids_answers():
    module = build_module(ast.parse(SOURCE), SOURCE)
    names = list(module.nodes_of_class(nodes.Name))
    assert len(names) > 30
    shared = 0
    for name in names:
        fresh = name.scope().scope_lookup(name, name.name)
        found = lookup(name)
        assert _same(found, fresh), (name.lineno, name.name)
        shared += "_tfsaver_outer" in name.scope().__dict__ and name.name in name.scope().__dict__["_tfsaver_outer"]
    assert shared > 10  # the memo was used, not bypassed


def test_the_parameter_a_call_argument_goes_to():
    from flake8_tfsaver.syntax.calls import parameter_given

    source = textwrap.dedent(
        """
        class Trainer:
            def plain(self, saver, sess=None): pass
            @classmethod
            def made(cls, saver): pass
            @staticmethod
            def free(saver, sess): pass
        def helper(a, *, key): pass
        def pos(a, b, /, c): pass
        def calls(t, s, x):
            t.plain(s)
            Trainer.made(s)
            Trainer.free(s, x)
            helper(x, key=s)
            helper(*x, s)
            helper(x, other=s)
            pos(x, s, x)
            pos(x, x, c=s)
            pos(x, x, b=s)
        """
    )
    module = build_module(ast.parse(source), source)
    klass = module.body[0]
    plain, made, free = klass.body
    helper, pos = module.body[1], module.body[2]
    calls = [stmt.value for stmt in module.body[3].body]
    expected = [(plain, "saver"), (made, "saver"), (free, "saver"), (helper, "key"), (helper, None), (helper, None),
                (pos, "b"), (pos, "c"), (pos, None)]
    for call, (definition, name) in zip(calls, expected):
        argument = next(k.value for k in call.keywords) if call.keywords else [a for a in call.args if a.as_string() == "s"][0]
        assert parameter_given(definition, call, argument) == name, call.as_string()
