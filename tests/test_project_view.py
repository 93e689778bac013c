"""The project view's cache, and hostile projects: cycles, a module importing itself, star-import
chains, missing / unreadable / unparseable modules, a 10,000-module tree, symlink loops.
Nothing crashes or hangs, nothing is guessed, and the answer never depends on what else ran."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from flake8_tfsaver.config import Config
from flake8_tfsaver.crossmodule import roots
from flake8_tfsaver.crossmodule.cache import CACHE
from flake8_tfsaver.crossmodule.info import text_imports
from flake8_tfsaver.crossmodule.summarise import summariser
from flake8_tfsaver.crossmodule.view import ProjectView
from flake8_tfsaver.engine import INTERNAL_ERROR_CODE, analyse
from flake8_tfsaver.rules import saver_findings
from tests.conftest import ROOT, parse_flake8, run_flake8

TF = "import tensorflow.compat.v1 as tf\ntf.disable_eager_execution()\n"


def _write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return folder


def _lint(path: Path, config: Config = Config()) -> list[tuple[int, str]]:
    findings = analyse(path.read_text(), None, config, filename=str(path))
    assert all(f.code != INTERNAL_ERROR_CODE for f in findings), findings
    return [(f.line, f.code) for f in findings]


def _alone_and_whole(folder: Path) -> tuple[dict, dict]:
    """flake8 on the whole folder, and on each file alone (fresh processes)."""
    whole = run_flake8([folder], "--jobs", "2")
    assert whole.returncode in (0, 1) and "Traceback" not in whole.stderr, whole.stderr
    alone: dict = {}
    for path in sorted(folder.rglob("*.py")):
        result = run_flake8([path])
        assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
        alone.update(parse_flake8(result.stdout))
    return dict(parse_flake8(whole.stdout)), alone


# ---- the cache ------------------------------------------------------------------------------
PARSE_PROBE = textwrap.dedent(
    """
    import json, os, sys
    from flake8.main.cli import main
    from flake8_tfsaver.crossmodule.cache import CACHE
    try:
        main(["--jobs", "1", "--select", "TFS", "--output-file", os.devnull, sys.argv[1]])
    except SystemExit:
        pass
    common = os.path.realpath(sys.argv[2])
    entry = CACHE._entries.get(common)
    print(json.dumps({"parses": CACHE.parses[common], "summaries": len(entry.effects) if entry else 0}))
    """
)


def test_module_imported_by_twenty_linted_files_is_parsed_once(tmp_path):
    files = {"common.py": TF + "def make_saver():\n    return tf.train.Saver()\n"}
    for index in range(20):
        files[f"m{index}.py"] = (
            "from common import make_saver, tf\n"
            "w = tf.Variable(1.0)\nsaver = make_saver()\nlate = tf.Variable(2.0)\nsaver.save(sess, 'm.ckpt')\n"
        )
    _write(tmp_path, files)
    result = subprocess.run([sys.executable, "-c", PARSE_PROBE, str(tmp_path), str(tmp_path / "common.py")],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"parses": 1, "summaries": 1}
    found = run_flake8([tmp_path], "--jobs", "1")
    assert sorted(Path(p).name for p in parse_flake8(found.stdout)) == sorted(f"m{i}.py" for i in range(20))


def test_a_changed_module_is_read_again(tmp_path):
    _write(tmp_path, {"backend.py": "import numpy as tf\n", "model.py": "from backend import tf\n"
                      "w = tf.Variable(1.0)\nsaver = tf.train.Saver()\nb = tf.Variable(2.0)\nsaver.save(sess, 'm.ckpt')\n"})
    assert _lint(tmp_path / "model.py") == []
    time.sleep(0.01)
    (tmp_path / "backend.py").write_text(TF + "# now TensorFlow\n")
    assert _lint(tmp_path / "model.py") == [(3, "TFS001")]



# ---- summaries are made only when they can matter, and only of what is called -----------------
LAYERS = TF + "def dense(x, units):\n    w = tf.Variable(tf.zeros([3, units]))\n    return tf.matmul(x, w)\n"
TRAINER = TF + textwrap.dedent(
    """
    class Trainer:
        def __init__(self):
            self.saver = tf.train.Saver()

        def train_and_save(self, path):
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                self.saver.save(sess, path)
    """
)


def test_summaries_are_made_only_when_they_can_change_a_finding(tmp_path):
    CACHE.clear()
    _write(tmp_path, {
        "layers.py": LAYERS, "trainer.py": TRAINER,
        # mentions a saver (so it passes the pre-filter), but has nothing a summary could change
        "plain.py": "import layers\n" + TF + "# the saver lives in train.py\nh = layers.dense(tf.ones([2, 3]), 4)\n",
        # builds a Saver and saves: what `layers.dense` creates matters
        "own_saver.py": "import layers\n" + TF + "x = tf.ones([2, 3])\nsaver = tf.train.Saver()\n"
                        "h = layers.dense(x, 4)\nsaver.save(sess, 'm.ckpt')\n",
        # nothing of its own, but a module it calls builds a Saver
        "driver.py": "import layers, trainer\n" + TF + "# trainer keeps the saver\n"
                     "run = trainer.Trainer()\nh = layers.dense(tf.ones([2, 3]), 4)\nrun.train_and_save('m')\n",
    })
    before = CACHE.summaries_made  # (a count over the process: clear() keeps it)
    assert _lint(tmp_path / "plain.py") == []
    assert CACHE.summaries_made == before  # nothing of its project was summarised
    assert _lint(tmp_path / "own_saver.py") == [(5, "TFS001")]
    assert CACHE.summaries_made == before + 1  # layers.py
    assert _lint(tmp_path / "driver.py") == [(5, "TFS001")]
    assert CACHE.summaries_made == before + 2  # trainer.py (layers.py's summary is reused)


@pytest.mark.parametrize(
    "text",
    [
        "Keeper = tf.train.Saver\n",
        "Keeper = tf.train.Saver  # the project's name for it\n",
        "Keeper: type = saver_lib.Saver",  # no newline at the end
        "Keeper = (\n    tf.compat.v1.train.Saver\n)\n",
        "Keeper = tf.train.Saver\r\n",
        "from tensorflow.compat.v1.train import Saver\n",
        "from tensorflow.compat.v1.train import Saver as Keeper\n",
        "from tensorflow.compat.v1.train import (\n    Checkpoint,\n    Saver,\n)\n",
        "load = tf.train.import_meta_graph; x = 1\n",
    ],
)
def test_text_that_may_bind_a_name_to_the_saver(text):
    # what a re-export (``Keeper = tf.train.Saver``) needs: such a module makes the modules
    # importing it parsed to resolve their calls (``ProjectView.may_build_saver``)
    assert text_imports("/p/ckpt.py", text).binds_saver


@pytest.mark.parametrize(
    "text",
    [
        "saver = tf.train.Saver(max_to_keep=3)\n",
        "saver = tf.train.Saver (\n    var_list=v)\n",
        "hook = tf.train.CheckpointSaverHook(d, saver=s)\n",
        '"""Builds a `tf.train.Saver` for the model and restores its Saver state."""\n',
        "def f(saver: tf.train.Saver = None):\n    tf.train.Saver.restore(saver, sess, p)\n",
        "x = 1\n",
    ],
)
def test_text_that_only_calls_or_mentions_the_saver_binds_none(text):
    assert not text_imports("/p/ckpt.py", text).binds_saver


def test_which_called_modules_may_build_a_saver_does_not_depend_on_the_order_asked(tmp_path):
    # ``layers`` and ``util`` reach no module binding a Saver (learnt together, from one search);
    # ``helpers`` reaches ``ckpt``, which re-exports one, and calls it
    _write(tmp_path, {
        "ckpt.py": TF + "Keeper = tf.train.Saver\n",
        "helpers.py": TF + "from ckpt import Keeper\nimport util\n\ndef build():\n    return Keeper()\n",
        "layers.py": TF + "import util\n\ndef dense(x):\n    return util.scale(x)\n",
        "util.py": TF + "import layers\n\ndef scale(x):\n    return x * tf.Variable(2.0)\n",
        "main.py": TF + "import helpers, layers\n",
    })
    expected = {"helpers.py": True, "layers.py": False, "util.py": False, "ckpt.py": True}
    for order in (["layers.py", "util.py", "helpers.py", "ckpt.py"], ["util.py", "helpers.py", "ckpt.py", "layers.py"]):
        CACHE.clear()
        view = ProjectView(str(tmp_path / "main.py"))
        assert {name: view.may_build_saver(str(tmp_path / name)) for name in order} == expected
        assert CACHE.parses[os.path.realpath(tmp_path / "layers.py")] == 0  # ruled out from texts


SUBCLASSES = TF + textwrap.dedent(
    """
    def helper(x):
        if x is None:
            return tf.Variable(1.0)
        return x

    def unused(x):
        return tf.get_variable("u", [1])

    def ping(n):
        return pong(n - 1) if n else tf.Variable(0.0)

    def pong(n):
        return ping(n)

    class Base:
        def __init__(self):
            self.w = helper(None)

        def build(self, x):
            for _ in range(2):
                x = helper(x)
            return tf.layers.dense(x, 2)

    class Child(Base):
        def extra(self):
            try:
                return tf.Variable(2.0)
            except ValueError:
                return None
    """
)


def _without_branch_keys(value, keys=None):
    """A summary with its branch keys (unique per read) renumbered in order of appearance."""
    keys = {} if keys is None else keys
    if isinstance(value, tuple) and len(value) == 3 and isinstance(value[0], str) and all(
        isinstance(part, int) for part in value[1:]
    ):
        return ("branch", keys.setdefault(value, len(keys)))
    if dataclasses.is_dataclass(value):
        return tuple(_without_branch_keys(getattr(value, f.name), keys) for f in dataclasses.fields(value))
    if isinstance(value, dict):
        return tuple((k, _without_branch_keys(v, keys)) for k, v in sorted(value.items()))
    if isinstance(value, (tuple, list)):
        return tuple(_without_branch_keys(v, keys) for v in value)
    return value


def test_a_summary_of_some_names_says_what_the_whole_module_says(tmp_path):
    _write(tmp_path, {"models.py": SUBCLASSES})
    path = str(tmp_path / "models.py")
    make = summariser(Config(), saver_findings)

    def summary(names):
        CACHE.clear()
        return make(path, ProjectView(path, depth=1), names)

    whole = summary(None)
    assert whole.names is None and set(whole.classes) == {"Base", "Child"}
    for names in ({"Child"}, {"helper"}, {"Base", "helper"}):
        part = summary(frozenset(names))
        assert part.names == frozenset(names)
        assert set(part.functions) | set(part.classes) == names
        for name in names:
            got = part.functions.get(name) or part.classes.get(name)
            expected = whole.functions.get(name) or whole.classes.get(name)
            assert _without_branch_keys(got) == _without_branch_keys(expected), name
    # a call cycle: what its frames hold depends on where the walk starts, so the whole module
    assert summary(frozenset({"pong"})).names is None
    # the inherited method is read once and named by the class that defines it
    assert summary(frozenset({"Child"})).classes["Child"].methods["build"].name == "Base.build"


def test_a_module_called_for_other_names_is_then_summarised_whole(tmp_path):
    CACHE.clear()
    _write(tmp_path, {"models.py": SUBCLASSES})
    path = str(tmp_path / "models.py")
    make = summariser(Config(), saver_findings)
    asked = []

    def ask(names):
        return CACHE.effects(path, "key", 1, frozenset(names), lambda wanted: asked.append(wanted) or make(
            path, ProjectView(path, depth=1), wanted))

    assert ask({"helper"}).names == frozenset({"helper"})
    assert ask({"helper"}).names == frozenset({"helper"})  # covered: not made again
    assert ask({"Child"}).names is None  # another name: the whole module, once and for all
    assert ask({"unused"}).names is None
    assert asked == [frozenset({"helper"}), None]


INHERITED_SAVER = TF + textwrap.dedent(
    """
    class Base:
        def snap(self):
            for _ in range(3):
                tf.train.Saver()  # reported here (TFS007), so never again in its callers

    class Child(Base):
        pass
    """
)


def test_a_summary_does_not_depend_on_which_file_asked_first(tmp_path):
    _write(tmp_path, {
        "helpers.py": INHERITED_SAVER,
        "main.py": "import helpers\n" + TF + "c = helpers.Child()\nfor epoch in range(2):\n    c.snap()  # saver inside\n",
        "other.py": "import helpers\n" + TF + "b = helpers.Base()  # saver\n",
    })
    CACHE.clear()
    alone = _lint(tmp_path / "main.py")
    CACHE.clear()
    _lint(tmp_path / "other.py")  # summarises `Base` first
    assert _lint(tmp_path / "main.py") == alone == []


CYCLE = TF + textwrap.dedent(
    """
    def f(n):
        tf.Variable(0.0, name="fv")
        if n > 0:
            g(n - 1)

    def g(n):
        f(n)

    class Base:
        def a(self):
            f(1)

        def b(self):
            g(1)

    class Child(Base):
        pass
    """
)


def test_findings_do_not_depend_on_the_hash_seed(tmp_path):
    # Inherited methods in a call cycle: the order they are walked in once came from a set.
    _write(tmp_path, {
        "helpers.py": CYCLE,
        "main.py": "import helpers\n" + TF + "v = tf.Variable(1.0)\nsaver = tf.train.Saver()\n"
                   "c = helpers.Child()\nc.b()\nsaver.save(sess, 'm.ckpt')\n",
    })
    outputs = set()
    for seed in ("0", "1", "2", "3"):
        result = subprocess.run(
            [sys.executable, "-m", "flake8", "--select", "TFS", str(tmp_path / "main.py")],
            capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert "Traceback" not in result.stderr, result.stderr
        outputs.add(result.stdout)
    assert len(outputs) == 1, outputs

def test_without_a_filename_there_is_no_project_view(tmp_path):
    _write(tmp_path, {"backend.py": TF, "model.py": "from backend import tf\n"
                      "w = tf.Variable(1.0)\nsaver = tf.train.Saver()\nb = tf.Variable(2.0)\nsaver.save(sess, 'm.ckpt')\n"})
    source = (tmp_path / "model.py").read_text()
    assert analyse(source) == []  # a file alone: `tf` is unknown, so nothing is said
    assert [d.code for d in analyse(source, filename=str(tmp_path / "model.py"))] == ["TFS001"]


# ---- roots ----------------------------------------------------------------------------------
def test_roots_of_packages_scripts_and_src_layouts(tmp_path):
    _write(tmp_path, {
        "proj/setup.cfg": "", "proj/src/pkg/__init__.py": "", "proj/src/pkg/sub/__init__.py": "",
        "proj/src/pkg/sub/mod.py": "", "proj/scripts/run.py": "", "proj/tests/test_x.py": "",
    })
    proj = tmp_path / "proj"
    mod = proj / "src/pkg/sub/mod.py"
    assert roots.package_chain(str(mod)) == (str(proj / "src"), "pkg.sub.mod", False)
    assert roots.relative_base(str(mod), 2, "other") == "pkg.other"
    assert roots.relative_base(str(mod), 4, None) is None  # climbs above the top package
    assert roots.import_roots(str(mod))[:2] == (str(proj / "src"), str(proj / "src/pkg/sub"))
    script_roots = roots.import_roots(str(proj / "tests/test_x.py"))
    assert str(proj / "tests") in script_roots and str(proj / "src") in script_roots
    assert roots.resolve_module("pkg.sub.mod", script_roots) == str(mod)
    assert roots.resolve_module("tensorflow", script_roots) is None


def test_installed_packages_are_not_the_project(tmp_path):
    site = tmp_path / "venv/lib/python3.11/site-packages"
    _write(site, {"helper.py": TF + "def make():\n    return tf.train.Saver()\n"})
    _write(tmp_path, {"app/main.py": TF + "from helper import make\n"
                      "w = tf.Variable(1.0)\nsaver = make()\nlate = tf.Variable(2.0)\n"})
    config = Config(source_roots=(str(site),))
    assert str(site) not in roots.import_roots(str(tmp_path / "app/main.py"), config.source_roots)
    assert _lint(tmp_path / "app/main.py", config) == []


# ---- hostile projects -----------------------------------------------------------------------
def test_import_cycles_and_a_module_importing_itself(tmp_path):
    _write(tmp_path, {
        "a.py": TF + "import b\nfrom b import tf as tf_b\n\ndef make():\n    return b.make_other()\n",
        "b.py": "import a\nfrom a import tf\n\ndef make_other():\n    return a.make()\n",
        "alias_a.py": "from alias_b import tf\n",
        "alias_b.py": "from alias_a import tf\n",
        "selfish.py": "import selfish\nfrom selfish import *\nfrom selfish import tf\n\n"
                      "def f():\n    return selfish.f()\n",
        "main.py": TF + "import a, selfish\nfrom alias_a import tf as tf2\n"
                   "w = tf.Variable(1.0)\nsaver = a.make()\nsaver2 = tf2.train.Saver()\nselfish.f()\n"
                   "late = tf.Variable(2.0)\nwith tf.Session() as s:\n    saver.save(s, 'x')\n",
    })
    for name in ("a.py", "b.py", "alias_a.py", "selfish.py", "main.py"):
        assert _lint(tmp_path / name) == []  # nothing resolves to a Saver: no guess
    whole, alone = _alone_and_whole(tmp_path)
    assert whole == alone == {}


def test_star_import_chains_long_and_cyclic(tmp_path):
    files = {f"s{i}.py": f"from s{i + 1} import *\n" for i in range(50)}
    files["s50.py"] = TF
    files["c0.py"] = "from c1 import *\n"
    files["c1.py"] = "from c0 import *\n"
    files["short0.py"] = "from short1 import *\n"
    files["short1.py"] = TF
    files["main.py"] = (
        "from s0 import *\nfrom c0 import *\n"
        "w = tf.Variable(1.0)\nsaver = tf.train.Saver()\nlate = tf.Variable(2.0)\nsaver.save(sess, 'm.ckpt')\n"
    )
    files["near.py"] = (
        "from short0 import *\n"
        "w = tf.Variable(1.0)\nsaver = tf.train.Saver()\nlate = tf.Variable(2.0)\nsaver.save(sess, 'm.ckpt')\n"
    )
    _write(tmp_path, files)
    assert _lint(tmp_path / "main.py") == []  # 50 star hops (and a star cycle): past the bound
    assert _lint(tmp_path / "near.py") == [(3, "TFS001")]  # two hops: followed


def test_missing_unreadable_and_unparseable_modules(tmp_path, monkeypatch):
    _write(tmp_path, {
        "broken.py": "import tensorflow.compat.v1 as tf\ndef make_saver(:\n",
        "pkg/__init__.py": "",
        "pkg/main.py": TF + "from missing import make_saver\nfrom . import nothing\n"
                       "from ..above import x\nfrom broken import make_saver as broken_saver\n"
                       "from secret import make_saver as secret_saver\nfrom latin import make_saver as latin_saver\n"
                       "from .good import make_saver as good_saver\n"
                       "w = tf.Variable(1.0)\ns1 = make_saver()\ns2 = broken_saver()\ns3 = secret_saver()\n"
                       "s4 = latin_saver()\nnothing.run()\ns5 = good_saver()\nlate = tf.Variable(2.0)\n"
                       "s1.save(sess, 'a')\ns2.save(sess, 'b')\ns3.save(sess, 'c')\ns4.save(sess, 'd')\ns5.save(sess, 'e')\n",
        "pkg/secret.py": TF + "def make_saver():\n    return tf.train.Saver()\n",
        "pkg/good.py": TF + "def make_saver():\n    return tf.train.Saver()\n",
    })
    (tmp_path / "pkg/latin.py").write_bytes(b"x = '\xff\xfe'\ndef make_saver():\n    return 1\n")
    real_open = open

    def refusing_open(path, *args, **kwargs):
        if str(path).endswith("secret.py"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    CACHE.clear()
    monkeypatch.setattr("flake8_tfsaver.crossmodule.cache.open", refusing_open, raising=False)
    assert _lint(tmp_path / "pkg/main.py") == [(16, "TFS001")]  # only the readable one: nothing guessed
    CACHE.clear()


def test_ten_thousand_module_tree(tmp_path):
    package = tmp_path / "big"
    package.mkdir()
    (package / "__init__.py").write_text("from .m0 import *\n" + "".join(f"from . import m{i}\n" for i in range(0, 10000, 97)))
    for index in range(10000):
        (package / f"m{index}.py").write_text(
            f"from .m{index + 1} import *\nfrom .m{index + 1} import make as deeper\n\ndef make():\n    return deeper()\n"
        )
    (package / "m10000.py").write_text(TF + "def make():\n    return tf.train.Saver()\n")
    main = tmp_path / "main.py"
    main.write_text(TF + "import big\nfrom big import *\nfrom big.m0 import make\n"
                    "w = tf.Variable(1.0)\nsaver = make()\nsaver2 = big.m9999.make()\nsaver3 = big.m10000.make()\n"
                    "late = tf.Variable(2.0)\nsaver.save(sess, 'a')\nsaver2.save(sess, 'b')\nsaver3.save(sess, 'c')\n")
    started = time.process_time()
    # A call is followed into the module it calls, not further: the Saver is 10,000 modules away
    # from m0 and one further than m9999 (unknown); m10000's own factory is followed.
    assert _lint(main) == [(9, "TFS001")]
    assert time.process_time() - started < 30
    result = run_flake8([main, package / "__init__.py", package / "m5000.py"])
    assert result.stderr == "" and [line.split(":")[1:3] for line in result.stdout.splitlines()] == [["9", "10"]]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_loops(tmp_path):
    _write(tmp_path, {"pkg/__init__.py": "", "pkg/helper.py": TF + "def make():\n    return tf.train.Saver()\n"})
    os.symlink(tmp_path / "pkg", tmp_path / "pkg/loop")  # pkg/loop -> pkg
    os.symlink(tmp_path / "y.py", tmp_path / "x.py")
    os.symlink(tmp_path / "x.py", tmp_path / "y.py")
    os.symlink(tmp_path, tmp_path / "pkg/up")  # pkg/up -> the project folder
    _write(tmp_path, {"main.py": TF + "import x\nfrom pkg.loop.loop.loop.helper import make\n"
                      "from pkg.up.pkg.up.main import tf as again\n"
                      "w = tf.Variable(1.0)\nsaver = make()\nx.run()\nlate = tf.Variable(2.0)\nsaver.save(sess, 'm')\n"})
    assert _lint(tmp_path / "main.py") == [(7, "TFS001")]  # through the loop: the same helper
    result = run_flake8([tmp_path])
    assert "Traceback" not in result.stderr


def test_methods_called_in_loops_of_a_class_found_at_any_depth():
    """``holds_checkpointing_object`` asks which kept attributes a loop body calls methods on:
    the same answer as walking every loop's body, though only statements are searched for loops."""
    import ast

    from flake8_tfsaver.crossmodule.view import _attributes_called_in_loops

    klass = ast.parse(textwrap.dedent("""
        class Trainer:
            def run(self):
                for epoch in self.net.epochs():          # the iterable: not in the body
                    pass
                else:
                    while True:
                        self.net.save()                  # a loop in a loop's else
                try:
                    pass
                except OSError:
                    for _ in range(2):
                        if True:
                            with open("f"):
                                self.log.write()         # deep in a handler's loop
                for _ in range(2):
                    for _ in range(2):
                        f(lambda: self.opt.step())      # nested loop, inside an expression
                self.idle.call()                         # outside every loop
                match self:
                    case _:
                        while False:
                            self.cfg.get()
    """)).body[0]
    kept = {name: name for name in ("net", "log", "opt", "idle", "cfg", "epochs")}
    walked = {
        node.func.value.attr
        for loop in ast.walk(klass) if isinstance(loop, (ast.For, ast.While))
        for statement in loop.body for node in ast.walk(statement)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Attribute) and node.func.value.attr in kept
    }
    assert _attributes_called_in_loops(klass, kept) == walked == {"net", "log", "opt", "cfg"}


