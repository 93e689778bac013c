"""The research corpus: GitHub repositories of TF 1 training code and TF 2 custom training loops,
pinned by commit in ``bench/research.tsv`` and labelled blind in ``bench/gold.tsv``
(``bench/research/PROTOCOL.md`` says how).  Sources are never committed: they are unpacked from
local git snapshots into ``bench/.cache/research/<owner>+<name>/``.

Usage:
  python bench/research.py merge     -> bench/research.tsv, bench/gold.tsv from bench/research/*-<batch>.tsv
  python bench/research.py unpack    -> unpack every pinned repository (from $TFSAVER_MIRRORS, default
                                        /work/.mirror, one git directory per owner+name)
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPOS = HERE / "research.tsv"
GOLD = HERE / "gold.tsv"
PARTS = HERE / "research"
CACHE = HERE / ".cache" / "research"
REPO_COLUMNS = ["repo", "commit", "era", "what", "batch"]
GOLD_COLUMNS = ["repo", "commit", "file", "line", "code", "verdict", "why"]


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def write_tsv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\",
                            lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def repositories() -> list[dict[str, str]]:
    return read_tsv(REPOS)


def gold() -> list[dict[str, str]]:
    return read_tsv(GOLD)


def folder(repo: str) -> Path:
    return CACHE / repo.replace("/", "+")


def merge() -> None:
    repos, rows = [], []
    for part in sorted(PARTS.glob("repos-*.tsv")):
        batch = part.stem.removeprefix("repos-")
        for row in read_tsv(part):
            repos.append({**row, "batch": batch})
        labels = PARTS / f"gold-{batch}.tsv"
        if labels.exists():
            rows += read_tsv(labels)
    seen = set()
    unique = []
    for row in repos:
        if row["repo"] not in seen:
            seen.add(row["repo"])
            unique.append(row)
    write_tsv(REPOS, REPO_COLUMNS, unique)
    write_tsv(GOLD, GOLD_COLUMNS, rows)
    print(f"{REPOS.name}: {len(unique)} repositories; {GOLD.name}: {len(rows)} labels")


def unpack() -> list[str]:
    """Unpack each pinned commit (``.py`` files only); returns the repositories it could not."""
    mirrors = Path(os.environ.get("TFSAVER_MIRRORS", "/work/.mirror"))
    missing = []
    for row in repositories():
        target = folder(row["repo"])
        stamp = target / ".commit"
        if stamp.exists() and stamp.read_text().strip() == row["commit"]:
            continue
        snapshot = mirrors / row["repo"].replace("/", "+")
        candidates = [snapshot / "repo", snapshot / "repo" / ".git", snapshot]
        git_dir = next((c for c in candidates if (c / "HEAD").exists()), snapshot)
        if not (git_dir / "HEAD").exists():
            missing.append(row["repo"])
            continue
        listing = subprocess.run(
            ["git", "--git-dir", str(git_dir), "ls-tree", "-r", "--name-only", row["commit"]],
            capture_output=True, text=True, check=False,
        )
        if listing.returncode != 0:
            missing.append(row["repo"])
            continue
        # Only the ``.py`` files, one by one: snapshots lack large data files, so a whole-tree
        # ``git archive`` can fail where every source file is there.
        paths = [p for p in listing.stdout.splitlines() if p.endswith(".py") and ".." not in p]
        batch = subprocess.run(
            ["git", "--git-dir", str(git_dir), "cat-file", "--batch"],
            input="".join(f"{row['commit']}:{p}\n" for p in paths).encode(), capture_output=True, check=False,
        )
        data, offset = batch.stdout, 0
        for path in paths:
            header_end = data.index(b"\n", offset)
            header = data[offset:header_end].split()
            offset = header_end + 1
            if len(header) < 3 or header[1] != b"blob":
                continue
            size = int(header[2])
            out = target / path
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data[offset:offset + size])
            offset += size + 1
        stamp.write_text(row["commit"] + "\n")
    return missing


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "unpack"
    if command == "merge":
        merge()
    else:
        lost = unpack()
        print(f"{CACHE}: {len(repositories()) - len(lost)} repositories unpacked")
        if lost:
            print("not available here: " + ", ".join(lost))
