"""Every fixture: the linter's findings (real flake8) equal the ``# expect:`` annotations, and
real TensorFlow fails exactly there too (the runtime oracle)."""

from __future__ import annotations

import pytest

from tests.fixture_format import all_fixtures

FIXTURES = all_fixtures()
IDS = [f.path.name for f in FIXTURES]


def _show(findings) -> list[str]:
    return [f"{line}:{code}" for line, code in sorted(findings)]


@pytest.mark.parametrize("fixture", FIXTURES, ids=IDS)
def test_linter_matches_annotations(fixture, linter_findings):
    found = linter_findings.get(str(fixture.path.resolve()), set())
    assert _show(found) == _show(fixture.expected), f"missing or unexpected findings in {fixture.path.name}"


@pytest.mark.oracle
@pytest.mark.parametrize("fixture", FIXTURES, ids=IDS)
def test_tensorflow_confirms_annotations(fixture, oracle_results, linter_findings):
    if fixture.skip_reason:
        pytest.skip(f"oracle: {fixture.skip_reason}")
    result = oracle_results[str(fixture.path.resolve())]
    assert result["error"] is None, f"fixture raised under TensorFlow:\n{result['error']}"
    runtime = {(line, code) for line, code in result["findings"]}
    linter = linter_findings.get(str(fixture.path.resolve()), set())
    report = (
        f"\n  expected: {_show(fixture.expected)} (+ oracle-only {_show(fixture.oracle_only)})"
        f"\n  linter:   {_show(linter)}\n  runtime:  {_show(runtime)}"
    )
    assert _show(runtime) == _show(fixture.runtime_expected), "TensorFlow disagrees" + report
    assert _show(linter) == _show(fixture.expected), "linter disagrees" + report


def test_enough_fixtures_run_under_tensorflow():
    skipped = [f for f in FIXTURES if f.skip_reason]
    assert len(FIXTURES) >= 30
    assert len(skipped) <= len(FIXTURES) // 10, [f.path.name for f in skipped]
