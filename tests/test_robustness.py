"""No exception escapes and no internal-error finding, on real code and on generated code."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flake8_tfsaver.engine import INTERNAL_ERROR_CODE, analyse
from tests.fixture_format import FIXTURES


def _package_files(name: str) -> list[Path]:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return []
    root = Path(next(iter(spec.submodule_search_locations)))
    return sorted(root.rglob("*.py"))


def _tensorflow_training_files() -> list[Path]:
    spec = importlib.util.find_spec("tensorflow")  # locates, does not import
    if spec is None or not spec.submodule_search_locations:
        return []
    root = Path(next(iter(spec.submodule_search_locations)))
    return sorted((root / "python" / "training").glob("*.py"))


@pytest.mark.parametrize("package", ["astroid", "flake8", "pyflakes"])
def test_full_analysis_of_installed_package_never_errors(package):
    files = _package_files(package)
    assert files
    for path in files:
        findings = analyse(path.read_text(encoding="utf-8", errors="replace"), prefilter=False)
        assert all(f.code != INTERNAL_ERROR_CODE for f in findings), (path, findings)


def test_tensorflow_own_training_sources_never_error():
    files = _tensorflow_training_files()
    if not files:
        pytest.skip("tensorflow not installed")
    for path in files:
        findings = analyse(path.read_text(encoding="utf-8", errors="replace"))
        assert all(f.code != INTERNAL_ERROR_CODE for f in findings), (path, findings)


_FIXTURE_SOURCES = [p.read_text() for p in sorted(FIXTURES.glob("*.py"))]


@st.composite
def _mutated_fixture(draw):
    """A fixture with lines dropped, duplicated or swapped: odd but often valid programs."""
    lines = draw(st.sampled_from(_FIXTURE_SOURCES)).splitlines()
    for _ in range(draw(st.integers(0, 6))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "dup", "swap", "dedent"]))
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif op == "dedent":
            lines[i] = lines[i].lstrip()
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(_mutated_fixture())
def test_mutated_fixtures_never_raise(source):
    findings = analyse(source)
    assert all(f.code != INTERNAL_ERROR_CODE for f in findings), findings


def _generated_programs():
    hypothesmith = pytest.importorskip("hypothesmith")
    return hypothesmith.from_grammar()


# hypothesmith is slow to generate (~3 s an example here): a handful in CI, more with -m slow.
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_generated_programs_never_raise(data):
    source = data.draw(_generated_programs())
    findings = analyse("import tensorflow as tf\n# Saver\n" + source, prefilter=False)
    assert all(f.code != INTERNAL_ERROR_CODE for f in findings), findings


@pytest.mark.slow
@settings(max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck))
@given(_mutated_fixture())
def test_mutated_fixtures_never_raise_long(source):
    assert all(f.code != INTERNAL_ERROR_CODE for f in analyse(source))


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_generated_programs_never_raise_long(data):
    source = data.draw(_generated_programs())
    assert all(f.code != INTERNAL_ERROR_CODE for f in analyse(source, prefilter=False))
