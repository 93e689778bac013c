"""The real tools users reach the plugin through: nbqa on a notebook, pre-commit hooks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT

BIN = Path(sys.executable).parent
BUGGY = textwrap.dedent(
    """\
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    w = tf.Variable(1.0, name="w")
    saver = tf.train.Saver()
    late = tf.Variable(2.0, name="late")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, "./model.ckpt")
    """
)
FIXED = BUGGY.replace('saver = tf.train.Saver()\nlate = tf.Variable(2.0, name="late")\n',
                      'late = tf.Variable(2.0, name="late")\nsaver = tf.train.Saver()\n')


def _tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return str(path)


def _notebook(cells: list[str]) -> dict:
    def code(source):
        return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                "source": source.splitlines(True)}
    return {
        "cells": [code(cells[0]), {"cell_type": "markdown", "metadata": {}, "source": ["# Model"]}]
        + [code(c) for c in cells[1:]],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                     "language_info": {"name": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }


def test_nbqa_maps_findings_to_cells(tmp_path):
    nbqa = _tool("nbqa")
    notebook = tmp_path / "model.ipynb"
    notebook.write_text(json.dumps(_notebook([
        "import tensorflow.compat.v1 as tf\ntf.disable_eager_execution()",
        "graph = tf.Graph()\nwith graph.as_default():\n    w = tf.Variable(1.0, name='w')\n    saver = tf.train.Saver()",
        "# a later cell adds a variable to the same graph\nwith graph.as_default():\n    late = tf.Variable(2.0, name='late')",
        "with tf.Session(graph=graph) as sess:\n    sess.run(tf.global_variables_initializer())\n    saver.save(sess, 'model.ckpt')",
    ])))
    result = subprocess.run([nbqa, "flake8", str(notebook), "--select", "TFS"], capture_output=True, text=True,
                            env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"})
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout + result.stderr
    assert lines[0].startswith(f"{notebook}:cell_2:4:13: TFS001 `tf.train.Saver()` is built before variable `late`")
    assert result.returncode == 1


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=repo, check=True,
                   capture_output=True)


def _pre_commit_repo(tmp_path: Path, config: str) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is needed for pre-commit")
    repo = tmp_path / "project"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "train.py").write_text(BUGGY)
    (repo / ".pre-commit-config.yaml").write_text(config)
    _git(repo, "add", "-A")
    return repo


def _run_pre_commit(repo: Path, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run([_tool("pre-commit"), "run", "--all-files"], cwd=repo, capture_output=True,
                          text=True, env=env, timeout=600)


def _head_of_this_checkout() -> str:
    result = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip("this checkout is not a git repository")
    return result.stdout.strip()


def _fails_passes_then_fails_on_syntax_error(repo: Path, home: Path) -> None:
    failing = _run_pre_commit(repo, home)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "train.py:5:9: TFS001 `tf.train.Saver()` is built before variable `late`" in failing.stdout
    (repo / "train.py").write_text(FIXED)
    passing = _run_pre_commit(repo, home)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    (repo / "broken.py").write_text("import tensorflow as tf\nsaver = tf.train.Saver(\n")
    _git(repo, "add", "broken.py")
    broken = _run_pre_commit(repo, home)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "broken.py:2:" in broken.stdout and ": E999 SyntaxError: " in broken.stdout


@pytest.mark.tools
def test_pre_commit_hook_of_this_repository(tmp_path):
    config = textwrap.dedent(
        f"""\
        repos:
          - repo: {ROOT}
            rev: {_head_of_this_checkout()}
            hooks:
              - id: flake8-tfsaver
        """
    )
    _fails_passes_then_fails_on_syntax_error(_pre_commit_repo(tmp_path, config), tmp_path / "cache")


@pytest.mark.tools
@pytest.mark.parametrize("form", ["local path", "git URL at a commit"])
def test_pre_commit_flake8_hook_with_additional_dependencies(tmp_path, form):
    # The upstream PyCQA/flake8 hook repository cannot be cloned offline; a local hook runs the
    # same entry (`flake8`) with the README's args and the plugin installed through
    # `additional_dependencies` in the two forms the README gives before a release (the git URL
    # points at this checkout through file:// instead of https://).
    dependency = str(ROOT)
    if form == "git URL at a commit":
        dependency = f"flake8-tfsaver @ git+file://{ROOT}@{_head_of_this_checkout()}"
    config = textwrap.dedent(
        f"""\
        repos:
          - repo: local
            hooks:
              - id: flake8
                name: flake8
                entry: flake8
                args: [--extend-select, "TFS,E999"]
                language: python
                types: [python]
                additional_dependencies: [flake8, "{dependency}"]
        """
    )
    _fails_passes_then_fails_on_syntax_error(_pre_commit_repo(tmp_path, config), tmp_path / "cache")
