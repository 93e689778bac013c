"""Run fixtures under real TensorFlow and report, per fixture, which (line, code) really failed.

Usage: ``python -m tests.oracle.runner OUT.json FIXTURE.py|PROJECT_FOLDER ...``

A project folder (``tests/fixtures/projects/*``) runs its entry module (marked ``# oracle: entry``)
with the project on ``sys.path``; each finding is attributed to a file and line of the project.

TensorFlow is imported once; each fixture then runs in a forked child (a fresh copy of the
instrumented process, so eager/graph mode and default graphs never leak between fixtures) with
a scratch working directory.  The verdicts come from what TF does, never from the linter:

- TFS001: a Saver without ``var_list`` (or with a collection snapshot) that *saves* while its graph
  holds global variables created after it collected its list (judged at every ``save()``, also
  those TF makes on the Saver's behalf, e.g. a Supervisor's);
- TFS002: ``save``/``restore`` called with a session whose graph is not the Saver's;
- TFS003: ``restore`` raising ``NotFoundError`` (key missing in checkpoint);
- TFS004: ``Saver()`` raising ``ValueError: No variables to save``;
- TFS005: an initializer op run in a session after a ``restore`` in it;
- TFS006: ``restore`` failing on a ``.meta``/``.index``/``.data-*`` path, or ``import_meta_graph``
  failing on a path without ``.meta``;
- TFS007: one construction line building a second Saver in the same graph;
- TFS008: ``Saver()`` raising the eager-mode ``RuntimeError``;
- TFS009: ``FailedPreconditionError`` for a variable created after an initializer that was run;
- TFS010: ``save``/``restore`` raising ``TypeError`` for a keyword they do not take;
- TFS101 (TF 2, eager): at each ``Checkpoint.save``/``write`` or ``CheckpointManager.save``, an
  optimizer that has applied gradients to variables the checkpoint saves, while the optimizer
  itself is not in the checkpoint's object graph (its slots and step count are not saved); the
  finding goes on the line that built the ``tf.train.Checkpoint``.
A call whose failure is recorded is swallowed (returns None) so the fixture runs on and can hold
several cases.  Any other exception is the fixture's error and fails its test.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import tempfile
import traceback

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # tf.compat.v1.layers need tf_keras
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

FIXTURE_TIMEOUT_S = 120
_CHECKPOINT_FILE = re.compile(r"\.(meta|index|data-\d{5}-of-\d{5})$")
_ENTRY = re.compile(r"#\s*oracle:\s*entry(?:\s+path=(\S+))?")


class Recorder:
    """Per-fixture state; lives in the forked child.

    A *site* is ``(file, line)`` in the fixture, or in any file of the project folder when a
    project runs.  Findings go where the linter reports them: on the innermost site of the call
    (most codes); for a Saver built through a call into another project file, on the line of the
    file that shows the bug (see ``saver_sites``, ``loop_site``, ``graph_site``, ``module_site``).
    """

    def __init__(self, fixture: str, root: str | None = None) -> None:
        self.fixture = os.path.abspath(fixture)
        self.root = os.path.join(os.path.abspath(root), "") if root else None
        self.findings: set[tuple[str, int, str]] = set()
        self.savers: list[dict] = []
        self.initializers: list[dict] = []
        self.saver_lines: dict[tuple[int, tuple], int] = {}
        self.first_stacks: dict[tuple[int, tuple], list] = {}
        self.variable_stacks: dict[int, list] = {}  # graph id -> [(variable, stack at creation)]
        self.graph_makers: dict[int, tuple] = {}  # graph id -> (graph, frame that made it)
        # TF 2: id(optimizer) -> (optimizer, {id: variable} it applied gradients to).  The
        # variables are held, not only their ids: a freed variable's id is reused by a later one,
        # which then looks trained by an optimizer that never saw it.
        self.optimizers: dict[int, tuple[object, dict[int, object]]] = {}

    def ours(self, filename: str) -> bool:
        path = os.path.abspath(filename)
        return path == self.fixture or (self.root is not None and path.startswith(self.root))

    def stack(self) -> list[tuple]:
        """Frames of fixture/project code on the current stack, innermost first, as
        ``(frame, file, line)`` (the frames are kept: identity says which call is which)."""
        found = []
        frame = sys._getframe(1)
        while frame is not None:
            if self.ours(frame.f_code.co_filename):
                found.append((frame, os.path.abspath(frame.f_code.co_filename), frame.f_lineno))
            frame = frame.f_back
        return found

    def line(self):
        """Innermost site of the fixture (or project) on the current stack."""
        stack = self.stack()
        return stack[0][1:] if stack else None

    def called_from_fixture(self) -> bool:
        """True if the wrapped TF call was made by fixture code itself, not by TF internals."""
        return self.ours(sys._getframe(2).f_code.co_filename)

    def add(self, site, code: str) -> None:
        if site:
            self.findings.add((site[0], site[1], code))

    # ---- where a finding about a Saver built in another file goes -------------------------
    def saver_sites(self, record: dict, late: set[str], save_stack: list) -> set:
        """TFS001 (judged at a save): on the Saver's own line when its file shows the bug, that
        is when (a) the deepest frame from which both the Saver and a late variable were created
        is in that file (it built the Saver, then made the variable, e.g. before returning the
        Saver), or (b) that file takes part both in creating the late variable and in the save (a
        model class whose methods add variables and save).  Otherwise in the file of the deepest
        frame from which the Saver, the late variable and the save were all reached, on the line of
        that file whose call built the Saver."""
        saver_stack = record["stack"]
        if not saver_stack:
            return set()
        created = {}
        for variable, stack in self.variable_stacks.get(id(record["graph"]), []):
            created.setdefault(variable.op.name, stack)  # (``op`` exists once it is built)
        stacks = [created[name] for name in sorted(late) if created.get(name)]
        own = saver_stack[0][1]
        sites = set()
        for stack in stacks or [saver_stack]:
            meeting = _deepest_common(saver_stack, [stack])
            files = {file for _, file, _ in stack}
            if (meeting is not None and saver_stack[meeting][1] == own) or (
                own in files and own in {file for _, file, _ in save_stack}
            ):
                sites.add(saver_stack[0][1:])
            else:
                sites.add(_site_below(saver_stack, _deepest_common(saver_stack, [stack, save_stack])))
        return sites

    def loop_site(self, first: list, again: list):
        """TFS007: the same Saver line ran twice in one graph.  The loop is in the deepest frame
        both constructions share; report in its file, on its line that led to the Saver."""
        return _site_below(again, _deepest_common(again, [first]))

    def graph_site(self, graph, stack: list):
        """TFS004: in the frame that made the (empty) graph, on its line that led to the Saver."""
        maker = self.graph_makers.get(id(graph))
        if maker is not None:
            for frame, file, _ in stack:
                if frame is maker[1]:
                    return file, frame.f_lineno
        return stack[0][1:] if stack else None

    @staticmethod
    def module_site(stack: list):
        """TFS008: eager mode is certain at a module's top level: its innermost such line."""
        for frame, file, line in stack:
            if frame.f_code.co_name == "<module>":
                return file, line
        return stack[0][1:] if stack else None


