"""TFS007 says which argument of the call took the branch that builds the Saver (issue 19,
point 4): exact texts, as in test_messages.py."""

from __future__ import annotations

import textwrap

from flake8_tfsaver.engine import analyse

HEADER = "import tensorflow.compat.v1 as tf\ntf.disable_eager_execution()\n"
HELPERS = """
def save_state(sess, path, saver=None):
    if saver is None:
        saver = tf.train.Saver()
    saver.save(sess, path)

def checkpoint(sess, mode):
    if mode == "train":
        tf.train.Saver().save(sess, "./train")

w = tf.Variable(1.0)
with tf.Session() as sess:
    for step in range(3):
"""


def _messages(loop_body: str) -> list[str]:
    source = HEADER + textwrap.dedent(HELPERS) + textwrap.indent(textwrap.dedent(loop_body), " " * 8)
    return [d.text() for d in analyse(source) if d.code == "TFS007"]


def test_an_omitted_argument_is_named():
    assert _messages("save_state(sess, './m')\n") == [
        "TFS007 `tf.train.Saver()` is built inside a loop (`save_state()` called in the loop on line 16"
        " without `saver=`), adding new save ops to the graph on every iteration - build it once, before the loop"
    ]


def test_a_literal_argument_is_named():
    assert _messages("checkpoint(sess, 'train')\n") == [
        "TFS007 `tf.train.Saver()` is built inside a loop (`checkpoint()` called in the loop on line 16"
        " with `mode='train'`), adding new save ops to the graph on every iteration - build it once, before the loop"
    ]


def test_an_argument_that_rules_the_branch_out_leaves_nothing_to_say():
    assert _messages("save_state(sess, './m', saver=tf.train.Saver())\ncheckpoint(sess, 'eval')\n") == [
        "TFS007 `tf.train.Saver()` is built inside a loop, adding new save ops to the graph on every iteration"
        " - build it once, before the loop"
    ]


HELPER_MODULE = """
import tensorflow.compat.v1 as tf


def save_state(sess, path, saver=None):
    if saver is None:
        saver = tf.train.Saver()
    saver.save(sess, path)


def checkpoint(sess, path, mode="eval"):
    if mode == "train":
        tf.train.Saver().save(sess, path)
"""


def _project_messages(tmp_path, loop_body: str) -> list[str]:
    """The same helpers in another module of the project: the call's arguments decide the
    callee's ``if`` through its summary, and the message says how."""
    (tmp_path / "util.py").write_text(HELPER_MODULE)
    driver = tmp_path / "train.py"
    source = (
        HEADER + "import util\n\nw = tf.Variable(1.0)\nwith tf.Session() as sess:\n    for step in range(3):\n"
        + textwrap.indent(textwrap.dedent(loop_body), " " * 8)
    )
    driver.write_text(source)
    return [d.text() for d in analyse(source, filename=str(driver)) if d.code == "TFS007"]


def test_through_another_module_an_omitted_argument_is_named(tmp_path):
    assert _project_messages(tmp_path, "util.save_state(sess, './m')\n") == [
        "TFS007 `tf.train.Saver()` built by `util.save_state()` called without `saver=` is built inside a loop,"
        " adding new save ops to the graph on every iteration - build it once, before the loop"
    ]


def test_through_another_module_a_literal_argument_is_named(tmp_path):
    assert _project_messages(tmp_path, "util.checkpoint(sess, './m', mode='train')\n") == [
        "TFS007 `tf.train.Saver()` built by `util.checkpoint()` called with `mode='train'` is built inside a loop,"
        " adding new save ops to the graph on every iteration - build it once, before the loop"
    ]


def test_through_another_module_arguments_that_rule_the_branch_out_find_nothing(tmp_path):
    assert _project_messages(tmp_path, "util.save_state(sess, './m', saver=tf.train.Saver())\nutil.checkpoint(sess, './m')\n") == [
        "TFS007 `tf.train.Saver()` is built inside a loop, adding new save ops to the graph on every iteration"
        " - build it once, before the loop"
    ]


def test_through_another_module_an_undecided_branch_names_no_argument(tmp_path):
    # ``mode`` comes from outside: the arm stays open ("may", as without a context), so the
    # finding stands but no argument decided it
    assert _project_messages(tmp_path, "util.checkpoint(sess, './m', mode=input())\n") == [
        "TFS007 `tf.train.Saver()` built by `util.checkpoint()` is built inside a loop, adding new save ops"
        " to the graph on every iteration - build it once, before the loop"
    ]


TOWER_MODULE = """
import tensorflow.compat.v1 as tf


def tower(x, reuse=False):
    with tf.variable_scope("tower", reuse=reuse):
        return x * tf.get_variable("w", [3])
"""


