"""The ``flake8-tfsaver`` command: flake8's own application with only this plugin's checks.

Its output and exit status must be those of ``flake8 --select TFS,E999`` (on every fixture, with
flake8's output options, configuration files, ``# noqa``, stdin, ``--jobs``), while the other
checkers flake8 finds never run, whichever way ``--jobs`` starts its workers."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import textwrap
from collections import defaultdict
from pathlib import Path

import flake8
import pytest
from flake8 import checker
from flake8.options import manager
from flake8.main.application import Application

from flake8_tfsaver import cli
from tests.conftest import ROOT, run_flake8, run_tfsaver
from tests.fixture_format import all_fixtures

FIXTURES = all_fixtures()
BUGGY = textwrap.dedent(
    """\
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    w = tf.Variable(1.0, name="w")
    saver = tf.train.Saver(){noqa}
    b = tf.Variable(2.0, name="b")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, "./model.ckpt")
    """
)
CROSS_GRAPH = textwrap.dedent(
    """\
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    g1, g2 = tf.Graph(), tf.Graph()
    with g1.as_default():
        v = tf.Variable(1.0, name="v")
        saver = tf.train.Saver()
    with g2.as_default():
        u = tf.Variable(1.0, name="u")
    with tf.Session(graph=g2) as sess:
        saver.save(sess, "./model.ckpt")
    """
)
BROKEN = "import tensorflow as tf\nsaver = tf.train.Saver(\n"
CLEAN = "import os\nimport sys\n\nprint(os.sep)\n"  # clean for TFS, not for pyflakes (F401)


def flake8_tfs_e999(paths, *options: str, cwd: Path | None = None, stdin: str | None = None):
    """What the command must equal: ``flake8 --select TFS,E999``."""
    return subprocess.run(
        [sys.executable, "-m", "flake8", "--select", "TFS,E999", *options, *map(str, paths)],
        capture_output=True, text=True, cwd=cwd or ROOT, input=stdin,
    )


def _assert_same(tfsaver: subprocess.CompletedProcess, flake8_run: subprocess.CompletedProcess) -> None:
    assert tfsaver.stdout == flake8_run.stdout
    assert tfsaver.returncode == flake8_run.returncode, tfsaver.stderr
    assert tfsaver.stderr == flake8_run.stderr


@pytest.fixture
def project(tmp_path: Path) -> list[Path]:
    files = {
        "buggy.py": BUGGY.format(noqa=""),
        "silenced.py": BUGGY.format(noqa="  # noqa: TFS001"),
        "cross_graph.py": CROSS_GRAPH,
        "broken.py": BROKEN,
        "clean.py": CLEAN,
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return [tmp_path / name for name in files]


@pytest.fixture(scope="module")
def both_on_fixtures() -> list[tuple[list[Path], subprocess.CompletedProcess, subprocess.CompletedProcess]]:
    """Both commands over every fixture, one run each per distinct ``# options:`` header."""
    groups: dict[tuple[str, ...], list[Path]] = defaultdict(list)
    for fixture in FIXTURES:
        groups[fixture.options].append(fixture.path)
    return [
        (paths, flake8_tfs_e999(paths, "--jobs", "2", *options), run_tfsaver(paths, "--jobs", "2", *options))
        for options, paths in groups.items()
    ]


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.path.name for f in FIXTURES])
def test_same_findings_as_flake8_on_fixture(fixture, both_on_fixtures):
    [(flake8_run, tfsaver)] = [(f, t) for paths, f, t in both_on_fixtures if fixture.path in paths]
    mine = [line for line in tfsaver.stdout.splitlines() if line.startswith(f"{fixture.path}:")]
    assert mine == [line for line in flake8_run.stdout.splitlines() if line.startswith(f"{fixture.path}:")]
    assert len(mine) == len(fixture.expected)