# ---- events passed on through calls -------------------------------------------------------------
ROUND_TRIP_HELPERS = TF + """
_SAVERS = {}


def make_step():
    return tf.train.get_or_create_global_step()


def make_weights():
    return tf.Variable(tf.zeros([2]), name="w")


def cached_saver(name):
    if name not in _SAVERS:
        _SAVERS[name] = tf.train.Saver(tf.global_variables(), defer_build=True)
    return _SAVERS[name]


def save_now(sess):
    saver = tf.train.Saver()
    saver.save(sess, "./ckpt/model")


def supervise():
    saver = tf.train.Saver(var_list=[make_weights()])
    return tf.train.Supervisor(saver=saver)
"""

ROUND_TRIP_MAIN = TF + """
from helpers import cached_saver, make_step, make_weights, save_now, supervise


def local_saver():
    return tf.train.Saver(tf.global_variables(), defer_build=True)


def run():
    make_step()
    make_weights()
    cached_saver("a")
    local_saver()
    supervise()
    with tf.Session() as sess:
        save_now(sess)
"""


def _program_of(path: Path, follow: bool):
    from flake8_tfsaver.crossmodule.view import open_project
    from flake8_tfsaver.graph.builder import ProgramBuilder
    from flake8_tfsaver.syntax.tree import build_module

    source = path.read_text()
    view = open_project(str(path), Config(), source)
    if follow:
        view.follow_calls(summariser(Config(), saver_findings))
        view.prepare()
    module = build_module(view.own_tree, source)
    return ProgramBuilder(module, (), (), source, project=view).build()


