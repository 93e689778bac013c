"""The oracle must be able to disagree: a deliberately mislabelled fixture is caught."""

from __future__ import annotations

import textwrap

import pytest

from tests.conftest import run_oracle
from tests.fixture_format import parse

MISLABELLED = textwrap.dedent(
    """\
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    w = tf.Variable(1.0, name="w")
    saver = tf.train.Saver()
    late = tf.Variable(2.0, name="late")
    with tf.Session() as sess:  # expect: TFS001
        sess.run(tf.global_variables_initializer())
        saver.save(sess, "./model.ckpt")
    """
)


@pytest.mark.oracle
def test_mislabelled_fixture_is_caught(tmp_path):
    pytest.importorskip("tensorflow")
    path = tmp_path / "mislabelled.py"
    path.write_text(MISLABELLED)
    fixture = parse(path)
    result = run_oracle([fixture], tmp_path / "out.json")[str(path.resolve())]
    assert result["error"] is None
    runtime = {tuple(f) for f in result["findings"]}
    assert runtime == {(5, "TFS001")}  # TF's truth: the Saver on line 5 misses `late`
    assert runtime != set(fixture.runtime_expected)  # so the wrong annotation (line 7) is caught