def test_same_output_and_exit_status_as_flake8_on_all_fixtures(both_on_fixtures):
    for _, flake8_run, tfsaver in both_on_fixtures:
        _assert_same(tfsaver, flake8_run)
    assert any(tfsaver.returncode == 1 for _, _, tfsaver in both_on_fixtures)


def test_syntax_error_fails(tmp_path):
    broken = tmp_path / "broken.py"
    broken.write_text(BROKEN)
    result = run_tfsaver([broken])
    assert result.stdout.startswith(f"{broken}:2:") and ": E999 SyntaxError: " in result.stdout
    assert result.returncode == 1
    _assert_same(result, flake8_tfs_e999([broken]))
    # ``flake8 --select TFS`` lets the broken file through: what the hook used to run.
    assert run_flake8([broken]).returncode == 0


@pytest.mark.parametrize("options", [
    [],
    ["--jobs", "1"],
    ["--format=pylint"],
    ["--format=%(path)s|%(row)d|%(col)d|%(code)s"],
    ["--show-source"],
    ["--count"],
    ["--statistics"],
    ["--quiet"],
    ["--exit-zero"],
    ["--disable-noqa"],
    ["--extend-ignore=TFS001"],
    ["--select=TFS002"],
    ["--extend-select=E501,F401"],  # selected, but only flake8 runs those checks
    ["--max-complexity=1", "--builtins=foo", "--max-line-length=20"],  # other checkers' options
], ids=str)
def test_same_output_as_flake8_with_options(project, options):
    tfsaver = run_tfsaver(project, *options)
    if "--extend-select=E501,F401" in options:
        assert "F401" in flake8_tfs_e999(project, *options).stdout
        assert tfsaver.stdout == flake8_tfs_e999(project).stdout  # no other checker ran
        return
    _assert_same(tfsaver, flake8_tfs_e999(project, *options))


def test_output_file(project, tmp_path):
    mine, theirs = tmp_path / "mine.txt", tmp_path / "theirs.txt"
    tfsaver = run_tfsaver(project, f"--output-file={mine}")
    flake8_run = flake8_tfs_e999(project, f"--output-file={theirs}")
    assert tfsaver.stdout == flake8_run.stdout == ""
    assert mine.read_text() == theirs.read_text()
    assert " TFS001 " in mine.read_text() and " E999 " in mine.read_text()


def test_stdin(project):
    options = ["--stdin-display-name=train.py", "-"]
    tfsaver = run_tfsaver([], *options, stdin=project[0].read_text())
    _assert_same(tfsaver, flake8_tfs_e999([], *options, stdin=project[0].read_text()))
    assert tfsaver.stdout.startswith("train.py:5:9: TFS001 ")


def test_configuration_file(project, tmp_path):
    (tmp_path / "setup.cfg").write_text(textwrap.dedent(
        """\
        [flake8]
        select = F
        per-file-ignores = clean.py:E999
        extend-ignore = TFS002
        max-complexity = 1
        tfsaver-variable-creators = mylib.make_weights
        """
    ))
    (tmp_path / "wrapped.py").write_text(
        "import tensorflow.compat.v1 as tf\nfrom mylib import make_weights\n\n"
        "tf.disable_eager_execution()\nw = tf.Variable(1.0)\nsaver = tf.train.Saver()\nmake_weights()\n"
        "with tf.Session() as sess:\n    saver.save(sess, './model.ckpt')\n"
    )
    names = [p.name for p in project] + ["wrapped.py"]
    tfsaver = run_tfsaver(names, cwd=tmp_path)
    _assert_same(tfsaver, flake8_tfs_e999(names, cwd=tmp_path))
    codes = sorted(line.split(": ")[1].split()[0] for line in tfsaver.stdout.splitlines())
    # select = F in setup.cfg does not apply, extend-ignore hides TFS002, and the option from
    # setup.cfg made wrapped.py's finding
    assert codes == ["E999", "TFS001", "TFS001"]