def _deepest_common(stack: list, others: list[list]) -> int | None:
    """Index in ``stack`` (innermost first) of the deepest frame that is on every other stack."""
    for index, (frame, _, _) in enumerate(stack):
        if all(any(frame is other for other, _, _ in stack_) for stack_ in others):
            return index
    return None


def _site_below(stack: list, index: int | None):
    """From the frame at ``index`` inwards, the last site still in that frame's file: the line of
    that file whose call led to the rest of the stack."""
    if index is None:
        return stack[0][1:] if stack else None
    file = stack[index][1]
    while index > 0 and stack[index - 1][1] == file:
        index -= 1
    return stack[index][1:]


REC: Recorder | None = None


def install(tf) -> None:
    """Wrap the TF entry points the verdicts need.  Runs once, before forking."""
    from tensorflow.python.client import session as session_lib
    from tensorflow.python.framework import errors, ops
    from tensorflow.python.training import saver as saver_lib

    tf1 = tf.compat.v1
    Saver = saver_lib.Saver
    original_init, original_build = Saver.__init__, Saver.build
    original_save, original_restore = Saver.save, Saver.restore
    original_run = session_lib.BaseSession.run
    original_import_meta = saver_lib.import_meta_graph

    def global_names(graph) -> set[str]:
        return {v.op.name for v in graph.get_collection(ops.GraphKeys.GLOBAL_VARIABLES)}

    def snapshot(record: dict) -> None:
        record["known_at_snapshot"] = global_names(record["graph"])

    def saver_init(self, var_list=None, *args, **kwargs):
        stack = REC.stack()
        line = stack[0][1:] if stack else None
        graph = ops.get_default_graph()
        defer = kwargs.get("defer_build", False)
        record = {
            "line": line, "graph": graph, "save": 0, "restore": 0,
            "snapshot_list": var_list is None or getattr(var_list, "_oracle_snapshot", False),
            "explicit_def": kwargs.get("saver_def") is not None, "known_at_snapshot": None,
            "stack": stack,
        }
        self._oracle = record
        key = (id(graph), line)
        REC.saver_lines[key] = REC.saver_lines.get(key, 0) + 1
        REC.first_stacks.setdefault(key, stack)
        if REC.saver_lines[key] == 2 and not tf.executing_eagerly():
            REC.add(REC.loop_site(REC.first_stacks[key], stack), "TFS007")
        try:
            original_init(self, var_list, *args, **kwargs)
        except ValueError as exc:
            if "No variables to save" in str(exc):
                REC.add(REC.graph_site(graph, stack), "TFS004")
                return
            raise
        except RuntimeError as exc:
            if "var_list" in str(exc) and "eager" in str(exc):
                REC.add(REC.module_site(stack), "TFS008")
                return
            raise
        if not defer and not tf.executing_eagerly():
            snapshot(record)
        REC.savers.append(record)

    def judge_save(record: dict) -> None:
        """TFS001 is judged where the damage happens: a save (by fixture code or by TF on its
        behalf, e.g. a Supervisor) while the graph holds global variables the Saver's snapshot
        lacks."""
        if not record["snapshot_list"] or record["explicit_def"] or record["known_at_snapshot"] is None:
            return
        late = global_names(record["graph"]) - record["known_at_snapshot"]
        if late:
            for site in REC.saver_sites(record, late, REC.stack()):
                REC.add(site, "TFS001")

    def saver_build(self):
        record = getattr(self, "_oracle", None)
        result = original_build(self)
        if record is not None and record["known_at_snapshot"] is None:
            snapshot(record)
        return result

    def checkpoint_call(original, method):
        def wrapper(self, sess=None, save_path=None, *args, **kwargs):
            line = REC.line()
            record = getattr(self, "_oracle", None)
            if record is not None:
                record[method] += 1
            if record is not None and sess is not None and getattr(sess, "graph", None) is not record["graph"]:
                REC.add(line, "TFS002")
                try:
                    return original(self, sess, save_path, *args, **kwargs)
                except Exception:  # noqa: BLE001 - the wrong graph's failure is the finding
                    return None
            if method == "save" and record is not None:
                judge_save(record)
            try:
                result = original(self, sess, save_path, *args, **kwargs)
            except TypeError as exc:
                if "unexpected keyword" in str(exc) or "got an unexpected" in str(exc):
                    REC.add(line, "TFS010")
                    return None
                raise
            except (errors.DataLossError, errors.NotFoundError, ValueError, errors.InvalidArgumentError) as exc:
                if method == "restore" and isinstance(save_path, str) and _CHECKPOINT_FILE.search(save_path):
                    REC.add(line, "TFS006")
                    return None
                if method == "restore" and isinstance(exc, errors.NotFoundError):
                    REC.add(line, "TFS003")
                    return None
                raise
            if method == "restore" and sess is not None:
                restored = getattr(sess, "_oracle_restored", set())
                sess._oracle_restored = restored | _variable_names(self._var_list)
            return result
        return wrapper

    def import_meta_graph(meta_graph_or_file, *args, **kwargs):
        line = REC.line()
        try:
            return original_import_meta(meta_graph_or_file, *args, **kwargs)
        except Exception:  # noqa: BLE001
            if isinstance(meta_graph_or_file, str) and not meta_graph_or_file.endswith(".meta"):
                REC.add(line, "TFS006")
                return None
            raise

    def initializer_factory(original, snapshot_all):
        def wrapper(*args, **kwargs):
            op = original(*args, **kwargs)
            graph = ops.get_default_graph()
            covers = global_names(graph) if snapshot_all else _variable_names(args[0] if args else kwargs.get("var_list"))
            REC.initializers.append({
                "line": REC.line(), "op": op, "graph": graph, "covers": covers,
                "known": global_names(graph) if snapshot_all else None, "ran_in": {},
            })
            return op
        return wrapper

    def flatten(fetches):
        if isinstance(fetches, (list, tuple)):
            for item in fetches:
                yield from flatten(item)
        elif isinstance(fetches, dict):
            for item in fetches.values():
                yield from flatten(item)
        else:
            yield fetches

    def session_run(self, fetches, *args, **kwargs):
        line = REC.line()
        from_fixture = REC.called_from_fixture()
        fetched = list(flatten(fetches))
        inits = [i for i in REC.initializers if any(f is i["op"] for f in fetched)]
        restored = getattr(self, "_oracle_restored", set())
        if any(init["covers"] & restored for init in inits):
            REC.add(line, "TFS005")  # the initializer overwrites restored variables
        try:
            return original_run(self, fetches, *args, **kwargs)
        except errors.FailedPreconditionError as exc:
            message = str(exc)
            blamed = [
                i for i in REC.initializers
                if i["graph"] is self.graph and i["known"] is not None and id(self) in i["ran_in"]
                and any(re.search(rf"\b{re.escape(name)}\b", message) for name in global_names(i["graph"]) - i["known"])
            ]
            if not blamed or not from_fixture:
                raise
            for init in blamed:
                REC.add(init["line"], "TFS009")
            return None
        finally:
            for init in inits:
                init["ran_in"][id(self)] = self  # held: a closed session's id is reused

    def snapshot_collection(original):
        def wrapper(*args, **kwargs):
            result = original(*args, **kwargs)
            if isinstance(result, list):
                result = _SnapshotList(result)
            return result
        return wrapper

    original_add_to_collection, original_graph_init = ops.Graph.add_to_collection, ops.Graph.__init__

    def add_to_collection(self, name, value):
        """Remember where each global variable was created (for ``saver_sites``)."""
        if REC is not None and name == ops.GraphKeys.GLOBAL_VARIABLES:
            REC.variable_stacks.setdefault(id(self), []).append((value, REC.stack()))
        return original_add_to_collection(self, name, value)

    def graph_init(self, *args, **kwargs):
        original_graph_init(self, *args, **kwargs)
        stack = REC.stack() if REC is not None else []
        if stack:
            REC.graph_makers[id(self)] = (self, stack[0][0])

    ops.Graph.add_to_collection = add_to_collection
    ops.Graph.__init__ = graph_init
    Saver.__init__ = saver_init
    Saver.build = saver_build
    Saver.save = checkpoint_call(original_save, "save")
    Saver.restore = checkpoint_call(original_restore, "restore")
    session_lib.BaseSession.run = session_run
    for module in (tf1.train, saver_lib):
        module.import_meta_graph = import_meta_graph
    for name, snapshot_all in (
        ("global_variables_initializer", True), ("initialize_all_variables", True),
        ("variables_initializer", False),
    ):
        setattr(tf1, name, initializer_factory(getattr(tf1, name), snapshot_all))
    for name, snapshot_all in (("global_variables", True), ("variables", False)):  # tf.initializers.*
        setattr(tf1.initializers, name, initializer_factory(getattr(tf1.initializers, name), snapshot_all))
    for name in ("global_variables", "all_variables", "trainable_variables", "model_variables",
                 "get_collection", "moving_average_variables"):
        setattr(tf1, name, snapshot_collection(getattr(tf1, name)))
    install_tf2(tf)


