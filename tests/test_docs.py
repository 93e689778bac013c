"""Docs that cannot rot: each rule page's Example produces exactly its code, its Use-instead
block produces nothing, and the README's code table matches the registered rules."""

from __future__ import annotations

import re

import pytest

from flake8_tfsaver.engine import analyse
from flake8_tfsaver.rules import CODES
from tests.conftest import ROOT

DOCS = ROOT / "docs" / "rules"
SECTIONS = ["What it does", "Why is this bad?", "Example", "Use instead", "Known limits", "References"]


def _block(text: str, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}\n+```python\n(.*?)```", text, re.S | re.M)
    assert match, f"no python block under '## {heading}'"
    return match.group(1)


@pytest.mark.parametrize("code", sorted(CODES))
def test_rule_page_examples(code):
    text = (DOCS / f"{code}.md").read_text()
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings == SECTIONS
    example = {d.code for d in analyse(_block(text, "Example"))}
    assert example == {code}
    assert analyse(_block(text, "Use instead")) == []


def test_readme_table_lists_every_code():
    readme = (ROOT / "README.md").read_text()
    table = set(re.findall(r"^\| \[(TFS\d{3})\]\(docs/rules/TFS\d{3}\.md\) \|", readme, re.M))
    assert table == set(CODES)
    assert {p.stem for p in DOCS.glob("TFS*.md")} == set(CODES)


@pytest.mark.parametrize("code", sorted(CODES))
def test_rule_page_references_stand_alone(code):
    """Readers of a rule page have no checkout of any repository: References cite public pages
    (and say the facts themselves), never a file path."""
    references = (DOCS / f"{code}.md").read_text().split("## References\n", 1)[1]
    urls = re.findall(r"https?://\S+", references)
    assert urls and all(url.startswith("https://") for url in urls)
    assert not re.search(r"[\w.-]+/[\w/.-]*\.(md|py|txt|json|ipynb)\b", re.sub(r"https://\S+", "", references))


README_SECTIONS = [
    "What it finds", "Install", "Quick start", "Rules", "Usage", "Configuration", "noqa", "pre-commit",
    "Notebooks", "More", "Development",
]


def test_readme_is_for_a_first_read():
    """What a user needs in the first five minutes, in order; the rest is in linked docs pages."""
    readme = (ROOT / "README.md").read_text()
    assert re.findall(r"^## (.+)$", readme, re.M) == README_SECTIONS
    pre_commit = readme.split("## pre-commit\n", 1)[1].split("\n## ", 1)[0]
    assert "pip install pre-commit" in pre_commit and "pre-commit install" in pre_commit
    for page in ("docs/project-view.md", "docs/oracle.md", "docs/benchmark.md", "docs/layout.md"):
        assert f"]({page})" in readme, page
    assert len(readme.splitlines()) < 260


@pytest.mark.parametrize("page", ["README.md", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").rglob("*.md"))])
def test_relative_links_resolve(page):
    path = ROOT / page
    text = re.sub(r"```.*?```|`[^`\n]*`", "", path.read_text(), flags=re.S)  # code is not a link
    for target in re.findall(r"\]\(([^)#:\s]+)(?:#[^)]*)?\)", text):
        assert (path.parent / target).exists(), f"{page}: {target}"


def test_readme_shows_what_the_quick_start_prints():
    from tests.conftest import run_tfsaver

    readme = (ROOT / "README.md").read_text()
    shown = re.search(r"^## What it finds\n.*?```text\n(.*?)```", readme, re.S | re.M).group(1)
    result = run_tfsaver(["examples/"])
    assert result.returncode == 1 and result.stdout == shown