def test_version_says_only_the_tfs_checks_run():
    result = run_tfsaver([], "--version")
    text = " ".join(result.stdout.split())  # argparse wraps it to the terminal's width
    assert result.returncode == 0
    assert text.startswith(f"flake8-tfsaver {cli.__version__}: flake8 {flake8.__version__} running only the TFS checks")
    assert "other installed plugins, not run: " in text and "flake8-tfsaver: " not in text
    assert text != " ".join(run_flake8([], "--version").stdout.split())


@pytest.mark.parametrize("options", [
    ["--select", "E501"],
    ["--select=E501,W"],
    ["--extend-ignore=TFS,E999"],
], ids=str)
def test_selection_without_tfs_codes_is_an_error(project, options):
    result = run_tfsaver(project, *options)
    assert result.returncode == 2 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    given = " ".join(options).replace("=", " ")
    assert line.startswith(f"flake8-tfsaver: with {given}, neither a TFS code nor E999 is selected,"), line
    assert "this command runs only the TFS checks" in line and "use `flake8" in line


def test_selection_error_names_the_flake8_command():
    assert cli.nothing_selected_message("--select E501") == (
        "flake8-tfsaver: with --select E501, neither a TFS code nor E999 is selected, so nothing would be"
        " reported; this command runs only the TFS checks - use `flake8 --select E501` for other codes"
    )
    assert cli.nothing_selected_message("--extend-ignore TFS,E999") == (
        "flake8-tfsaver: with --extend-ignore TFS,E999, neither a TFS code nor E999 is selected, so nothing"
        " would be reported; this command runs only the TFS checks - use `flake8` for other codes"
    )


@pytest.mark.parametrize("options", [
    ["--select", "TFS999"],
    ["--select=TFS2,W"],  # a prefix that no rule's code has
    ["--select", "E501", "--extend-select", "TFS011"],
], ids=str)
def test_selection_of_tfs_codes_that_no_check_has_is_an_error(project, options):
    """Not a clean run with nothing checked: one line naming the codes that exist, exit status 2."""
    result = run_tfsaver(project, *options)
    assert result.returncode == 2 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    given = " ".join(options).replace("=", " ")
    assert line == f"flake8-tfsaver: no TFS check matches {given}; the codes are TFS001-TFS010, TFS101 (and E999)"


def test_the_codes_named_are_the_rules():
    from flake8_tfsaver.rules import CODES

    assert set(cli.RULE_CODES) == set(CODES)
    codes = ["TFS001", "TFS002", "TFS003", "TFS005", "TFS101", "TFS102"]
    assert cli._ranges(codes) == "TFS001-TFS003, TFS005, TFS101-TFS102"


@pytest.mark.parametrize("options", [
    ["--select", "E501", "--extend-select", "TFS"],
    ["--select", "T"],  # a prefix of TFS
    ["--select", "TFS001"],
    ["--select", "E9"],  # syntax errors only
    ["--ignore", "TFS"],  # E999 is still reported
    ["--select", "TFS999,E999"],  # syntax errors only
    ["--select", "TFS001,TFS999"],
], ids=str)
def test_selection_with_a_tfs_code_or_e999_runs(project, options):
    result = run_tfsaver(project, *options)
    assert result.returncode in (0, 1) and result.stderr == "", result.stderr
    _assert_same(result, flake8_tfs_e999(project, *options))


def test_help_names_the_command_and_the_options_agree_with_the_readme():
    text = " ".join(run_tfsaver([], "--help").stdout.split())
    assert text.startswith("usage: flake8-tfsaver ")
    assert "flake8 with only the TFS checks" in text
    for option in ("--tfsaver-variable-creators", "--tfsaver-saver-factories"):
        help_text = text.split(option, 1)[1].split(" --", 1)[0]
        assert "outside the project" in help_text and "project's own modules are followed without it" in help_text
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert "Code *outside* your project" in readme
    assert "For the project's own modules none of this is needed" in readme