def install_tf2(tf) -> None:
    """TF 2 object-based checkpoints (TFS101).  Optimizers record the variables they apply
    gradients to; every checkpoint save checks, in the object graph it is about to write, that
    each optimizer which trained a saved variable is there too."""
    from tensorflow.python.checkpoint import checkpoint as checkpoint_lib
    from tensorflow.python.checkpoint import checkpoint_management

    def checkpoint_init(original):
        def wrapper(self, *args, **kwargs):
            self._oracle_line = REC.line()
            return original(self, *args, **kwargs)
        return wrapper

    def judge(checkpoint) -> None:
        line = getattr(checkpoint, "_oracle_line", 0)
        if not line or not REC.optimizers:
            return
        objects = tf.train.TrackableView(checkpoint).descendants()
        reachable = {id(obj) for obj in objects}
        for obj in objects:  # a reachable wrapper saves its inner optimizer's state
            inner = _inner_optimizer(obj)
            if inner is not None:
                reachable.add(id(inner))
        for key, (optimizer, trained) in REC.optimizers.items():
            if key in reachable or not trained.keys() & reachable:
                continue
            own = _optimizer_variables(optimizer)
            if own and all(id(v) in reachable for v in own):
                continue  # its state is saved (through an object that is not the optimizer itself)
            REC.add(line, "TFS101")

    def checkpoint_save(original):
        def wrapper(self, *args, **kwargs):
            judge(self)
            return original(self, *args, **kwargs)
        return wrapper

    def manager_save(original):
        def wrapper(self, *args, **kwargs):
            judge(self._checkpoint)
            return original(self, *args, **kwargs)
        return wrapper

    def apply_gradients(original):
        def wrapper(self, grads_and_vars, *args, **kwargs):
            pairs = list(grads_and_vars)
            record = REC.optimizers.setdefault(id(self), (self, {}))
            record[1].update((id(v), v) for _, v in pairs)
            return original(self, pairs, *args, **kwargs)
        return wrapper

    for cls in (checkpoint_lib.Checkpoint, checkpoint_lib.CheckpointV1):
        cls.__init__ = checkpoint_init(cls.__init__)
        cls.save = checkpoint_save(cls.save)
        cls.write = checkpoint_save(cls.write)
    manager = checkpoint_management.CheckpointManager
    manager.save = manager_save(manager.save)
    # tf.keras is tf_keras here (TF_USE_LEGACY_KERAS=1): its optimizers and the legacy ones;
    # ``minimize`` goes through ``apply_gradients``.
    from tf_keras.src.optimizers import optimizer as keras_optimizer
    from tf_keras.src.optimizers.legacy import optimizer_v2
    for cls in (keras_optimizer._BaseOptimizer, keras_optimizer.Optimizer, optimizer_v2.OptimizerV2):
        if "apply_gradients" in vars(cls):
            cls.apply_gradients = apply_gradients(cls.apply_gradients)


