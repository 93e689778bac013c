"""Project fixtures: multi-module projects whose bugs span modules (the project view).

For each project under ``tests/fixtures/projects/``: real flake8 over the whole folder reports
exactly the ``# expect:`` lines of every file; each file linted alone (a fresh flake8, as
pre-commit's changed-files-only runs do) reports the same; ``--jobs 1`` and ``--jobs 2`` agree;
and real TensorFlow, running the project's entry module, fails exactly there (the oracle).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections import defaultdict
from pathlib import Path

import pytest

from tests.conftest import ROOT, parse_flake8, run_flake8
from tests.fixture_format import all_projects

PROJECTS = all_projects()
IDS = [p.name for p in PROJECTS]


def _show(findings) -> list[str]:
    return [f"{path}:{line}:{code}" for path, line, code in sorted(findings)]


def _in_project(project, found: dict[str, set[tuple[int, str]]]) -> set[tuple[str, int, str]]:
    root = project.path.resolve()
    return {
        (Path(path).relative_to(root).as_posix(), line, code)
        for path, findings in found.items() if Path(path).is_relative_to(root)
        for line, code in findings
    }


def _whole_runs(jobs: str) -> dict[str, set[tuple[int, str]]]:
    groups: dict[tuple[str, ...], list[Path]] = defaultdict(list)
    for project in PROJECTS:
        groups[project.options].append(project.path)
    found: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for options, paths in groups.items():
        result = run_flake8(paths, "--jobs", jobs, *options)
        assert result.returncode in (0, 1), result.stderr
        assert "Traceback" not in result.stderr, result.stderr
        for path, findings in parse_flake8(result.stdout).items():
            found[path] |= findings
    return found


@pytest.fixture(scope="session")
def whole_folder_findings() -> dict[str, set[tuple[int, str]]]:
    """flake8 on every project folder (one run per distinct ``# options:``), ``--jobs 2``."""
    return _whole_runs("2")


def test_enough_projects():
    assert len(PROJECTS) >= 10
    assert all(p.expected for p in PROJECTS if p.name not in ("auto_reuse_towers",))


@pytest.mark.parametrize("project", PROJECTS, ids=IDS)
def test_whole_folder_matches_annotations(project, whole_folder_findings):
    found = _in_project(project, whole_folder_findings)
    assert _show(found) == _show(project.expected), f"missing or unexpected findings in {project.name}"


@pytest.mark.parametrize("project", PROJECTS, ids=IDS)
def test_each_file_alone_gives_the_same_findings(project, whole_folder_findings):
    # A fresh flake8 per file, as pre-commit runs on the changed files only: nothing else is linted
    # (and nothing cached) before it.
    alone: set[tuple[str, int, str]] = set()
    for fixture in project.files:
        result = run_flake8([fixture.path], *project.options)
        assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
        alone |= _in_project(project, parse_flake8(result.stdout))
    assert _show(alone) == _show(_in_project(project, whole_folder_findings))


def test_jobs_one_gives_the_same_findings(whole_folder_findings):
    serial = _whole_runs("1")
    assert {k: v for k, v in serial.items() if v} == {k: v for k, v in whole_folder_findings.items() if v}


ORDER_PROBE = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from flake8_tfsaver.config import Config
    from flake8_tfsaver.engine import analyse
    from flake8_tfsaver.crossmodule.cache import CACHE
    roots = tuple(sys.argv[2:])
    files = sorted(Path(sys.argv[1]).rglob("*.py"))
    runs = []
    for order in (files, files[::-1], files[1::2] + files[0::2]):
        CACHE.clear()
        found = {}
        for path in order:
            source = path.read_text()
            found[str(path)] = [[d.line, d.code] for d in analyse(source, None, Config(source_roots=roots), filename=str(path))]
        runs.append(dict(sorted(found.items())))
    print(json.dumps(runs))
    """
)


_ORDERED = ("deepxde_like", "model_class", "saver_factory")


@pytest.mark.parametrize("project", [p for p in PROJECTS if p.name in _ORDERED], ids=list(_ORDERED))
def test_visiting_order_does_not_matter(project):
    """One process, the files in three orders, the cache cleared before each: same findings."""
    roots = [o.split("=", 1)[1] for o in project.options if o.startswith("--tfsaver-source-roots=")]
    result = subprocess.run([sys.executable, "-c", ORDER_PROBE, str(project.path), *roots],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    runs = json.loads(result.stdout.strip().splitlines()[-1])
    assert runs[0] == runs[1] == runs[2]
    assert any(findings for findings in runs[0].values())


@pytest.mark.oracle
@pytest.mark.parametrize("project", PROJECTS, ids=IDS)
def test_tensorflow_confirms_project(project, oracle_results, whole_folder_findings):
    if project.skip_reason:
        pytest.skip(f"oracle: {project.skip_reason}")
    result = oracle_results[str(project.path.resolve())]
    assert result["error"] is None, f"project raised under TensorFlow:\n{result['error']}"
    runtime = {(path, line, code) for path, line, code in result["findings"]}
    linter = _in_project(project, whole_folder_findings)
    report = (
        f"\n  expected: {_show(project.expected)} (+ oracle-only "
        f"{_show(project.runtime_expected - project.expected)})"
        f"\n  linter:   {_show(linter)}\n  runtime:  {_show(runtime)}"
    )
    assert _show(runtime) == _show(project.runtime_expected), "TensorFlow disagrees" + report
    assert _show(linter) == _show(project.expected), "linter disagrees" + report
