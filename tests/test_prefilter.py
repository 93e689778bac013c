"""The pre-filter: files without TensorFlow never reach astroid; TF files do."""

from __future__ import annotations

import pytest

from flake8_tfsaver import engine

BUGGY_TAIL = (
    "tf.disable_eager_execution()\nw = tf.Variable(1.0)\nsaver = tf.train.Saver()\nb = tf.Variable(2.0)\n"
    "saver.save(sess, 'model.ckpt')\n"
)


@pytest.fixture
def astroid_calls(monkeypatch):
    calls = []
    real = engine.build_module

    def spy(tree, source):
        calls.append(source)
        return real(tree, source)

    monkeypatch.setattr(engine, "build_module", spy)
    return calls


@pytest.mark.parametrize(
    "source",
    [
        "import numpy as np\nsaver = np.Saver()\n",  # mentions Saver, no TF import
        "# uses tensorflow in a comment only\nx = 1\n",
        "import tensorflow as tf\nx = tf.constant(1)\n",  # TF, but nothing any rule looks at
        "",
    ],
)
def test_skipped_without_astroid(source, astroid_calls):
    assert engine.analyse(source) == []
    assert astroid_calls == []


@pytest.mark.parametrize(
    "header",
    [
        "import tensorflow.compat.v1 as tf\n",
        "import numpy as np, tensorflow.compat.v1 as tf\n",
        "from tensorflow.compat import v1 as tf\n",
        "if True:\n    import tensorflow.compat.v1 as tf\n",
    ],
)
def test_tensorflow_files_are_analysed(header, astroid_calls):
    findings = engine.analyse(header + BUGGY_TAIL)
    assert len(astroid_calls) == 1
    assert [f.code for f in findings] == ["TFS001"]


@pytest.mark.parametrize(
    "source",
    [
        # TF 2 code that never checkpoints: a training loop only
        "import tensorflow as tf\nopt = tf.keras.optimizers.Adam()\nopt.apply_gradients([])\n",
        # a checkpoint that nothing trains: export or restore only
        "import tensorflow as tf\nckpt = tf.train.Checkpoint(model=m)\nckpt.restore(p)\n",
    ],
)
def test_tf2_files_without_checkpoint_and_training_skip_astroid(source, astroid_calls):
    assert engine.analyse(source) == []
    assert astroid_calls == []


def test_tf2_checkpoint_and_training_are_analysed(astroid_calls):
    source = (
        "import tensorflow as tf\nm = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
        "opt = tf.keras.optimizers.Adam()\nckpt = tf.train.Checkpoint(model=m)\n"
        "for _ in range(2):\n    opt.minimize(lambda: 0.0, m.trainable_variables)\n    ckpt.save('c')\n"
    )
    assert [f.code for f in engine.analyse(source)] == ["TFS101"]
    assert len(astroid_calls) == 1


def test_tensorflow_reached_through_the_project_is_analysed(tmp_path, astroid_calls):
    # `from backend import tf`: no TF import in the file's text, but its project module has one.
    (tmp_path / "backend.py").write_text("import tensorflow.compat.v1 as tf\n")
    (tmp_path / "helpers.py").write_text("import numpy as np\n")
    model = tmp_path / "model.py"
    model.write_text("from backend import tf\n" + BUGGY_TAIL)
    assert [f.code for f in engine.analyse(model.read_text(), filename=str(model))] == ["TFS001"]
    assert len(astroid_calls) == 1
    plain = tmp_path / "plain.py"
    plain.write_text("from helpers import np\nsaver = np.Saver()\n")  # a trigger word, no TF anywhere
    assert engine.analyse(plain.read_text(), filename=str(plain)) == []
    assert len(astroid_calls) == 1  # never reached astroid