def _inner_optimizer(obj):
    """The optimizer a wrapper (tf_keras' ``LossScaleOptimizer``) applies gradients with."""
    if not any("inner_optimizer" in vars(cls) for cls in type(obj).__mro__):
        return None
    try:
        return obj.inner_optimizer
    except Exception:  # noqa: BLE001 - not a wrapper after all
        return None


def _optimizer_variables(optimizer) -> list:
    """The optimizer's own variables (``variables`` is a method on legacy optimizers)."""
    try:
        found = optimizer.variables
        found = found() if callable(found) else found
        return list(found)
    except Exception:  # noqa: BLE001
        return []


def _variable_names(var_list) -> set[str]:
    if var_list is None:
        return set()
    items = var_list.values() if isinstance(var_list, dict) else var_list
    names = set()
    for item in items:
        op = getattr(item, "op", None)
        if op is not None:
            names.add(op.name)
    return names


class _SnapshotList(list):
    """A list returned by a collection getter: a Saver built from it is a snapshot."""

    _oracle_snapshot = True


def project_entry(folder: str) -> tuple[str, list[str]]:
    """A project fixture's entry module (``# oracle: entry`` in its first 5 lines, optionally
    ``path=a,b``: folders of the project to put on ``sys.path``) and those folders."""
    for dirpath, dirnames, filenames in sorted(os.walk(folder)):
        dirnames.sort()
        for name in sorted(filenames):
            if not name.endswith(".py"):
                continue
            path = os.path.join(dirpath, name)
            with open(path, encoding="utf-8") as handle:
                head = [next(handle, "") for _ in range(5)]
            for line in head:
                match = _ENTRY.search(line)
                if match:
                    extra = [p for p in (match.group(1) or "").split(",") if p]
                    return path, [os.path.join(folder, p) for p in extra]
    raise ValueError(f"no '# oracle: entry' file in {folder}")


