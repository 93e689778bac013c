"""Message wording, rule by rule: one line, the user's own spelling, the late variables grouped
by kind with their lines (the first kinds, then "and N more"), and a fix that says where (issues
12 and 22); at most 280 characters, about 200 when the code allows, and always one of the
wordings a rule offers (not cut) except for names of 100 characters, where the fix stays whole.
Exact texts on purpose: a wording change must be a decision, visible in this file."""

from __future__ import annotations

import ast
import textwrap
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from flake8_tfsaver.crossmodule.cache import CACHE
from flake8_tfsaver.diagnostic import MESSAGE_LIMIT, Diagnostic
from flake8_tfsaver.engine import analyse
from flake8_tfsaver.rules._common import code as quoted
from tests.conftest import ROOT
from tests.fixture_format import FIXTURES

HEADER = "import tensorflow.compat.v1 as tf\ntf.disable_eager_execution()\n"


@pytest.fixture(autouse=True)
def _fresh_project_cache():
    """Project fixtures are analysed in this process: leave no summaries to later tests."""
    yield
    CACHE.clear()


def _messages(source: str) -> list[str]:
    return [d.text() for d in analyse(HEADER + textwrap.dedent(source))]


def _fixture_message(name: str | Path, line: int, code: str) -> str:
    path = FIXTURES / name
    found = [d.text() for d in analyse(path.read_text(), filename=str(path)) if d.line == line and d.code == code]
    assert len(found) == 1, found
    return found[0]


def test_tfs001_names_the_first_kinds_of_late_variables_then_counts():
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
        "TFS001 `tf.train.Saver()` is built before variables `a` and `b` (lines 6 and 7), the global step"
        " (line 8) and 1 more, so the checkpoint saved on line 10 lacks them - build the Saver after"
        " `minimize()` on line 9"
    )


def test_plain_variables_are_one_kind_named_together():
    # issue 22: "variable `a` (line 6), variable `b` (line 7)" named the same kind twice
    (message,) = _messages(
        """
        w = tf.Variable(1.0, name="w")
        saver = tf.train.Saver()
        a = tf.Variable(1.0, name="a")
        b = tf.Variable(1.0, name="b")
        c = tf.Variable(1.0, name="c")
        d = tf.get_variable("d", [3])
        e = tf.get_variable("e", [3])
        saver.save(sess, "model.ckpt")
        """
    )
    assert message == (
        "TFS001 `tf.train.Saver()` is built before variables `a`, `b`, `c` and 2 more (lines 6, 7, 8 and 2"
        " more), so the checkpoint saved on line 11 lacks them - build the Saver after variable `e` (line 10)"
    )
    assert _fixture_message(FIXTURES / "projects" / "script_folder" / "train.py", 8, "TFS001") == (
        "TFS001 `tf.train.Saver()` is built before variables `kernel` and `bias` in `layers.dense()` (line 9),"
        " so the checkpoint saved on line 13 lacks them - build the Saver after variable `bias` in"
        " `layers.dense()` (line 9)"
    )


DCGAN_MESSAGE = (  # one kind of late variable, named once with its two lines (issue 22, point 2)
    "TFS001 `tf.train.Saver()` is built before the Adam slot variables of `minimize()` (lines 25 and 26),"
    " so the checkpoint saved on line 30 lacks them - build the Saver in `train()` after line 26, or pass"
    " `var_list=`"
)


def test_tfs001_fix_names_the_global_step():
    assert _fixture_message("tfs001_global_step.py", 8, "TFS001") == (
        "TFS001 `tf.train.Saver()` is built before the global step (line 9), so the checkpoint saved on"
        " line 12 lacks it - build the Saver after the global step (line 9)"
    )


def test_tfs001_fix_names_minimize_and_the_escape():
    assert _fixture_message("tfs001_saves_after_late_variable.py", 23, "TFS001") == (
        "TFS001 `tf.train.Saver()` is built before the global step (line 24) and 1 more, so the"
        " checkpoints saved through `tf.train.Scaffold()` (line 26) lack them - build the Saver after"
        " `minimize()` on line 25"
    )


