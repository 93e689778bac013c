"""Source text in, diagnostics out.  No flake8 import: usable from any front end."""

from __future__ import annotations

import ast

from . import tf_api
from .config import DEFAULT_CONFIG, Config
from .diagnostic import Diagnostic
from .model import ProgramBuilder, build_module
from .rules import RULES

INTERNAL_ERROR_CODE = "TFS000"


def needs_analysis(source: str, config: Config = DEFAULT_CONFIG) -> bool:
    """The pre-filter: text checks only, so files without TF cost next to nothing."""
    extra = tuple(name.rsplit(".", 1)[-1].rstrip("*") for name in config.saver_factories)
    return tf_api.mentions_tensorflow(source, tuple(word for word in extra if word))


def analyse(
    source: str, tree: ast.Module | None = None, config: Config = DEFAULT_CONFIG, prefilter: bool = True
) -> list[Diagnostic]:
    """All findings for one file, sorted.  Never raises.  ``prefilter=False`` (tests only) runs
    the full analysis even on files that never mention TensorFlow."""
    try:
        if prefilter and not needs_analysis(source, config):
            return []
        module = build_module(tree, source)
        program = ProgramBuilder(module, config.variable_creators, config.saver_factories).build()
        findings: set[Diagnostic] = set()
        for rule in RULES:
            findings.update(rule.check(program))
        return sorted(findings)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        # Not parseable, or too deeply nested to analyse: no TFS findings for this file.
        return []
    except Exception as exc:  # noqa: BLE001 - one clear finding beats a crashed flake8 run
        return [
            Diagnostic(
                1, 0, INTERNAL_ERROR_CODE,
                f"flake8-tfsaver could not analyse this file ({type(exc).__name__}: {exc}"[:200]
                + ") - please report it; no other TFS findings were produced for it",
            )
        ]
