"""Score flake8-tfsaver against the blind labels of the research corpus (``bench/gold.tsv``).

Runs ``flake8-tfsaver`` (the product, project view included) on every unpacked repository of
``bench/research.tsv`` and classifies each finding by the gold rows at its place:
  found      a ``bug`` row of the same code
  wrong      an ``ok`` row, or a ``bug`` row of another code
  unsure     an ``unsure`` row (neither right nor wrong)
  unlabelled no row at that place (to triage, then label)
and each ``bug`` row no finding matched as missed.  Precision = found / (found + wrong),
recall = found / (found + missed).

Usage: python bench/score.py [--save NAME] [--against NAME] [--markdown FILE] [--plugin-root DIR]
  --save NAME     keep the findings in bench/.cache/research-NAME.tsv
  --against NAME  also list the findings that differ from a saved run
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from research import CACHE, folder, gold, repositories, unpack  # noqa: E402

FORMAT = "%(path)s\t%(row)d\t%(col)d\t%(code)s\t%(text)s"


@dataclass(frozen=True)
class Finding:
    repo: str
    file: str
    line: int
    code: str
    text: str


def run_plugin(repo: str, plugin_root: str | None = None) -> list[Finding]:
    """The plugin's findings on one repository: the installed ``flake8-tfsaver``, or the one in
    ``plugin_root`` (another checkout, to score an earlier version)."""
    root = folder(repo)
    if plugin_root:
        command = [sys.executable, "-c", f"import sys; sys.path.insert(0, {plugin_root!r}); "
                   "from flake8_tfsaver.cli import main; sys.exit(main())"]
    else:
        command = [shutil.which("flake8-tfsaver") or "flake8-tfsaver"]
    result = subprocess.run(
        [*command, "--isolated", "--format", FORMAT, "--jobs", "1", "."], cwd=root,
        capture_output=True, text=True, check=False,
    )
    if result.returncode not in (0, 1):
        raise SystemExit(f"flake8-tfsaver failed on {repo}: {result.stderr[-2000:]}")
    found = []
    for line in result.stdout.splitlines():
        path, row, _col, code, text = line.split("\t", 4)
        if code == "E999":
            continue
        found.append(Finding(repo, os.path.normpath(path), int(row), code, text))
    return found


def places(row: dict[str, str]) -> set[tuple[str, int]]:
    """Where a gold row's finding may sit: ``15|train.py:88`` -> {(file, 15), ("train.py", 88)}."""
    found = set()
    for part in row["line"].split("|"):
        part = part.strip()
        if not part:
            continue
        if ":" in part:
            path, line = part.rsplit(":", 1)
            found.add((os.path.normpath(path), int(line)))
        else:
            found.add((os.path.normpath(row["file"]), int(part)))
    return found


def classify(findings: list[Finding], labels: list[dict[str, str]]):
    by_place: dict[tuple[str, str, int], list[dict[str, str]]] = {}
    for row in labels:
        for file, line in places(row):
            by_place.setdefault((row["repo"], file, line), []).append(row)
    verdicts = []
    matched: set[int] = set()
    for finding in findings:
        rows = by_place.get((finding.repo, finding.file, finding.line), [])
        same = [r for r in rows if r["verdict"] == "bug" and r["code"] == finding.code]
        if finding.code == "TFS000":
            verdict = "error"
        elif same:
            verdict = "found"
            matched.update(id(r) for r in same)
        elif any(r["verdict"] in ("ok", "bug") for r in rows):
            verdict = "wrong"
        elif rows:
            verdict = "unsure"
        else:
            verdict = "unlabelled"
        verdicts.append((finding, verdict))
    missed = [r for r in labels if r["verdict"] == "bug" and id(r) not in matched]
    return verdicts, missed


def _saved(name: str) -> Path:
    return HERE / ".cache" / f"research-{name}.tsv"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--save")
    parser.add_argument("--against")
    parser.add_argument("--markdown")
    parser.add_argument("--plugin-root", help="score the plugin of another checkout")
    args = parser.parse_args()
    lost = unpack()
    repos = [r["repo"] for r in repositories() if r["repo"] not in lost]
    labels = [row for row in gold() if row["repo"] in repos]
    findings = [f for repo in repos for f in run_plugin(repo, args.plugin_root)]
    verdicts, missed = classify(findings, labels)
    counts = Counter(v for _, v in verdicts)
    bugs = sum(1 for r in labels if r["verdict"] == "bug")
    precision = counts["found"] / max(1, counts["found"] + counts["wrong"])
    recall = counts["found"] / max(1, bugs)
    lines = [
        f"research corpus: {len(repos)} repositories, {len(labels)} labels ({bugs} bugs)"
        + (f"; not unpacked here: {', '.join(lost)}" if lost else ""),
        f"findings {len(findings)}: found {counts['found']}, wrong {counts['wrong']}, unsure {counts['unsure']}, "
        f"unlabelled {counts['unlabelled']}, internal errors {counts['error']}; missed {len(missed)}",
        f"precision {precision:.0%} of judged findings, recall {recall:.0%} of labelled bugs",
        "",
    ]
    for finding, verdict in sorted(verdicts, key=lambda fv: (fv[1], fv[0].repo, fv[0].file, fv[0].line)):
        lines.append(f"{verdict:10} {finding.repo} {finding.file}:{finding.line} {finding.code} {finding.text[:160]}")
    for row in missed:
        lines.append(f"{'missed':10} {row['repo']} {row['file']}:{row['line']} {row['code']} {row['why'][:160]}")
    if args.against:
        before = {tuple(line.split("\t")[:4]) for line in _saved(args.against).read_text().splitlines()}
        now = {(f.repo, f.file, str(f.line), f.code) for f in findings}
        lines.append("")
        lines += [f"new        {' '.join(k)}" for k in sorted(now - before)]
        lines += [f"gone       {' '.join(k)}" for k in sorted(before - now)]
    if args.save:
        _saved(args.save).parent.mkdir(parents=True, exist_ok=True)
        _saved(args.save).write_text("".join(f"{f.repo}\t{f.file}\t{f.line}\t{f.code}\t{f.text}\n" for f in findings))
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        Path(args.markdown).write_text("```\n" + text + "\n```\n")
    print(f"(sources in {CACHE})", file=sys.stderr)


if __name__ == "__main__":
    main()