def test_tfs001_class_form_says_in_which_method():
    assert _fixture_message("tfs001_class_form_adam_in_train.py", 13, "TFS001") == (
        "TFS001 `tf.train.Saver()` is built before the Adam slot variables of `minimize()` (line 17),"
        " so the checkpoint saved on line 20 lacks them - build the Saver in `train()` after line 17,"
        " or pass `var_list=`"
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
        "TFS002 `saver1.save()` gets session `sess2` (line 17) of graph `g2`, but `saver1` (line 10) is in"
        " graph `g1`, so it runs that session's ops, not its own - use `tf.Session(graph=g1)`"
    )
    assert _fixture_message("tfs002_session_of_default_graph.py", 18, "TFS002") == (
        "TFS002 `inner_saver.save()` gets session `sess` (line 16) of the default graph, but"
        " `inner_saver` (line 11) is in the graph made on line 9, so it runs that session's ops, not its"
        " own - use a session of the Saver's graph (`tf.Session(graph=...)`)"
    )


def test_tfs009_says_which_session_reads_and_where_to_build():
    assert _fixture_message("tfs009_initializer_before_variables.py", 8, "TFS009") == (
        "TFS009 `tf.global_variables_initializer()` is built before the Adam slot variables of"
        " `minimize()` (line 9), so `sess` reads them uninitialized on line 12 (`FailedPreconditionError`)"
        " - build it after `minimize()` on line 9"
    )


@pytest.mark.parametrize(
    ("fixture", "line", "code", "text"),
    [
        ("tfs003_missing_keys.py", 25, "TFS003",
         "TFS003 `reader.restore()` expects `net/b`, missing from the checkpoint written on line 16"
         " (`NotFoundError`) - build that Saver after every variable (same names), or restore only the"
         " saved ones with `var_list=`"),
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
         "TFS008 `tf1.train.Saver()` has no `var_list` and runs eagerly (no `disable_eager_execution()`"
         " in this module), so it raises `RuntimeError` - pass `var_list=` or build it inside"
         " `with tf.Graph().as_default():`"),
        ("tfs010_saver_arguments_to_save.py", 10, "TFS010",
         "TFS010 `saver.save()` does not take `max_to_keep=` (`TypeError` at the first checkpoint) -"
         " pass it to `tf.train.Saver(...)`"),
    ],
)
def test_other_rules_wording(fixture, line, code, text):
    assert _fixture_message(fixture, line, code) == text


def _every_fixture_finding() -> list[tuple[str, Diagnostic]]:
    """(file, finding) of every fixture, project files with the project view on."""
    found = []
    for path in sorted(FIXTURES.rglob("*.py")):
        for diagnostic in analyse(path.read_text(), filename=str(path)):
            found.append((str(path.relative_to(FIXTURES)), diagnostic))
    return found


