"""Findings, events and summaries of every file under some folders, as text: to check that a
change of structure changes none of them (``diff`` two snapshots, file by file).

Usage: python bench/snapshot.py OUT.txt [FOLDER ...]   (default: the fixtures and the bench corpus)

Each file is analysed in sorted order, in one process, with the project view on.  Events are
those of every program the engine builds for the file (alone, then with the project's summaries
when it follows them); the summaries are those the cache holds at the end.  Object ids, which
differ from run to run, are renumbered in order of appearance per file.
"""

from __future__ import annotations

import dataclasses
import enum
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from astroid import nodes  # noqa: E402

from flake8_tfsaver import engine  # noqa: E402
from flake8_tfsaver.config import DEFAULT_CONFIG  # noqa: E402

try:  # the layout after issue 18
    from flake8_tfsaver.crossmodule.cache import CACHE  # noqa: E402
    from flake8_tfsaver.graph.builder import ProgramBuilder  # noqa: E402
except ImportError:  # the layout before it
    from flake8_tfsaver.model.builder import ProgramBuilder  # noqa: E402
    from flake8_tfsaver.project.cache import CACHE  # noqa: E402

DEFAULT_FOLDERS = [HERE.parent / "tests" / "fixtures", HERE / ".cache" / "corpus"]
_BIG_INT = re.compile(r"-?\b\d{7,}\b")
_BRANCH_KEY = re.compile(r"\('([^']*)', (\d+), (\d+)\)")


def _renumber(text: str) -> str:
    """Ids (large integers) and summary branch keys become ordinals of first appearance."""
    seen: dict[str, int] = {}

    def number(match: re.Match) -> str:
        return f"#{seen.setdefault(match.group(0), len(seen))}"

    text = _BRANCH_KEY.sub(lambda m: f"(branch{number(m)})", text)
    return _BIG_INT.sub(number, text)


_NODE_IDS: dict[int, str] = {}  # id of a node of the program being rendered -> its position


def _render(value, depth: int = 0) -> str:
    if depth > 6:
        return "..."
    if isinstance(value, int) and not isinstance(value, bool) and value in _NODE_IDS:
        return _NODE_IDS[value]
    if isinstance(value, nodes.NodeNG):
        return f"{type(value).__name__}@{getattr(value, 'lineno', None)}:{getattr(value, 'col_offset', None)}"
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        kind = type(value).__name__
        if hasattr(value, "seq") and hasattr(value, "frame") and depth > 0:  # an event met as a field
            return f"<{kind} {_render(value.node, depth + 1)}>"
        if kind == "Frame" and depth > 0:
            return f"<Frame {_render(value.node, depth + 1)}>"
        parts = []
        for item in dataclasses.fields(value):
            if item.name in ("frame", "_by_kind", "objects", "source", "value_references"):
                continue
            parts.append(f"{item.name}={_render(getattr(value, item.name), depth + 1)}")
        return f"{kind}({', '.join(parts)})"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_render(v, depth + 1) for v in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(_render(v, depth + 1) for v in value)) + "}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_render(k, depth + 1)}: {_render(v, depth + 1)}" for k, v in value.items()) + "}"
    return repr(value)


def _program_text(program) -> list[str]:
    _NODE_IDS.clear()
    for node in program.module.nodes_of_class(nodes.NodeNG):
        _NODE_IDS[id(node)] = "id:" + _render(node)
    lines = []
    for frame in program.frames:
        lines.append(f"  frame {_render(frame.node, 1)} entry={_render(frame.entry_graph, 1)} resets={frame.resets_graph}")
        for event in frame.events:
            lines.append("    " + _render(event))
    return lines


def snapshot(folders: list[Path]) -> str:
    built: list = []
    real_build = ProgramBuilder.build

    def recording_build(self, *args, **kwargs):
        program = real_build(self, *args, **kwargs)
        built.append(program)
        return program

    ProgramBuilder.build = recording_build
    out: list[str] = []
    try:
        files = sorted(p for folder in folders for p in folder.rglob("*.py"))
        for path in files:
            try:
                source = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            built.clear()
            findings = engine.analyse(source, None, DEFAULT_CONFIG, filename=str(path))
            lines = [f"== {path}"]
            lines += [f"  finding {d.line}:{d.col} {d.text()}" for d in findings]
            for index, program in enumerate(list(built)):
                lines.append(f" program {index}")
                lines += _program_text(program)
            out.append(_renumber("\n".join(lines)))
    finally:
        ProgramBuilder.build = real_build
    summaries = []
    for real, entry in sorted(CACHE._entries.items()):
        for key, effects in entry.effects.items():
            summaries.append(_renumber(f"== summary {real} {key!r}\n  {_render(effects)}"))
    return "\n".join(out + summaries) + "\n"


if __name__ == "__main__":
    target = Path(sys.argv[1])
    folders = [Path(a) for a in sys.argv[2:]] or DEFAULT_FOLDERS
    sys.setrecursionlimit(10000)
    target.write_text(snapshot(folders))
    print(f"{target}: {target.read_text().count(chr(10) + '== ')} sections")
