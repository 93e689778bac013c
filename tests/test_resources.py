"""What an analysis leaves behind in the flake8 process: nothing that slows the rest of the run.

Before these guarantees a whole flake8 run over the benchmark corpus spent 16 s in full garbage
collections with the plugin and 4.5 s without it (bench/results.md)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from tests.conftest import ROOT


def test_full_analysis_never_builds_astroids_builtins_module():
    # astroid builds a ~95,000-object model of ``builtins`` on the first lookup of an unbound name
    # and keeps it for the process's life, which slowed every garbage collection of a flake8 run
    # (bench/results.md).  Analyse every file of two installed packages, and the fixtures, with the
    # pre-filter off so each one goes through the whole model.
    probe = textwrap.dedent(
        """
        import json, sys, pathlib
        import astroid, flake8
        from flake8_tfsaver.engine import analyse
        files = [p for pkg in (astroid, flake8) for p in pathlib.Path(pkg.__file__).parent.rglob("*.py")]
        files += pathlib.Path("tests/fixtures").glob("*.py")
        findings = sum(len(analyse(p.read_text(encoding="utf-8"), prefilter=False)) for p in files)
        print(json.dumps({"files": len(files), "findings": findings, "astroid_cache": sorted(astroid.MANAGER.astroid_cache)}))
        """
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["files"] > 100 and outcome["findings"] > 0
    assert outcome["astroid_cache"] == []



def test_each_files_tree_is_freed_by_a_young_generation_collection():
    # An astroid tree is one big reference cycle.  If anything global still points at it when the
    # analysis returns (an lru_cache, astroid's object models), it ages into the oldest generation
    # and every full collection of the run walks it.  A class, a method, a lookup and a finding:
    probe = textwrap.dedent(
        """
        import gc, json, weakref
        import flake8_tfsaver.engine as engine
        trees = []
        real = engine.build_module
        def spy(tree, source):
            module = real(tree, source)
            trees.append(weakref.ref(module))
            return module
        engine.build_module = spy
        source = (
            "import tensorflow.compat.v1 as tf\\n"
            "class Model:\\n"
            "    def __init__(self):\\n"
            "        self.saver = tf.train.Saver()\\n"
            "        self.w = tf.Variable(len([1]))\\n"
            "        self.saver.save(None, 'model.ckpt')\\n"
        )
        gc.collect()
        findings = engine.analyse(source)
        gc.collect(0)
        print(json.dumps({"findings": [f.code for f in findings], "analysed": len(trees),
                          "alive": trees[0]() is not None if trees else None,
                          "collector_enabled": gc.isenabled()}))
        """
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"findings": ["TFS001"], "analysed": 1, "alive": False, "collector_enabled": True}
