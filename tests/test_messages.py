"""Message wording, rule by rule: one line, the user's own spelling, every late variable's line
(up to three, then "and N more"), and a fix that says where (issue 12).  Exact texts on purpose:
a wording change must be a decision, visible in this file."""

from __future__ import annotations

import textwrap

import pytest

from flake8_tfsaver.engine import analyse
from tests.fixture_format import FIXTURES

HEADER = "import tensorflow.compat.v1 as tf\ntf.disable_eager_execution()\n"


def _messages(source: str) -> list[str]:
    return [d.text() for d in analyse(HEADER + textwrap.dedent(source))]


def _fixture_message(name: str, line: int, code: str) -> str:
    found = [d.text() for d in analyse((FIXTURES / name).read_text()) if d.line == line and d.code == code]
    assert len(found) == 1, found
    return found[0]


def test_tfs001_lists_every_late_line_up_to_three_then_counts():
    (message,) = _messages(
        """
        w = tf.Variable(1.0, name="w")
        saver = tf.train.Saver()
        a = tf.Variable(1.0, name="a")
        b = tf.Variable(1.0, name="b")
        step = tf.train.create_global_step()
        train_op = tf.train.AdamOptimizer().minimize(w + a + b)
        saver.save(sess, "model.ckpt")
        """
    )
    assert message == (
        "TFS001 `tf.train.Saver()` is built before variable `a` (line 6), variable `b` (line 7),"
        " the global step (line 8) and 1 more in the same graph, so the checkpoint saved on line 10"
        " lacks them - build the Saver after `minimize()` on line 9"
    )


DCGAN_MESSAGE = (
    "TFS001 `tf.train.Saver()` is built before Adam slot variables from `minimize()` (line 25) and Adam slot"
    " variables from `minimize()` (line 26) in the same graph, so the checkpoint saved on line 30 lacks them"
    " - build the Saver in `train()` after line 26, or pass `var_list=`"
)


def test_tfs001_fix_names_the_global_step():
    assert _fixture_message("tfs001_global_step.py", 8, "TFS001") == (
        "TFS001 `tf.train.Saver()` is built before the global step (line 9) in the same graph, so the"
        " checkpoint saved on line 12 lacks it - build the Saver after the global step (line 9)"
    )


def test_tfs001_fix_names_minimize_and_the_escape():
    assert _fixture_message("tfs001_saves_after_late_variable.py", 23, "TFS001") == (
        "TFS001 `tf.train.Saver()` is built before the global step (line 24) and Adam slot variables"
        " from `minimize()` (line 25) in the same graph, so the checkpoints saved through"
        " `tf.train.Scaffold()` (line 26) lack them - build the Saver after `minimize()` on line 25"
    )


def test_tfs001_class_form_says_in_which_method():
    assert _fixture_message("tfs001_class_form_adam_in_train.py", 13, "TFS001") == (
        "TFS001 `tf.train.Saver()` is built before Adam slot variables from `minimize()` (line 17) in"
        " the same graph, so the checkpoint saved on line 20 lacks them - build"
        " the Saver in `train()` after line 17, or pass `var_list=`"
    )


def test_tfs001_fix_goes_where_the_late_variables_and_the_saves_are_whatever_the_driver():
    """DCGAN family (issue 22): the Saver is built by `build_model()` in `__init__`, `train()`
    builds two Adam optimizers and saves in its loop.  Driven by `main()`, by module-level code
    or from another file, the fix is the same: in `train()`, not after the driver's call."""
    drivers = [
        FIXTURES / "tfs001_class_form_dcgan_main.py",
        FIXTURES / "tfs001_class_form_dcgan_module.py",
        FIXTURES / "projects" / "dcgan_driver" / "model.py",
    ]
    texts = {path.name: [d.text() for d in analyse(path.read_text(), filename=str(path))] for path in drivers}
    from_main = FIXTURES / "projects" / "dcgan_driver" / "main.py"
    assert analyse(from_main.read_text(), filename=str(from_main)) == []  # model.py reports it
    expected = [DCGAN_MESSAGE]
    assert all(found == expected for found in texts.values()), texts


def test_tfs002_names_graphs_as_the_code_does():
    assert _fixture_message("tfs002_article_cross_graph.py", 19, "TFS002") == (
        "TFS002 `saver1.save()` gets session `sess2` (line 17) of graph `g2` (made on line 12), but"
        " `saver1` (line 10) was built in graph `g1` (made on line 7), so it runs that session's ops,"
        " not its own - use a session of `g1` (`tf.Session(graph=g1)`)"
    )
    assert _fixture_message("tfs002_session_of_default_graph.py", 18, "TFS002") == (
        "TFS002 `inner_saver.save()` gets session `sess` (line 16) of the default graph, but"
        " `inner_saver` (line 11) was built in the graph made on line 9, so it runs that session's"
        " ops, not its own - use a session of the Saver's graph (`graph=` of the Session)"
    )


