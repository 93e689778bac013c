"""Inline expectations of fixture files (flake8-bugbear style, one line per finding).

- ``# expect: TFS001`` (or ``TFS001, TFS002``) on the line where a finding must be reported;
- ``# oracle-only: TFS003`` where TensorFlow fails but the linter deliberately stays silent
  (a documented false negative, kept as a live test);
- ``# oracle: skip <reason>`` in the first 5 lines for fixtures real TF cannot run;
- ``# options: --tfsaver-...`` in the first 5 lines: extra flake8 options for this fixture.

Project fixtures (``fixtures/projects/<name>/``) are folders of several modules; any of their
files carries ``# expect:`` lines, and one, the entry, says ``# oracle: entry`` (optionally
``path=src``: folders of the project the runtime oracle puts on ``sys.path``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
PROJECTS = FIXTURES / "projects"
_CODES = re.compile(r"TFS\d{3}")
_EXPECT = re.compile(r"#\s*expect:\s*([A-Z0-9 ,]+)")
_ORACLE_ONLY = re.compile(r"#\s*oracle-only:\s*([A-Z0-9 ,]+)")
_SKIP = re.compile(r"#\s*oracle:\s*skip\s+(.+)")
_OPTIONS = re.compile(r"#\s*options:\s*(.+)")


@dataclass(frozen=True)
class Fixture:
    path: Path
    expected: frozenset[tuple[int, str]]  # what the linter must report
    oracle_only: frozenset[tuple[int, str]]  # TF fails here, the linter knowingly does not
    skip_reason: str | None
    options: tuple[str, ...]

    @property
    def runtime_expected(self) -> frozenset[tuple[int, str]]:
        return self.expected | self.oracle_only


def parse(path: Path) -> Fixture:
    expected, oracle_only = set(), set()
    skip, options = None, ()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        for pattern, into in ((_EXPECT, expected), (_ORACLE_ONLY, oracle_only)):
            match = pattern.search(line)
            if match:
                into.update((number, code) for code in _CODES.findall(match.group(1)))
        if number <= 5:
            if _SKIP.search(line):
                skip = _SKIP.search(line).group(1).strip()
            if _OPTIONS.search(line):
                options = tuple(_OPTIONS.search(line).group(1).split())
    return Fixture(path, frozenset(expected), frozenset(oracle_only), skip, options)


def all_fixtures() -> list[Fixture]:
    return [parse(path) for path in sorted(FIXTURES.glob("*.py"))]


@dataclass(frozen=True)
class Project:
    path: Path
    files: tuple[Fixture, ...]

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def options(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(option for f in self.files for option in f.options))

    @property
    def skip_reason(self) -> str | None:
        return next((f.skip_reason for f in self.files if f.skip_reason), None)

    def relative(self, path: Path) -> str:
        return Path(path).resolve().relative_to(self.path.resolve()).as_posix()

    @property
    def expected(self) -> frozenset[tuple[str, int, str]]:
        return frozenset((self.relative(f.path), line, code) for f in self.files for line, code in f.expected)

    @property
    def runtime_expected(self) -> frozenset[tuple[str, int, str]]:
        return frozenset(
            (self.relative(f.path), line, code) for f in self.files for line, code in f.runtime_expected
        )


def all_projects() -> list[Project]:
    return [
        Project(folder, tuple(parse(path) for path in sorted(folder.rglob("*.py"))))
        for folder in sorted(PROJECTS.iterdir()) if folder.is_dir()
    ]