def test_token_pass_is_skipped(project):
    def tokens(result):
        [line] = [line for line in result.stdout.splitlines() if line.endswith("total tokens processed")]
        return int(line.split()[0])

    assert tokens(run_tfsaver(project, "--benchmark")) == 0
    assert tokens(flake8_tfs_e999(project, "--benchmark")) > 0


_EXPLODING_PLUGINS = textwrap.dedent(
    """\
    MESSAGE = "a checker other than flake8-tfsaver's ran"


    class Tree:
        def __init__(self, tree):
            raise RuntimeError(MESSAGE)


    def logical(logical_line):
        raise RuntimeError(MESSAGE)


    def physical(physical_line):
        raise RuntimeError(MESSAGE)
    """
)
_START_METHODS = [m for m in ("fork", "spawn", "forkserver") if m in multiprocessing.get_all_start_methods()]
_WITH_START_METHOD = (
    "import multiprocessing, sys\n"
    "multiprocessing.set_start_method(sys.argv[1])\n"
    "from flake8_tfsaver.cli import main\n"
    "sys.exit(main(sys.argv[2:]))\n"
)


@pytest.mark.parametrize("start_method", ["serial", *_START_METHODS])
def test_other_checkers_never_run(project, tmp_path, start_method):
    """Local plugins that raise on any file: flake8 runs them, this command (and each of its
    ``--jobs`` workers, however started) must not; its findings stay those of flake8 without them."""
    expected = flake8_tfs_e999([p.name for p in project], cwd=tmp_path)
    (tmp_path / "exploding.py").write_text(_EXPLODING_PLUGINS)
    (tmp_path / "setup.cfg").write_text(textwrap.dedent(
        """\
        [flake8]
        extend-select = XA, XB, XC

        [flake8:local-plugins]
        extension =
            XA = exploding:Tree
            XB = exploding:logical
            XC = exploding:physical
        paths = .
        """
    ))
    names = [p.name for p in project]
    exploded = flake8_tfs_e999(names, "--jobs", "1", cwd=tmp_path)
    assert exploded.returncode == 1 and "other than flake8-tfsaver's ran" in exploded.stdout + exploded.stderr
    if start_method == "serial":
        result = run_tfsaver(names, "--jobs", "1", cwd=tmp_path)
    else:
        result = subprocess.run([sys.executable, "-c", _WITH_START_METHOD, start_method, "--jobs", "2", *names],
                                capture_output=True, text=True, cwd=tmp_path)
    assert result.stderr == ""
    assert result.stdout == expected.stdout and " TFS001 " in result.stdout
    assert result.returncode == 1


def test_error_when_flake8_does_not_find_the_plugin(project):
    # e.g. the package imported from a source tree that was never installed (no entry point)
    probe = "import sys, flake8_tfsaver.cli as cli\ncli.TfSaverChecker = None\nsys.exit(cli.main(sys.argv[1:]))\n"
    result = subprocess.run([sys.executable, "-c", probe, *map(str, project)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "flake8 did not find the flake8-tfsaver plugin" in result.stdout


def test_flake8_internals_it_relies_on():
    """If this fails after a flake8 upgrade, adapt cli.py (its comments say what each is for)."""
    assert "make_file_checker_manager" in vars(Application)
    assert callable(getattr(checker.FileChecker, "process_tokens", None))
    if int(flake8.__version__.split(".")[0]) >= 6:
        assert cli._CAN_RESTRICT_WORKERS


def test_main_restores_flake8_checker_module(project, capsys):
    assert cli.main([str(p) for p in project]) == 1
    assert " TFS001 " in capsys.readouterr().out
    assert checker.FileChecker is cli._FLAKE8_FILE_CHECKER
    assert checker._mp_init is cli._FLAKE8_WORKER_INIT
    assert manager.OptionManager is cli._FLAKE8_OPTION_MANAGER
    assert cli.main(["--select", "E501", *map(str, project)]) == cli.USAGE_ERROR
    assert manager.OptionManager is cli._FLAKE8_OPTION_MANAGER