def test_every_event_kind_passes_on_what_it_declares_through_a_summary_and_a_local_call(tmp_path):
    """What an event passes on is declared once (``program.passed_on``): the events a call into
    another module replays from its summary, and the proxies a call in the same file adds, carry
    exactly the declared fields of the events the callee made."""
    from flake8_tfsaver.graph import program as p

    _write(tmp_path, {"helpers.py": ROUND_TRIP_HELPERS, "main.py": ROUND_TRIP_MAIN, "__init__.py": ""})
    CACHE.clear()

    def in_frame(program, name):
        frame = next(f for f in program.frames if getattr(f.node, "name", None) == name)
        return [e for e in frame.events if e.graph == frame.entry_graph or isinstance(e, p.SaverUse)]

    def facts(event, into_summary):
        found = p.carried(event, into_summary=into_summary)
        if "description" in found:  # a replay names the call: ``... in `make_step()```
            found["description"] = found["description"].split(" in `")[0]
        return (type(event).__name__, tuple(sorted(found.items(), key=str)))

    helpers = _program_of(tmp_path / "helpers.py", follow=False)
    main = _program_of(tmp_path / "main.py", follow=True)
    called = [e for e in in_frame(main, "run") if hasattr(e.node, "func")]  # events at calls of ``run()``
    made = [e for name in ("make_step", "make_weights", "cached_saver", "save_now", "supervise")
            for e in in_frame(helpers, name) if isinstance(e, (p.VariableCreation, p.SaverConstruction, p.SaverUse))]
    from_summaries = [e for e in called if e.node.func.as_string() != "local_saver"
                      and isinstance(e, (p.VariableCreation, p.SaverConstruction, p.SaverUse))]
    assert sorted(map(str, (facts(e, True) for e in from_summaries))) == sorted(map(str, (facts(e, True) for e in made)))
    assert len(from_summaries) == len(made) == 8, [facts(e, True) for e in from_summaries]
    # every summarised field is exercised with a value other than its default
    for cls in (p.VariableCreation, p.SaverConstruction, p.SaverUse):
        for f in dataclasses.fields(cls):
            if f.metadata.get("passed_on") == "summary":
                assert any(getattr(e, f.name) != f.default for e in from_summaries if type(e) is cls), (cls, f.name)
    # a local call: the proxy carries every passed-on field, summarised or not, and its origin
    local = next(e for e in called if isinstance(e, p.SaverConstruction) and e.node.func.as_string() == "local_saver")
    assert local.origin is not None and p.carried(local) == p.carried(local.origin)
    assert p.carried(local)["defer_build"] is True and p.carried(local)["var_list"] is p.VarList.SNAPSHOT


def test_checkpointing_definitions_count_lines_as_the_parser_does():
    """A form feed is no line break for the parser (``str.splitlines`` says it is): the helper
    after it that calls the Saver-building one is still found (review of b31b60c)."""
    import ast as ast_module

    from flake8_tfsaver.crossmodule.info import module_info

    source = (
        "import tensorflow as tf\n\n\ndef make_keeper():\n    return tf.train.Saver()\n\x0c\n\n"
        "def build_keeper():\n    keeper = None\n    return make_keeper()\n"
    )
    found = module_info("ckpt.py", source, ast_module.parse(source)).checkpointing
    assert found == frozenset({"make_keeper", "build_keeper"})