def _tower_messages(tmp_path, calls: str) -> list[str]:
    """A tower of another module that shares its weights only under ``reuse=True``, called after
    the Saver: the call's ``reuse`` decides whether the checkpoint lacks ``tower/w``."""
    (tmp_path / "towers.py").write_text(TOWER_MODULE)
    driver = tmp_path / "train.py"
    source = (
        HEADER + "import towers\n\nx = tf.placeholder(tf.float32, [3])\nv = tf.Variable(x, name='v')\n"
        "saver = tf.train.Saver()\n" + textwrap.dedent(calls)
        + "with tf.Session() as sess:\n    saver.save(sess, './m')\n"
    )
    driver.write_text(source)
    return [d.text() for d in analyse(source, filename=str(driver)) if d.code == "TFS001"]


def test_through_another_module_a_reuse_left_at_its_default_is_named(tmp_path):
    assert _tower_messages(tmp_path, "y = towers.tower(x)\n") == [
        "TFS001 `tf.train.Saver()` is built before variable `w` in `towers.tower()` called without `reuse=`"
        " (line 8), so the checkpoint saved on line 10 lacks it - build the Saver after variable `w` in"
        " `towers.tower()` (line 8)"
    ]


def test_through_another_module_reuse_true_creates_nothing(tmp_path):
    assert _tower_messages(tmp_path, "y = towers.tower(x, True)\n") == []


def test_through_another_module_an_open_reuse_stays_silent(tmp_path):
    # ``reuse`` comes from outside: the tower may share weights made elsewhere
    assert _tower_messages(tmp_path, "y = towers.tower(x, reuse=input() == 'eval')\n") == []


OPTIMIZER_MODULE = """
import tensorflow.compat.v1 as tf


def chosen_train_op(loss, name="sgd"):
    if name == "sgd":
        opt = tf.train.GradientDescentOptimizer(0.1)
    else:
        opt = tf.train.AdamOptimizer(0.01)
    return opt.minimize(loss)
"""


def _optimizer_messages(tmp_path, call: str) -> list[str]:
    """An optimizer another module binds in the arms of an ``if`` on its ``name`` parameter."""
    (tmp_path / "train_ops.py").write_text(OPTIMIZER_MODULE)
    driver = tmp_path / "train.py"
    source = (
        HEADER + "import train_ops\n\nw = tf.Variable(1.0, name='w')\nsaver = tf.train.Saver()\n"
        + call + "\nwith tf.Session() as sess:\n    saver.save(sess, './m')\n"
    )
    driver.write_text(source)
    return [d.text() for d in analyse(source, filename=str(driver)) if d.code == "TFS001"]


def test_through_another_module_the_optimizer_a_name_picks_is_named(tmp_path):
    assert _optimizer_messages(tmp_path, "op = train_ops.chosen_train_op(w * w, name='adam')") == [
        "TFS001 `tf.train.Saver()` is built before the Adam slot variables of `minimize()` in"
        " `train_ops.chosen_train_op()` called with `name='adam'` (line 7), so the checkpoint saved on line 9"
        " lacks them - build the Saver after `train_ops.chosen_train_op()` on line 7"
    ]


def test_through_another_module_the_default_optimizer_has_no_slots(tmp_path):
    assert _optimizer_messages(tmp_path, "op = train_ops.chosen_train_op(w * w)") == []


def test_through_another_module_an_open_name_stays_silent(tmp_path):
    # the name comes from outside: either optimizer may be built, and the analysis says nothing
    assert _optimizer_messages(tmp_path, "op = train_ops.chosen_train_op(w * w, input())") == []


REBOUND_MODULE = """
import tensorflow.compat.v1 as tf


def rebound(loss, name="sgd", plain=False):
    if name == "adam":
        opt = tf.train.AdamOptimizer(0.01)
    else:
        opt = tf.train.GradientDescentOptimizer(0.1)
    if plain:
        opt = tf.train.GradientDescentOptimizer(0.1)
    return opt.minimize(loss)


def in_loop(loss, name="sgd", steps=()):
    opt = tf.train.GradientDescentOptimizer(0.1)
    for _ in steps:
        if name == "adam":
            opt = tf.train.AdamOptimizer(0.01)
    return opt.minimize(loss)
"""


def test_through_another_module_a_binding_that_may_run_besides_stays_silent(tmp_path):
    # another ``if`` may rebind it, or the binding sits in a loop that may not run: taking the
    # arm of the Adam binding does not make Adam the optimizer (review of b31b60c; TF creates
    # no slot variable in either call)
    (tmp_path / "train_ops.py").write_text(REBOUND_MODULE)
    driver = tmp_path / "train.py"
    source = (
        HEADER + "import train_ops\n\nw = tf.Variable(1.0, name='w')\nsaver = tf.train.Saver()\n"
        "op = train_ops.rebound(w * w, 'adam', plain=True)\nop2 = train_ops.in_loop(w * w, 'adam')\n"
        "with tf.Session() as sess:\n    saver.save(sess, './m')\n"
    )
    driver.write_text(source)
    assert [d.text() for d in analyse(source, filename=str(driver)) if d.code == "TFS001"] == []