def test_tfs009_says_which_session_reads_and_where_to_build():
    assert _fixture_message("tfs009_initializer_before_variables.py", 8, "TFS009") == (
        "TFS009 `tf.global_variables_initializer()` is built before Adam slot variables from"
        " `minimize()` (line 9), which it never initializes, and session `sess` reads them on line 12"
        " (`FailedPreconditionError`) - build the initializer after `minimize()` on line 9"
    )


@pytest.mark.parametrize(
    ("fixture", "line", "code", "text"),
    [
        ("tfs003_missing_keys.py", 25, "TFS003",
         "TFS003 `reader.restore()` expects `net/b`, which the checkpoint written on line 16 does not"
         " contain (`NotFoundError`) - save it too (build that Saver after every variable, same names)"
         " or restore only the saved ones with `var_list=`"),
        ("tfs004_nothing_to_save.py", 7, "TFS004",
         "TFS004 `tf.train.Saver()` is built in the graph made on line 6 before any variable exists, so"
         " it raises `ValueError: No variables to save` - build the Saver after the model"),
        ("tfs005_initializer_after_restore.py", 16, "TFS005",
         "TFS005 `tf.global_variables_initializer()` runs after `saver.restore()` (line 15) in the same"
         " session and overwrites the restored values - run the initializer before restoring"),
        ("tfs006_checkpoint_file_paths.py", 15, "TFS006",
         "TFS006 `saver.restore()` is given a path ending in `./model.ckpt.meta`, a checkpoint file, not"
         " the checkpoint prefix - drop the `.meta` suffix"),
        ("tfs007_saver_in_loop.py", 8, "TFS007",
         "TFS007 `tf.train.Saver()` is built inside a loop (called in the loop on line 20), adding new"
         " save ops to the graph on every iteration - build it once, before the loop"),
        ("tfs008_eager_mode.py", 7, "TFS008",
         "TFS008 `tf1.train.Saver()` has no `var_list` and runs in eager mode (this module never calls"
         " `disable_eager_execution()`), so it raises `RuntimeError` - pass `var_list=` or build it"
         " inside `with tf.Graph().as_default():`"),
        ("tfs010_saver_arguments_to_save.py", 10, "TFS010",
         "TFS010 `saver.save()` does not take `max_to_keep=` (`TypeError` at the first checkpoint) -"
         " pass it to `tf.train.Saver(...)`"),
    ],
)
def test_other_rules_wording(fixture, line, code, text):
    assert _fixture_message(fixture, line, code) == text


def test_every_message_is_one_line_with_a_fix():
    for path in sorted(FIXTURES.glob("*.py")):
        for diagnostic in analyse(path.read_text()):
            text = diagnostic.text()
            assert "\n" not in text and " - " in text, (path.name, text)
            assert not text.endswith("."), (path.name, text)


def test_tfs101_names_the_optimizer_the_save_the_step_and_the_fix():
    message = _fixture_message("tfs101_optimizer_left_out.py", 22, "TFS101")
    assert message == (
        "TFS101 `tf.train.Checkpoint()` saves (line 37) the variables that `sgd` trains (line 31) but not"
        " `sgd` itself, so a resumed run restarts its slots and step count - track it:"
        " `tf.train.Checkpoint(model=..., optimizer=sgd)`"
    )


def test_tfs101_fix_spells_the_optimizer_as_code_at_the_checkpoint_can():
    # the step says ``optimizer`` (a parameter of train_step); at the Checkpoint it is ``opt``
    message = _fixture_message("tfs101_optimizer_parameter.py", 17, "TFS101")
    assert message.endswith("track it: `tf.train.Checkpoint(model=..., optimizer=opt)`")
    # ``self.optimizer`` means nothing where a module-level Checkpoint is built: a neutral form
    source = textwrap.dedent(
        """\
        import tensorflow as tf


        class Trainer(tf.Module):
            def __init__(self):
                super().__init__()
                self.model = tf.keras.Sequential([tf.keras.layers.Dense(2)])
                self.optimizer = tf.keras.optimizers.Adam(0.01)

            def train_step(self, x):
                with tf.GradientTape() as tape:
                    loss = tf.reduce_sum(self.model(x))
                grads = tape.gradient(loss, self.model.trainable_variables)
                self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))


        trainer = Trainer()
        ckpt = tf.train.Checkpoint(model=trainer.model)
        for _ in range(2):
            trainer.train_step(tf.ones((4, 3)))
        ckpt.save("./c")
        """
    )
    (message,) = [d.text() for d in analyse(source)]
    assert message.endswith("track it: `tf.train.Checkpoint(model=..., optimizer=<the optimizer>)`"), message


def test_tfs101_names_every_optimizer_a_checkpoint_leaves_out():
    message = _fixture_message("tfs101_factory_models_dcgan.py", 19, "TFS101")
    assert message == (
        "TFS101 `tf.train.Checkpoint()` saves (line 42) the variables that `generator_optimizer` (line 33) and"
        " `discriminator_optimizer` (line 34) train but not the optimizers themselves, so a resumed run restarts"
        " their slots and step counts - track them: `tf.train.Checkpoint(model=...,"
        " generator_optimizer=generator_optimizer, discriminator_optimizer=discriminator_optimizer)`"
    )
