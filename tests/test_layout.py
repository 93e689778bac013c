"""The package's architecture, checked: which folder may import which (each folder's
``__init__.py`` says the same in words), no rule importing another, the pre-filter's path free of
astroid, every private astroid use in one module that tells when astroid changed it, and the
developers' page (docs/layout.md) naming every folder."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import flake8_tfsaver
from flake8_tfsaver.syntax.astroid_private import missing_private_api

PACKAGE = Path(flake8_tfsaver.__file__).parent
SHARED = {"config", "diagnostic", "__init__"}  # plain data every layer may use
# layer -> the layers it may import (besides itself and SHARED)
ALLOWED = {
    "catalog": set(),
    "syntax": {"catalog"},
    "graph": {"syntax", "catalog"},
    "objects": {"syntax", "catalog"},
    "crossmodule": {"graph", "syntax", "catalog"},
    "rules": {"graph", "objects", "syntax", "catalog"},
    "prefilter": {"catalog"},
    "linted_file": {"prefilter", "crossmodule"},
    "plugin": {"linted_file", "engine"},
    "engine": {"catalog", "syntax", "graph", "objects", "crossmodule", "rules", "prefilter", "linted_file"},
    "cli": {"plugin"},
}
# The modules the pre-filter reaches (plugin -> linted_file -> prefilter, crossmodule.view): no astroid there.
ASTROID_FREE = {"catalog", "prefilter", "linted_file", "plugin", "config", "diagnostic", "crossmodule.view", "crossmodule.cache",
                "crossmodule.info", "crossmodule.roots", "graph.summary", "syntax.answers"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        found[".".join(p for p in parts if p != "__init__") or "__init__"] = path
    return found


def _imports(name: str, path: Path) -> set[str]:
    """Dotted names (inside the package, without its prefix; or external roots) that a module
    imports, at any depth of the file."""
    package = name.split(".")[:-1] if path.name != "__init__.py" else name.split(".")
    if name == "__init__":
        package = []
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                if node.module is None:  # ``from . import x``: module x, or a name of the package
                    for alias in node.names:
                        candidate = f"{target}.{alias.name}".strip(".")
                        found.add(candidate if candidate in _modules() else target or "__init__")
                    continue
                found.add(target or "__init__")
            elif node.module and node.module.startswith("flake8_tfsaver"):
                found.add(node.module.removeprefix("flake8_tfsaver").strip(".") or "__init__")
            elif node.module:
                found.add("external:" + node.module)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("flake8_tfsaver"):
                    found.add(alias.name.removeprefix("flake8_tfsaver").strip(".") or "__init__")
                else:
                    found.add("external:" + alias.name)
    return found


def _layer(name: str) -> str:
    return name.split(".")[0]


MODULES = _modules()


@pytest.mark.parametrize("name", sorted(MODULES))
def test_import_directions(name):
    layer = _layer(name)
    if layer in SHARED:
        allowed = set()
    else:
        allowed = ALLOWED[layer]
    for target in _imports(name, MODULES[name]):
        if target.startswith("external:"):
            continue
        target_layer = _layer(target)
        assert target_layer == layer or target_layer in SHARED or target_layer in allowed, (
            f"{name} imports {target}: {layer} may import only {sorted(allowed)}"
        )


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("rules.tfs")))
def test_no_rule_imports_another(name):
    others = {t for t in _imports(name, MODULES[name]) if t.startswith("rules.") and t != "rules._common"}
    assert not others, f"{name} imports {others}: a shared predicate belongs in the model"


def test_the_prefilter_path_is_astroid_free():
    for name, path in MODULES.items():
        if name in ASTROID_FREE or _layer(name) in ASTROID_FREE:
            imported = _imports(name, path)
            assert not {t for t in imported if t.startswith("external:astroid")}, name
            inside = {t for t in imported if not t.startswith("external:")}
            heavy = {t for t in inside if t not in ASTROID_FREE and _layer(t) not in ASTROID_FREE | SHARED}
            assert not heavy or name in ("plugin",) and heavy == {"engine"}, f"{name} reaches {heavy}"


_PRIVATE = re.compile(r"\b(_filter_stmts|_import_from_nodes|_visit_meths|_scope_lookup|_get_doc)\b|__class__ = |astroid\.rebuilder|astroid\.filter_statements")


@pytest.mark.parametrize("name", sorted(MODULES))
def test_private_astroid_parts_only_in_one_module(name):
    if name == "syntax.astroid_private":
        return
    assert not _PRIVATE.search(MODULES[name].read_text()), f"{name} uses a private part of astroid"


def test_this_astroid_has_every_private_part_we_use():
    assert missing_private_api() == []


def test_every_folder_says_what_it_may_import():
    for init in PACKAGE.glob("*/__init__.py"):
        assert "May import:" in init.read_text(), init


def test_the_layout_page_names_every_folder_and_front_module():
    """docs/layout.md (linked from the README's Development section) is the map of the package."""
    page = (PACKAGE.parent / "docs" / "layout.md").read_text()
    block = page.split("```\n", 2)[1]
    assert block.startswith("flake8_tfsaver/\n")
    for init in sorted(PACKAGE.glob("*/__init__.py")):
        assert f"\n  {init.parent.name}/ " in block, init.parent.name
    for module in sorted(PACKAGE.glob("*.py")):
        if module.stem not in SHARED:
            assert re.search(rf"^  (\S+, )*{re.escape(module.name)}\b", block, re.M), module.name


def test_the_models_ask_the_project_only_what_the_interface_declares():
    """``syntax``, ``graph``, ``objects`` and ``rules`` reach the project view only through the
    declared questions (``NameQuestions``, ``ProjectQuestions``), which ``ProjectView`` answers
    with the same signatures."""
    import inspect

    from flake8_tfsaver.crossmodule.view import ProjectView
    from flake8_tfsaver.graph.project_calls import ProjectQuestions

    declared = {
        name for name, value in vars(ProjectQuestions).items() if callable(value) and not name.startswith("_")
    } | {name for name, value in vars(ProjectQuestions.__mro__[1]).items() if callable(value) and not name.startswith("_")}
    assert {"rewrite", "star_name", "absolute_module", "callee", "follows_calls"} <= declared
    for name in declared:
        question = inspect.signature(getattr(ProjectQuestions, name))
        answer = inspect.signature(getattr(ProjectView, name))
        assert list(question.parameters) == list(answer.parameters), name
    asked = set()
    for folder in ("syntax", "graph", "objects", "rules"):
        for path in (PACKAGE / folder).glob("*.py"):
            asked |= set(re.findall(r"\bproject\.(\w+)", path.read_text()))
    assert asked and asked <= declared, asked - declared
