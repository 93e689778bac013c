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
