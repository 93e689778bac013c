"""Source text in, diagnostics out.  No flake8 import: usable from any front end."""

from __future__ import annotations

import ast
import gc
from collections.abc import Callable
from typing import Any

from astroid import nodes

from .config import DEFAULT_CONFIG, Config
from .crossmodule.summarise import summariser
from .crossmodule.view import ProjectView
from .diagnostic import INTERNAL_ERROR_CODE, Diagnostic, internal_error
from .graph.builder import ProgramBuilder
from .graph.program import Program
from .graph.project_calls import project_calls_may_matter
from .linted_file import LintedFile
from .prefilter import needs_analysis
from .rules import RULES, saver_findings
from .syntax.tree import build_module, forget_last_nodes

__all__ = ["INTERNAL_ERROR_CODE", "LintedFile", "analyse", "analyse_file", "needs_analysis"]


def analyse(
    source: str, tree: ast.Module | None = None, config: Config = DEFAULT_CONFIG, prefilter: bool = True,
    filename: str | None = None,
) -> list[Diagnostic]:
    """All findings for one file, sorted.  Never raises.  ``prefilter=False`` (tests only) runs
    the full analysis even on files that never mention TensorFlow.  ``filename`` (the file's
    path) turns the project view on: the modules of its project that it imports are followed."""
    def run() -> list[Diagnostic]:
        with LintedFile(source, tree, config, filename) as file:
            if prefilter and not file.needs_analysis():
                return []
            return _with_collector_paused(_findings, file)

    return _contained(run)


def analyse_file(file: LintedFile) -> list[Diagnostic]:
    """All findings for a file the pre-filter passed (the flake8 adapter asked it), sorted.
    Never raises; the caller's ``with`` block frees what the file's view left behind."""
    return _contained(_with_collector_paused, _findings, file)


def _contained(analysis: Callable[..., list[Diagnostic]], *args: Any) -> list[Diagnostic]:
    try:
        return analysis(*args)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        # Not parseable, or too deeply nested to analyse: no TFS findings for this file.
        return []
    except Exception as exc:  # noqa: BLE001 - one clear finding beats a crashed flake8 run
        return [
            internal_error(
                "flake8-tfsaver could not analyse this file", exc,
                "please report it; no other TFS findings were produced for it",
            )
        ]


def _findings(file: LintedFile) -> list[Diagnostic]:
    source, tree, config, project = file.source, file.tree, file.config, file.project
    if project is not None:
        tree = tree or project.own_tree
    if project is not None and (config.saver_factories or project.calls_saver_modules()):
        # Its text already says that it calls a project module that may build a Saver, so the
        # summaries may matter (``_follow_project_calls``): made first, and the file built once.
        _follow(project, config)
        module = build_module(tree, source)
        program = _program(module, source, config, project)
    else:
        module = build_module(tree, source)
        program = _program(module, source, config, project)  # with a project: the file alone first
        if project is not None and _follow_project_calls(program, project, config):
            _follow(project, config)  # this file's tree stays: nothing collects it while the collector is paused
            program = _program(module, source, config, project)
    findings: set[Diagnostic] = set()
    for rule in RULES:
        findings.update(rule.check(program))
    return sorted(findings)


def _program(module: nodes.Module, source: str, config: Config, project: ProjectView | None) -> Program:
    return ProgramBuilder(module, config.variable_creators, config.saver_factories, source, project=project).build()


def _follow(project: ProjectView, config: Config) -> None:
    """Follow the file's calls into its project: the summaries they need are made now, each
    module's tree dropped before the next."""
    project.follow_calls(summariser(config, saver_findings))
    project.prepare(collect_garbage=True)


def _follow_project_calls(program: Program, project: ProjectView, config: Config) -> bool:
    """Summaries are made only when they can change a finding (``project_calls_may_matter``).
    Configured saver factories may be called from any project module: always follow then."""
    if not project.asked:
        return False  # it calls nothing of its project: nothing to follow
    saver_modules = bool(config.saver_factories) or any(project.may_build_saver(path) for path in project.asked)
    return project_calls_may_matter(program, saver_modules)


def _with_collector_paused(analysis: Callable[..., list[Diagnostic]], *args: Any) -> list[Diagnostic]:
    """Run one file's analysis with garbage collection paused.  An astroid tree is one big cycle
    (children <-> parent): collected while in use, it is traversed again and again and promoted to
    the oldest generation, where only full collections free it, and each of those also walks the
    whole flake8 run's heap.  Paused, the tree is already garbage (``analysis``'s frame is gone)
    when the collector next runs, and one young-generation pass frees it.  One file's tree is
    bounded, so memory stays bounded."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return analysis(*args)
    finally:
        forget_last_nodes()
        if was_enabled:
            gc.enable()
