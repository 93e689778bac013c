"""``flake8-tfsaver``: flake8's own application with only this plugin's checks run.

Everything is flake8's: option parsing, configuration files, ``# noqa``, ``--format``,
``--output-file``, ``--jobs``, exit status, and ``E999`` for a file that does not parse (reported
by flake8's file checker, not by a plugin).  The differences from ``flake8``:

- the default selection is ``TFS,E999``, as if ``--select TFS,E999`` came first on the command line;
- of the checkers flake8 finds, only this plugin's run.  The others are still loaded, so their
  options stay valid on the command line and in configuration files, but they never see a file
  (``flake8 --select TFS`` runs them all and discards their results: most of its time);
- so flake8's token pass, which only feeds logical- and physical-line checkers, is skipped:
  ``--benchmark`` counts no tokens and no logical lines, and a file that parses but that
  ``tokenize`` rejects gets no ``E902`` (not selected by default anyway);
- a selection that leaves no TFS code and no ``E999`` (``--select E501``) is a mistake, not a
  clean run: one line on stderr naming ``flake8`` for other codes, exit status 2; so is one whose
  TFS codes no check has (``--select TFS999``): the line names the codes that exist;
- ``--version`` and ``--help`` say that this command runs only the TFS checks.
"""

from __future__ import annotations

import contextlib
import pkgutil
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import flake8
from flake8 import checker, style_guide
from flake8.exceptions import ExecutionError
from flake8.main.application import Application
from flake8.options import manager
from flake8.plugins import finder

from . import __version__
from .diagnostic import INTERNAL_ERROR_CODE
from .plugin import TfSaverChecker

DEFAULT_SELECT = "TFS,E999"
_RULE_MODULE = re.compile(r"tfs(\d{3})_\w+")  # as in rules/__init__.py: ``tfs001_<what>.py``


def rule_codes() -> tuple[str, ...]:
    """The rules' codes, from their modules' names (importing the rules would load astroid)."""
    folder = Path(__file__).with_name("rules")
    found = (_RULE_MODULE.fullmatch(info.name) for info in pkgutil.iter_modules([str(folder)]))
    return tuple(sorted(f"TFS{match.group(1)}" for match in found if match))


# What this command can report: the rules' codes, TFS000 (an internal error) and E999.  A selection
# that decides none of them is selected is a mistake.
RULE_CODES = rule_codes()
OURS = (*RULE_CODES, INTERNAL_ERROR_CODE, "E999")
ANY_TFS = tuple(f"TFS{number:03d}" for number in range(1000))  # codes a selection may name
USAGE_ERROR = 2  # exit status of a selection that leaves nothing of OURS

# Private names of flake8.checker this module relies on, checked here and by tests/test_cli.py:
# flake8 >= 6 re-parses the command line in each ``--jobs`` worker that is not forked (start
# methods "spawn" and "forkserver": macOS, Windows, Python >= 3.14 on Linux) through
# ``_mp_init(argv)`` -> ``parse_args``; the workers would load every checker again.
_FLAKE8_WORKER_INIT = getattr(checker, "_mp_init", None)
_FLAKE8_PARSE_ARGS = getattr(checker, "parse_args", None)
_CAN_RESTRICT_WORKERS = callable(_FLAKE8_WORKER_INIT) and callable(_FLAKE8_PARSE_ARGS)
_FLAKE8_FILE_CHECKER = checker.FileChecker


def only_tfsaver(plugins: finder.Plugins) -> finder.Plugins:
    """``plugins`` with every checker removed except this plugin's (reporters are kept)."""
    def ours(loaded: list[finder.LoadedPlugin]) -> list[finder.LoadedPlugin]:
        return [plugin for plugin in loaded if plugin.obj is TfSaverChecker]

    kept = finder.Checkers(
        tree=ours(plugins.checkers.tree),
        logical_line=ours(plugins.checkers.logical_line),
        physical_line=ours(plugins.checkers.physical_line),
    )
    if not kept.tree:
        raise ExecutionError(
            "flake8 did not find the flake8-tfsaver plugin (its `flake8.extension` entry point `TFS`); "
            "reinstall the package: pip install flake8-tfsaver"
        )
    return plugins._replace(checkers=kept)


class NothingSelected(Exception):
    """The options select none of the codes this command reports; the argument says so, in one line."""


class TfSaverApplication(Application):
    """flake8's ``Application``; its file checkers get only this plugin's checks."""

    def make_file_checker_manager(self, *args: Any) -> None:  # flake8 >= 6 passes argv, 5 nothing
        assert self.plugins is not None and self.guide is not None

        def selected(codes: Sequence[str]) -> bool:
            return any(self.guide.decider.decision_for(code) is style_guide.Decision.Selected for code in codes)

        if not selected(OURS):
            selection = _selection(self.options)
            if selected(ANY_TFS):  # a TFS code that no check has (``--select TFS999``)
                raise NothingSelected(no_check_message(selection))
            raise NothingSelected(nothing_selected_message(selection))
        self.plugins = only_tfsaver(self.plugins)
        super().make_file_checker_manager(*args)


