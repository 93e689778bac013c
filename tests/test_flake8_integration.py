"""Real flake8, end to end: registration, selection, noqa, parallel jobs, hostile input."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import ROOT, parse_flake8, run_flake8

BUGGY = textwrap.dedent(
    """\
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    w = tf.Variable(1.0, name="w")
    saver = tf.train.Saver(){noqa}
    b = tf.Variable(2.0, name="b")
    saver.save(tf.Session(), "./model.ckpt")
    """
)


def _write(tmp_path: Path, text: str, name: str = "model.py") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_version_lists_plugin():
    result = subprocess.run([sys.executable, "-m", "flake8", "--version"], capture_output=True, text=True)
    assert "flake8-tfsaver" in result.stdout


def test_exact_output_line(tmp_path):
    path = _write(tmp_path, BUGGY.format(noqa=""))
    result = run_flake8([path])
    assert result.stdout.splitlines() == [
        f"{path}:5:9: TFS001 `tf.train.Saver()` is built before variable `b` (line 6),"
        " so the checkpoint saved on line 7 lacks it - build the Saver after variable `b` (line 6)"
    ]
    assert result.returncode == 1


def test_select_other_code_hides_tfs(tmp_path):
    path = _write(tmp_path, BUGGY.format(noqa=""))
    result = subprocess.run(
        [sys.executable, "-m", "flake8", "--select", "E999", str(path)], capture_output=True, text=True
    )
    assert "TFS001" not in result.stdout


def test_extend_select_adds_tfs(tmp_path):
    path = _write(tmp_path, BUGGY.format(noqa=""))
    result = subprocess.run(
        [sys.executable, "-m", "flake8", "--select", "F", "--extend-select", "TFS", str(path)],
        capture_output=True, text=True,
    )
    assert "TFS001" in result.stdout


def test_noqa_with_code_silences(tmp_path):
    path = _write(tmp_path, BUGGY.format(noqa="  # noqa: TFS001"))
    assert run_flake8([path]).stdout == ""


def test_noqa_other_code_does_not_silence(tmp_path):
    path = _write(tmp_path, BUGGY.format(noqa="  # noqa: TFS002"))
    assert "TFS001" in run_flake8([path]).stdout


def test_jobs_two_gives_same_output():
    fixtures = sorted((ROOT / "tests" / "fixtures").glob("*.py"))
    serial = run_flake8(fixtures, "--jobs", "1")
    parallel = run_flake8(fixtures, "--jobs", "2")
    assert parse_flake8(serial.stdout) == parse_flake8(parallel.stdout)
    assert sorted(serial.stdout.splitlines()) == sorted(parallel.stdout.splitlines())
    assert serial.stdout  # the fixtures do contain findings


def test_empty_file(tmp_path):
    result = run_flake8([_write(tmp_path, "")])
    assert result.returncode == 0 and result.stderr == ""


def test_syntax_error_is_flake8_e999_not_a_crash(tmp_path):
    path = _write(tmp_path, "import tensorflow as tf\nsaver = tf.train.Saver(\n")
    result = subprocess.run(
        [sys.executable, "-m", "flake8", "--select", "E999,TFS", str(path)], capture_output=True, text=True
    )
    assert "E999" in result.stdout
    assert "Traceback" not in result.stderr


def test_non_utf8_bytes(tmp_path):
    path = tmp_path / "latin.py"
    path.write_bytes(b"# -*- coding: latin-1 -*-\nimport tensorflow as tf\nname = '\xe9t\xe9'\nsaver = tf.train.Saver()\n")
    result = run_flake8([path])
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 1)
    broken = tmp_path / "broken.py"
    broken.write_bytes(b"import tensorflow as tf\nx = '\xff\xfe'\nsaver = tf.train.Saver()\n")
    result = run_flake8([broken])
    assert "Traceback" not in result.stderr


def test_twenty_thousand_lines(tmp_path):
    body = ["import tensorflow.compat.v1 as tf", "w = tf.Variable(1.0)", "saver = tf.train.Saver()"]
    body += [f"x{i} = tf.constant({i}) + {i}" for i in range(20000)]
    body += ["late = tf.Variable(2.0)", "saver.save(sess, 'model.ckpt')"]
    result = run_flake8([_write(tmp_path, "\n".join(body) + "\n")])
    assert result.stdout.count("TFS001") == 1
    assert "Traceback" not in result.stderr


def test_deeply_nested_expression(tmp_path):
    nested = "(" * 90 + "1" + ")" * 90
    chain = " + ".join(["tf.constant(1)"] * 300)
    text = f"import tensorflow.compat.v1 as tf\nsaver = tf.train.Saver()\nx = {nested}\ny = {chain}\nz = tf.Variable(1.0)\nsaver.save(sess, 'm.ckpt')\n"
    result = run_flake8([_write(tmp_path, text)])
    assert "Traceback" not in result.stderr
    assert "TFS001" in result.stdout


def test_nesting_beyond_what_flake8_parses_gives_no_findings_and_no_exception():
    # flake8's own checkers fail near 800 levels; the engine must still never raise.
    from flake8_tfsaver.engine import analyse

    chain = " + ".join(["tf.constant(1)"] * 2000)
    source = f"import tensorflow.compat.v1 as tf\nsaver = tf.train.Saver()\ny = {chain}\nz = tf.Variable(1.0)\n"
    assert analyse(source) == []


def test_broken_engine_import_is_one_finding_not_a_crash(tmp_path):
    # e.g. an incompatible astroid in the user's environment: flake8 still completes.
    path = _write(tmp_path, BUGGY.format(noqa=""))
    probe = (
        "import sys; sys.modules['flake8_tfsaver.engine'] = None\n"
        "from flake8.main.cli import main\nsys.exit(main(['--select', 'TFS', sys.argv[1]]))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # findings, not a traceback
    assert result.stdout.splitlines() == [
        f"{path}:1:1: TFS000 flake8-tfsaver could not load its engine "
        "(ModuleNotFoundError: import of flake8_tfsaver.engine halted; None in sys.modules)"
        " - reinstall it (`pip install -U flake8-tfsaver`) so that a supported astroid is installed"
    ]