def _run_entry(entry: str, paths: list[str]) -> None:
    """Run the entry as Python would: a module of its package (``python -m pkg.main``, so its
    relative imports work) or a script (its folder first on ``sys.path``)."""
    import runpy

    folder = os.path.dirname(entry)
    parts = [os.path.splitext(os.path.basename(entry))[0]]
    while os.path.isfile(os.path.join(folder, "__init__.py")):
        parts.insert(0, os.path.basename(folder))
        folder = os.path.dirname(folder)
    sys.path[0:0] = [folder, *paths]
    if len(parts) > 1:
        sys.argv = [entry]
        runpy.run_module(".".join(parts), run_name="__main__", alter_sys=True)
    else:
        runpy.run_path(entry, run_name="__main__")


def run_one(path: str) -> dict:
    """Fork, run ``path`` (a fixture file, or a project folder's entry) in the child, return its
    verdict: ``findings`` as ``[line, code]`` for a file, ``[file, line, code]`` for a project
    (file relative to the folder)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        result: dict = {"findings": [], "error": None}
        global REC
        project = os.path.isdir(path)
        try:
            entry, paths = project_entry(path) if project else (path, [])
            REC = Recorder(entry, path if project else None)
            signal.alarm(FIXTURE_TIMEOUT_S)
            import runpy

            with tempfile.TemporaryDirectory() as scratch:
                os.chdir(scratch)
                sys.argv = [entry]
                if project:
                    _run_entry(entry, paths)
                else:
                    # project modules that fixtures import (see tests/fixtures/support)
                    sys.path.insert(0, os.path.join(os.path.dirname(path), "support"))
                    runpy.run_path(path, run_name="__main__")
        except BaseException:  # noqa: BLE001 - reported to the parent as the fixture's error
            result["error"] = traceback.format_exc()[-3000:]
        if REC is not None:
            if project:
                result["findings"] = sorted([os.path.relpath(f, path), line, code] for f, line, code in REC.findings)
            else:
                result["findings"] = sorted([line, code] for f, line, code in REC.findings if f == REC.fixture)
        with os.fdopen(write_fd, "w") as out:
            json.dump(result, out)
        os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd) as incoming:
        data = incoming.read()
    _, status = os.waitpid(pid, 0)
    if not data:
        return {"findings": [], "error": f"fixture process died (status {status})"}
    return json.loads(data)


def main(argv: list[str]) -> int:
    out_path, paths = argv[0], argv[1:]
    import tensorflow as tf

    install(tf)
    results = {path: run_one(os.path.abspath(path)) for path in paths}
    with open(out_path, "w") as out:
        json.dump(results, out, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