def _selection(options: Any) -> str:
    """The options that chose the codes, as the user wrote them: ``--select E501``."""
    parts = []
    for option in ("select", "extend_select", "ignore", "extend_ignore"):
        given = getattr(options, option, None)
        if given and not (option == "select" and ",".join(given) == DEFAULT_SELECT):
            parts.append(f"--{option.replace('_', '-')} {','.join(given)}")
    return " ".join(parts)


def nothing_selected_message(selection: str) -> str:
    """One line: what is wrong, and which command reports the other codes."""
    given = f"with {selection}, neither" if selection else "neither"
    other = f"flake8 {selection}" if selection.startswith("--select") else "flake8"
    return (
        f"flake8-tfsaver: {given} a TFS code nor E999 is selected, so nothing would be reported;"
        f" this command runs only the TFS checks - use `{other}` for other codes"
    )


def no_check_message(selection: str) -> str:
    """One line: the selection names TFS codes that no check has, and the codes that exist."""
    return f"flake8-tfsaver: no TFS check matches {selection}; the codes are {_ranges(RULE_CODES)} (and E999)"


def _ranges(codes: Sequence[str]) -> str:
    """``TFS001-TFS010, TFS101``: runs of consecutive codes as ranges."""
    runs: list[list[int]] = []
    for number in sorted(int(code[3:]) for code in codes):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(
        f"TFS{run[0]:03d}" if len(run) == 1 else f"TFS{run[0]:03d}-TFS{run[-1]:03d}" for run in runs
    )


class TfSaverOptionManager(manager.OptionManager):
    """flake8's option manager, whose ``--version`` and ``--help`` say what this command runs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parser.prog = "flake8-tfsaver"
        self.parser.description = "flake8 with only the TFS checks of flake8-tfsaver (and E999, syntax errors)."
        for action in self.parser._actions:  # argparse keeps no public handle on it
            if "--version" in action.option_strings:
                action.version = version_text(kwargs.get("plugin_versions", ""))


def version_text(plugin_versions: str) -> str:
    """``flake8-tfsaver 0.1.0: flake8 7.1.1 running only the TFS checks (other installed
    plugins, not run: mccabe: 0.7.0, ...) CPython 3.11.7 on Linux``."""
    from flake8 import utils

    others = [p for p in plugin_versions.split(", ") if p and not p.startswith("flake8-tfsaver:")]
    not_run = f" (other installed plugins, not run: {', '.join(others)})" if others else ""
    return (
        f"flake8-tfsaver {__version__}: flake8 {flake8.__version__} running only the TFS checks{not_run}"
        f" {utils.get_python_version()}"
    )


class TfSaverFileChecker(_FLAKE8_FILE_CHECKER):
    """flake8's ``FileChecker`` without its token pass when no checker needs it.

    After the AST checks (where ``E999`` comes from), flake8 tokenizes the file and rebuilds every
    logical line for the logical- and physical-line checkers (pycodestyle's); with only this
    plugin's AST check that pass yields nothing and costs more than the plugin itself.
    """

    def process_tokens(self) -> None:
        if self.plugins.logical_line or self.plugins.physical_line:
            super().process_tokens()


def _parse_args_tfsaver_only(argv: Sequence[str]) -> tuple[finder.Plugins, Any]:
    plugins, options = _FLAKE8_PARSE_ARGS(argv)
    return only_tfsaver(plugins), options


def _init_worker(*args: Any) -> None:
    """Pool initializer of the ``--jobs`` workers.  A forked worker inherits the restricted
    checkers and parses nothing; any other one re-parses the command line."""
    checker.parse_args = _parse_args_tfsaver_only
    checker.FileChecker = TfSaverFileChecker
    _FLAKE8_WORKER_INIT(*args)


_FLAKE8_OPTION_MANAGER = manager.OptionManager


@contextlib.contextmanager
def _patched_checker_module() -> Iterator[None]:
    checker.FileChecker = TfSaverFileChecker
    manager.OptionManager = TfSaverOptionManager
    if _CAN_RESTRICT_WORKERS:  # else flake8 5, whose workers are always forked
        checker._mp_init = _init_worker
    try:
        yield
    finally:
        checker.FileChecker = _FLAKE8_FILE_CHECKER
        manager.OptionManager = _FLAKE8_OPTION_MANAGER
        if _CAN_RESTRICT_WORKERS:
            checker._mp_init = _FLAKE8_WORKER_INIT


def main(argv: Sequence[str] | None = None) -> int:
    """Run flake8 on ``argv`` (default: ``sys.argv[1:]``) with only the TFS checks; return the
    exit status flake8 would (2 for a selection that leaves none of the TFS codes and E999)."""
    arguments = ["--select", DEFAULT_SELECT, *(sys.argv[1:] if argv is None else argv)]
    app = TfSaverApplication()
    try:
        with _patched_checker_module():
            app.run(arguments)
    except NothingSelected as nothing:
        print(nothing, file=sys.stderr)
        return USAGE_ERROR
    return app.exit_code()


if __name__ == "__main__":
    sys.exit(main())