def test_every_message_is_one_short_line_with_a_fix():
    found = _every_fixture_finding()
    assert len(found) > 100
    for name, diagnostic in found:
        text = diagnostic.text()
        assert "\n" not in text and " - " in text, (name, text)
        assert not text.endswith("."), (name, text)
        # a wording the rule offers as it is: ``at()`` never had to cut it to the limit
        assert not diagnostic.shortened and len(text) <= MESSAGE_LIMIT, (name, len(text), text)
    lengths = sorted(len(d.text()) for _, d in found)
    assert lengths[len(lengths) // 2] <= 210, lengths  # about 200 typically


CORPUS = ROOT / "bench" / ".cache" / "corpus"


def _corpus_findings(path: Path) -> list[tuple[str, str, bool]]:
    """(file, message, shortened) of one corpus file, analysed as the plugin does (flake8's tree,
    the project view on); none for a file that does not parse (flake8 reports E999)."""
    source = path.read_text(encoding="utf-8", errors="replace")
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    return [(str(path), d.text(), d.shortened) for d in analyse(source, tree, filename=str(path))]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the bench corpus is not downloaded (python bench/corpus.py)")
def test_every_corpus_message_is_a_wording_of_its_rule():
    """Real code has no names of 100 characters: every finding is one line, within the limit,
    with a fix, in a wording its rule offers (never cut by ``at()``)."""
    with ProcessPoolExecutor(4) as pool:
        found = [f for rows in pool.map(_corpus_findings, sorted(CORPUS.rglob("*.py")), chunksize=20) for f in rows]
    assert found, "no TFS finding on the corpus"
    wrong = [
        (name, text) for name, text, shortened in found
        if shortened or len(text) > MESSAGE_LIMIT or "\n" in text or " - " not in text
    ]
    assert not wrong, wrong


def test_many_late_variables_name_the_first_kind_and_count_the_rest():
    # issue 22: "variable `w` (line 109, via `mgpu_predict()` on line 419) x4, variable `b` ... x2
    # and 9 more" made a 412-character line; now the first kind, its lines and calls, and a count
    # (the plain variables made by calls here are one kind; v1-v3, made here, another)
    (message,) = _messages(
        """
        def tower(x):
            w = tf.get_variable("w", [3, 3])
            b = tf.get_variable("b", [3])
            return tf.matmul(x, w) + b


        def predict(x):
            outs = []
            for i in range(4):
                with tf.variable_scope("tower_%d" % i):
                    outs.append(tower(x))
            return outs


        x = tf.placeholder(tf.float32, [None, 3])
        init = tf.global_variables_initializer()
        y = predict(x)
        y2 = predict(x)
        step = tf.train.create_global_step()
        v1 = tf.Variable(1.0, name="v1")
        v2 = tf.Variable(1.0, name="v2")
        v3 = tf.Variable(1.0, name="v3")
        ema = tf.train.ExponentialMovingAverage(0.9)
        keep = ema.apply([v1, v2, v3])
        train = tf.train.AdamOptimizer().minimize(tf.reduce_sum(y[0]))
        train2 = tf.train.MomentumOptimizer(0.1, 0.9).minimize(tf.reduce_sum(y[0]))
        sess = tf.Session()
        sess.run(init)
        sess.run([y, train, train2, v1, keep])
        """
    )
    assert message == (
        "TFS009 `tf.global_variables_initializer()` is built before variables `w` and `b` (lines 5 and 6,"
        " via calls on lines 20 and 21) and 5 more, so `sess` reads them uninitialized on line 32"
        " (`FailedPreconditionError`) - build it after `minimize()` on line 29"
    )


LONG = "x" * 90
LONG_NAMES = f"""
def helper_that_builds_a_layer_{LONG}():
    return tf.get_variable("a_variable_with_a_long_name_{LONG}", [3])


graph_{LONG} = tf.Graph()
other_graph_{LONG} = tf.Graph()
with graph_{LONG}.as_default():
    w = tf.Variable(1.0, name="w")
    saver_{LONG} = tf.train.Saver()
    helper_that_builds_a_layer_{LONG}()
    session_{LONG} = tf.Session()
    saver_{LONG}.save(session_{LONG}, "./m.ckpt", max_to_keep=2)
    saver_{LONG}.restore(session_{LONG}, "./some/long/path/{LONG}/model.ckpt.meta")
with other_graph_{LONG}.as_default():
    other_session_{LONG} = tf.Session()
saver_{LONG}.save(other_session_{LONG}, "./x")
tf.train.import_meta_graph("./some/long/path/{LONG}/model.ckpt")
"""
LONG_OPTIMIZERS = f"""\
import tensorflow as tf

model = tf.keras.Sequential([tf.keras.layers.Dense(2)])
generator_optimizer_{LONG} = tf.keras.optimizers.Adam(1e-4)
discriminator_optimizer_{LONG} = tf.keras.optimizers.Adam(1e-4)
third_optimizer_{LONG} = tf.keras.optimizers.Adam(1e-4)
ckpt = tf.train.Checkpoint(model=model)
for _ in range(2):
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(model(tf.ones((1, 3))))
    grads = tape.gradient(loss, model.trainable_variables)
    generator_optimizer_{LONG}.apply_gradients(zip(grads, model.trainable_variables))
    discriminator_optimizer_{LONG}.apply_gradients(zip(grads, model.trainable_variables))
    third_optimizer_{LONG}.apply_gradients(zip(grads, model.trainable_variables))
    ckpt.save("./c")
"""


LONG_OPTIMIZER = LONG_OPTIMIZERS.replace(f"    discriminator_optimizer_{LONG}.apply_gradients(", "    (").replace(
    f"    third_optimizer_{LONG}.apply_gradients(", "    (")
# The fix of each finding on LONG_NAMES and LONG_OPTIMIZER(S), as its rule words it (``quoted``
# keeps 40 characters of a piece of code by design): what the cut must leave whole.
LONG_FIXES = {
    "TFS001": [f"build the Saver after {quoted(f'helper_that_builds_a_layer_{LONG}()')} on line 13"],
    "TFS002": [f"use `tf.Session(graph=graph_{LONG})`"],
    "TFS006": ["drop the `.meta` suffix", f"pass {quoted(f'./some/long/path/{LONG}/model.ckpt.meta')}"],
    "TFS010": ["pass it to `tf.train.Saver(...)`"],
    "TFS101": [
        f"track them: `tf.train.Checkpoint(model=..., optimizer=generator_optimizer_{LONG}, ...)`",
        f"track it: `tf.train.Checkpoint(model=..., optimizer=generator_optimizer_{LONG})`",
    ],
}


def test_names_of_a_hundred_characters_stay_within_the_limit_and_keep_the_fix_whole():
    found = analyse(HEADER + LONG_NAMES) + analyse(LONG_OPTIMIZERS) + analyse(LONG_OPTIMIZER)
    fixes: dict[str, list[str]] = {}
    for diagnostic in found:
        text = diagnostic.text()
        assert len(text) <= MESSAGE_LIMIT and "\n" not in text and " - " in text, (len(text), text)
        fixes.setdefault(diagnostic.code, []).append(text.split(" - ")[-1])
    assert fixes == LONG_FIXES
    # what is shortened is the names before the fix, and the finding says so
    assert {d.code for d in found if d.shortened} >= {"TFS001", "TFS002", "TFS101"}
    (cross_graph,) = [d.text() for d in found if d.code == "TFS002"]
    assert cross_graph.startswith("TFS002 `...xx.save()` gets session `...")


def test_internal_error_is_one_line_within_the_limit():
    from flake8_tfsaver.diagnostic import internal_error

    error = ValueError("first line\n" + "x" * 500)
    text = internal_error("flake8-tfsaver could not analyse this file", error, "please report it").text()
    assert "\n" not in text and len(text) <= MESSAGE_LIMIT and text.endswith(") - please report it"), text


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
    assert message == (  # naming both with the whole fix would take 320 characters: the first and a count
        "TFS101 `tf.train.Checkpoint()` saves (line 42) what `generator_optimizer` (line 33) and 1 more"
        " optimizer train, not the optimizers: a resumed run restarts their slots and steps - track them:"
        " `tf.train.Checkpoint(..., generator_optimizer=generator_optimizer, ...)`"
    )
    # short names: every optimizer and the whole fix
    source = (FIXTURES / "tfs101_factory_models_dcgan.py").read_text()
    source = source.replace("generator_optimizer", "g_opt").replace("discriminator_optimizer", "d_opt")
    (message,) = [d.text() for d in analyse(source) if d.line == 19]
    assert message == (
        "TFS101 `tf.train.Checkpoint()` saves (line 42) what `g_opt` (line 33) and `d_opt` (line 34) train,"
        " not the optimizers: a resumed run restarts their slots and steps - track them:"
        " `tf.train.Checkpoint(model=..., g_opt=g_opt, d_opt=d_opt)`"
    )
