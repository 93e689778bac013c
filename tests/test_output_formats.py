"""flake8's output options work with TFS findings, and options are read from config files."""

from __future__ import annotations

from tests.conftest import ROOT, run_flake8

FIXTURE = ROOT / "tests" / "fixtures" / "tfs001_spelling_compat_v1_alias.py"
OPTIONS_FIXTURE = ROOT / "tests" / "fixtures" / "options_project_creators.py"


def test_format_pylint():
    out = run_flake8([FIXTURE], "--format=pylint").stdout
    assert out.strip() == f"{FIXTURE}:7: [TFS001] `tf1.train.Saver()` is built before variable `bias` (line 8)" \
        ", so the checkpoint saved on line 12 lacks it - build the Saver after variable `bias` (line 8)"


def test_output_file(tmp_path):
    target = tmp_path / "report.txt"
    result = run_flake8([FIXTURE], f"--output-file={target}")
    assert result.stdout == ""
    assert ":7:9: TFS001 " in target.read_text()


def test_show_source():
    out = run_flake8([FIXTURE], "--show-source").stdout.splitlines()
    assert out[1] == "saver = tf1.train.Saver()  # expect: TFS001"
    assert out[2] == "        ^"


def test_statistics():
    out = run_flake8([FIXTURE, OPTIONS_FIXTURE], "--statistics", "--tfsaver-variable-creators=mylib.layers.dense").stdout
    assert any(line.split()[:2] == ["2", "TFS001"] for line in out.splitlines())


def test_options_from_config_file(tmp_path):
    (tmp_path / "setup.cfg").write_text(
        "[flake8]\ntfsaver-variable-creators = mylib.layers.dense\n"
        "tfsaver-saver-factories = mylib.layers.make_saver\n"
    )
    target = tmp_path / "model.py"
    target.write_text(OPTIONS_FIXTURE.read_text())
    out = run_flake8([target.name], cwd=tmp_path).stdout
    assert sorted(line.split(": ")[1].split()[0] for line in out.splitlines()) == ["TFS001", "TFS001", "TFS010"]
    plain = run_flake8([target.name], "--isolated", cwd=tmp_path).stdout
    assert "TFS001" not in plain  # without the options the wrappers are invisible
