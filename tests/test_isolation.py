"""Linting never imports TensorFlow or the linted code, and astroid never parses TF's sources."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from tests.conftest import ROOT

PROBE = textwrap.dedent(
    """
    import json, sys
    import astroid
    from flake8.api import legacy
    from flake8.main.options import JobsArgument
    paths = sys.argv[1:]
    report = legacy.get_style_guide(select=["TFS"], jobs=JobsArgument("1")).check_files(paths)
    print(json.dumps({
        "findings": report.total_errors,
        "engine_ran_here": "flake8_tfsaver.graph.builder" in sys.modules,
        "tf_modules": sorted(m for m in sys.modules if m.split(".")[0] in ("tensorflow", "tf_keras", "keras")),
        "astroid_cache": sorted(astroid.MANAGER.astroid_cache),
    }))
    """
)


def test_linting_fixtures_imports_no_tensorflow():
    fixtures = sorted(str(p) for p in (ROOT / "tests" / "fixtures").glob("*.py"))
    result = subprocess.run([sys.executable, "-c", PROBE, *fixtures], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["findings"] > 0  # the fixtures were really linted
    assert probe["engine_ran_here"]  # in this process, so its sys.modules tells the truth
    assert probe["tf_modules"] == []
    assert probe["astroid_cache"] == []


def test_linted_code_is_never_executed_or_imported(tmp_path):
    marker = tmp_path / "marker"
    (tmp_path / "side_effect.py").write_text(f"open({str(marker)!r}, 'w').write('imported')\n")
    linted = tmp_path / "model.py"
    linted.write_text(
        "import side_effect\nfrom side_effect import thing\nimport tensorflow.compat.v1 as tf\n"
        "from tensorflow.compat.v1 import *\ntf.disable_eager_execution()\n"
        "open('marker2', 'w')\nsaver = tf.train.Saver()\nw = tf.Variable(1.0)\nsaver.save(sess, 'm.ckpt')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(linted)], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1])["findings"] == 1
    assert not marker.exists()
    assert not (tmp_path / "marker2").exists()


def test_decorators_never_make_astroid_load_libraries(tmp_path):
    # astroid's FunctionDef.type infers decorators; the model must decide methods syntactically.
    linted = tmp_path / "decorated.py"
    linted.write_text(
        "import tensorflow.compat.v1 as tf\nimport pytest\ntf.disable_eager_execution()\n\n"
        "class Model:\n    @tf.function\n    def step(self):\n        return 1\n\n"
        "    @pytest.fixture\n    def data(self):\n        return 2\n\n"
        "    def __init__(self):\n        self.w = tf.Variable(1.0)\n        self.saver = tf.train.Saver()\n\n"
        "    def train(self, sess):\n        tf.train.AdamOptimizer().minimize(self.w)\n"
        "        self.saver.save(sess, 'model.ckpt')\n"
    )
    result = subprocess.run([sys.executable, "-c", PROBE, str(linted)], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["findings"] == 1
    assert probe["tf_modules"] == [] and probe["astroid_cache"] == []


IMPORT_PROBE = textwrap.dedent(
    """
    import json, sys
    from flake8.main.cli import main
    try:
        main(["--jobs", "1", "--select", "TFS", *sys.argv[1:]])
    except SystemExit:
        pass
    print(json.dumps({"astroid_imported": "astroid" in sys.modules}))
    """
)


def test_files_without_tensorflow_never_import_astroid(tmp_path):
    # A pre-commit run over a change that touches no TF code pays nothing for astroid's import.
    plain = tmp_path / "plain.py"
    plain.write_text("import numpy as np\nsaver = np.Saver()\n")
    untriggered = tmp_path / "untriggered.py"
    untriggered.write_text("import tensorflow as tf\nx = tf.constant(1)\n")
    result = subprocess.run([sys.executable, "-c", IMPORT_PROBE, str(plain), str(untriggered)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"astroid_imported": False}

    buggy = tmp_path / "buggy.py"
    buggy.write_text("import tensorflow as tf\nsaver = tf.train.Saver()\nw = tf.Variable(1.0)\nsaver.save(sess, 'm.ckpt')\n")
    result = subprocess.run([sys.executable, "-c", IMPORT_PROBE, str(plain), str(buggy)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert "buggy.py:2:9: TFS001" in result.stdout
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"astroid_imported": True}
