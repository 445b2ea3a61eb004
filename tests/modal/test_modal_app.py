"""Tests of deploy/modal/hf2ms_modal.py with the stand-in `modal` package (tests/modal/stub)
and a fake `hf2ms` executable. What this proves: the app file compiles, calls the Modal API only
with options and types the real client has (the stand-in checks them against the signatures in
tests/modal/stub/modal/_signatures.py, read from modal-labs/modal-client at commit
69519aef4cf6a3378314e3e7b91e87429490ed2a, SDK 1.5.4), builds a bookworm image from exactly the
installed source tree, installs the runtime libraries its binary links, keeps one deadline,
survives retries, timeouts and preemption as the stand-in models them, and keeps a detached
run's summary. What it cannot prove: anything about Modal itself (docs/modal.md says what was
and was not exercised)."""

import contextlib
import importlib
import importlib.util
import io
import json
import os
import pathlib
import py_compile
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import unittest

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
APP_FILE = ROOT / "deploy" / "modal" / "hf2ms_modal.py"
FAKE_MODAL = HERE / "fake_modal.py"

FAKE_HF2MS = r"""#!/usr/bin/env python3
# Fake hf2ms: records its argv and environment, then acts on the input file's "behaviour".
import json, os, sys, time
record = os.environ["FAKE_RECORD"]
args = sys.argv[1:]
if args == ["--version"]:
    print("hf2ms 9.9.9-test")
    sys.exit(0)
payload = json.load(open(args[args.index("--task") + 1])) if "--task" in args else {}
if "--commit" in args:
    payload = dict(json.load(open(args[args.index("--commit") + 1])),
                   results=json.load(open(args[args.index("--results") + 1])))
with open(record, "a") as f:
    f.write(json.dumps({"argv": sys.argv, "env": dict(os.environ), "payload": payload}) + "\n")
behaviour = payload.get("behaviour", "ok")
print("progress line on stderr", file=sys.stderr, flush=True)
if behaviour == "transient":
    print(json.dumps({"error": "HTTP 503 from source"}))
    sys.exit(75)
if behaviour == "fail":
    print(json.dumps({"error": "sha256 mismatch"}))
    sys.exit(1)
if behaviour in ("hang", "sleep"):
    time.sleep(payload.get("seconds", 60))
print(json.dumps({"ok": True, "files": payload.get("files", 0), "seen": payload.get("results")}))
"""

SANITIZER_RUNTIMES = ("libasan.so", "libubsan.so", "liblsan.so", "libtsan.so")


def built_binary():
    explicit = os.environ.get("HF2MS_BUILT_BINARY")
    if explicit:
        return pathlib.Path(explicit)
    return ROOT / "build" / "check" / "src" / "cli" / "hf2ms"


def needed_packages(binary):
    """The Debian packages owning the libraries `binary` links (its ELF NEEDED entries), on
    this machine (bookworm, as the image). The check build's sanitizer runtimes are left out: a
    Release build, as the image and the .deb carry, does not link them."""
    dynamic = subprocess.run(["readelf", "-d", str(binary)], capture_output=True, text=True,
                             check=True).stdout
    sonames = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic)
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()
    packages = set()
    for soname in sonames:
        if soname.startswith(SANITIZER_RUNTIMES):
            continue
        owners = subprocess.run(["dpkg", "-S", f"*/{soname}"], capture_output=True,
                                text=True).stdout.splitlines()
        native = sorted({line.split(": ", 1)[0].split(":")[0] for line in owners
                         if line.split(": ", 1)[-1].rsplit("/", 1)[-1] == soname
                         and line.split(": ", 1)[0].split(":")[-1] in (arch, line.split(":")[0])
                         and f"/{os.uname().machine}-linux-gnu/" in line})
        if len(native) != 1:
            raise AssertionError(f"{soname}: no single owning package in {owners}")
        packages.add(native[0])
    return packages


def installed_source_entries():
    """The top-level names cmake/install.cmake ships as share/hf2ms/source."""
    text = (ROOT / "cmake" / "install.cmake").read_text()
    names = []
    for block in re.findall(r"install\((.*?)\)\s*$", text, flags=re.S | re.M):
        if re.search(r'DESTINATION\s+"\$\{HF2MS_INSTALL_DATADIR\}/source"', block):
            names += re.findall(r'"\$\{PROJECT_SOURCE_DIR\}/([^"]+)"', block)
    return names


def is_noise(rel):
    """Files in a working tree that no build reads (kept out of the image on purpose)."""
    return any(p.startswith(".") or p == "__pycache__" for p in rel.parts) or \
        rel.name.endswith(("~", ".pyc", ".swp"))


class ModalAppTestBase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        tmp = pathlib.Path(self.tmp.name)
        fake = tmp / "hf2ms"
        fake.write_text(FAKE_HF2MS)
        fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
        self.record = tmp / "record.jsonl"
        self.env = {
            "HF2MS_BIN": str(fake),
            "FAKE_RECORD": str(self.record),
            "HF2MS_SECRET_VARS": "HF_TOKEN,MODELSCOPE_TOKEN",
            "HF_TOKEN": "hf_secretsecretsecretsecret",
            "MODELSCOPE_TOKEN": "ms-secret-value",
        }
        chosen = ("HF2MS_SRC", "HF2MS_PREBUILT", "MODAL_IMAGE_BUILDER_VERSION", "MODAL_STUB_STATE_DIR")
        self.saved = {k: os.environ.get(k) for k in [*self.env, *chosen]}
        os.environ.update(self.env)
        for name in chosen:  # the tests choose the image source and the builder version
            os.environ.pop(name, None)
        sys.path.insert(0, str(HERE / "stub"))
        sys.path.insert(0, str(APP_FILE.parent))
        self.modal = importlib.import_module("modal")
        self.modal.Dict._memory.clear()
        self.modal.state.spawned.clear()
        self.app = self.load()

    def load(self):
        sys.modules.pop("hf2ms_modal", None)
        return importlib.import_module("hf2ms_modal")

    def tearDown(self):
        for call in self.modal.state.spawned:
            with contextlib.suppress(Exception):
                call.get(timeout=30)
        for k, v in self.saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        sys.path.remove(str(HERE / "stub"))
        sys.path.remove(str(APP_FILE.parent))
        self.tmp.cleanup()

    def records(self):
        if not self.record.exists():
            return []
        return [json.loads(line) for line in self.record.read_text().splitlines()]

    def commit_calls(self):
        return [r for r in self.records() if "--commit" in r["argv"]]

    def job_file(self, job):
        path = pathlib.Path(self.tmp.name, "job.json")
        path.write_text(json.dumps(job))
        return path

    def short_budget(self, orchestrator_s=5.0, reserve_s=2.0):
        """A run of a few seconds: the app's clock constants and the stand-in's timeouts."""
        self.app.ORCHESTRATOR_TIMEOUT_S = orchestrator_s
        self.app.FINISH_MARGIN_S = 0.5
        self.app.COMMIT_RESERVE_S = reserve_s
        self.app.MIN_ATTEMPT_S = 0.2
        self.app.STOP_GRACE_S = 1
        self.app.orchestrate.options["timeout"] = orchestrator_s


class StandInTest(ModalAppTestBase):
    """The stand-in refuses what the real client refuses (so a wrong app fails here)."""

    def test_unknown_decorator_option_is_refused(self):
        with self.assertRaises(TypeError):
            self.app.app.function(concurrency_limit=4)  # removed in 1.0
        with self.assertRaises(TypeError):
            self.app.app.function(timeout="6h")
        with self.assertRaises(self.modal.exception.InvalidError):
            self.app.app.function(timeout=25 * 3600)

    def test_retries_bounds_are_the_real_ones(self):
        with self.assertRaises(self.modal.exception.InvalidError):
            self.modal.Retries(max_retries=2, initial_delay=120.0)
        with self.assertRaises(TypeError):
            self.modal.Retries(2)  # keyword-only in the real client

    def test_image_calls_are_checked(self):
        with self.assertRaises(TypeError):
            self.modal.Image.debian_slim(python_version=3.12)
        with self.assertRaises(self.modal.exception.InvalidError):
            self.modal.Image.debian_slim().add_local_dir("/x", "relative/path")
        with self.assertRaises(self.modal.exception.InvalidError):
            self.modal.Image.debian_slim().add_local_file("/x", "/y").run_commands("true")

    def test_a_timed_out_attempt_is_retried_with_a_new_timeout(self):
        app = self.modal.App("t")

        @app.function(timeout=1, retries=self.modal.Retries(max_retries=1, initial_delay=0.0))
        def slow():
            time.sleep(3)

        with self.assertRaises(self.modal.exception.FunctionTimeoutError):
            slow.remote()
        self.assertEqual([a["outcome"] for a in slow.attempts], ["timeout", "timeout"])

    def test_spawn_returns_before_the_call_finishes(self):
        app = self.modal.App("t")

        @app.function()
        def slow():
            time.sleep(1)
            return "done"

        start = time.monotonic()
        call = slow.spawn()
        self.assertLess(time.monotonic() - start, 0.5)
        with self.assertRaises(TimeoutError):
            call.get(timeout=0)
        self.assertEqual(call.get(), "done")

    def test_every_option_the_app_passes_is_a_real_one(self):
        from modal._signatures import FUNCTION_OPTIONS
        for name, fn in self.app.app.functions.items():
            self.assertLessEqual(set(fn.options), set(FUNCTION_OPTIONS), name)


class ImageTest(ModalAppTestBase):
    def test_app_file_compiles(self):
        py_compile.compile(str(APP_FILE), doraise=True)

    def test_image_is_bookworm_whatever_the_builder_version(self):
        from modal._signatures import DEBIAN_BY_BUILDER
        for version in DEBIAN_BY_BUILDER:
            for prebuilt in (None, "/usr/bin/hf2ms"):
                os.environ["MODAL_IMAGE_BUILDER_VERSION"] = version
                if prebuilt:
                    os.environ["HF2MS_PREBUILT"] = prebuilt
                else:
                    os.environ.pop("HF2MS_PREBUILT", None)
                self.assertEqual(self.load().app.image.debian, "bookworm", (version, prebuilt))

    def test_runtime_packages_are_the_packages_of_the_binarys_libraries(self):
        binary = built_binary()
        if not binary.is_file():
            self.skipTest(f"no built hf2ms at {binary} (ctest passes HF2MS_BUILT_BINARY)")
        expected = needed_packages(binary) | {"ca-certificates"}
        self.assertIn("libtomlplusplus3", expected)  # the check can see the library once missed
        self.assertEqual(set(self.app.RUNTIME_PACKAGES), expected)

    def test_prebuilt_binary_is_shipped_with_its_runtime_packages_and_no_build(self):
        os.environ["HF2MS_PREBUILT"] = "/usr/bin/hf2ms"
        module, _ = self.installed_copy(with_source=False)
        steps = module.app.image.steps
        self.assertIn(("apt_install", tuple(module.RUNTIME_PACKAGES)), steps)
        self.assertEqual(steps[-1], ("add_local_file", "/usr/bin/hf2ms", "/usr/local/bin/hf2ms", False))
        self.assertFalse([s for s in steps if s[0] in ("run_commands", "add_local_dir")])

    def test_image_copies_exactly_the_installed_source_tree(self):
        entries = installed_source_entries()
        self.assertEqual(sorted(entries), sorted(name for name, _ in self.app.BUILD_TREE))
        expected = {}
        for name in entries:
            top = ROOT / name
            if top.is_file():
                expected[f"/src/{name}"] = str(top)
                continue
            for path in top.rglob("*"):
                rel = path.relative_to(ROOT)
                if path.is_file() and not is_noise(path.relative_to(top)):
                    expected[f"/src/{rel.as_posix()}"] = str(path)
        self.assertEqual(self.app.app.image.files(copied=True), expected)
        build = [s for s in self.app.app.image.steps if s[0] == "run_commands"][-1][1][0]
        self.assertIn("-DHF2MS_BUILD_TESTS=OFF", build)
        self.assertIn("install -m 0755 /tmp/build/src/cli/hf2ms /usr/local/bin/hf2ms", build)

    def copy_of_the_tree(self):
        tree = pathlib.Path(self.tmp.name, "tree")
        for name in ("CMakeLists.txt", "README.md"):
            (tree / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / name, tree / name)
        for name in ("cmake", "src", "docs"):
            shutil.copytree(ROOT / name, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
        return tree

    def test_editing_docs_or_leaving_caches_rebuilds_no_layer(self):
        tree = self.copy_of_the_tree()
        os.environ["HF2MS_SRC"] = str(tree)
        before = self.load().app.image.layer_keys()
        (tree / "README.md").write_text("edited\n")
        (tree / "docs" / "modal.md").write_text("edited\n")
        (tree / "tests").mkdir()
        (tree / "tests" / "new_test.py").write_text("# new\n")
        (tree / "src" / "cli" / "__pycache__").mkdir()
        (tree / "src" / "cli" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
        (tree / "src" / "cli" / ".main.cpp.swp").write_bytes(b"\0")
        self.assertEqual(self.load().app.image.layer_keys(), before)
        main = next((tree / "src" / "cli").glob("*.cpp"))
        main.write_text(main.read_text() + "\n// edited\n")
        after = self.load().app.image.layer_keys()
        self.assertNotEqual(after[-1], before[-1], "a source edit rebuilds the compile step")
        self.assertEqual(after[:2], before[:2], "but not the base and the packages")

    def installed_copy(self, with_source=True):
        """The app as `cmake --install` lays it out under a prefix (cmake/install.cmake),
        imported from there; returns (module, prefix)."""
        prefix = pathlib.Path(self.tmp.name, "prefix")
        data = prefix / "share" / "hf2ms"
        (data / "modal").mkdir(parents=True)
        shutil.copy(APP_FILE, data / "modal" / APP_FILE.name)
        if with_source:
            (data / "source" / "src").mkdir(parents=True)
            (data / "source" / "cmake").mkdir(parents=True)
            (data / "source" / "CMakeLists.txt").write_text("project(hf2ms)\n")
        spec = importlib.util.spec_from_file_location("hf2ms_modal_installed",
                                                      data / "modal" / APP_FILE.name)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module, prefix

    def cmakelists_source(self, module):
        return pathlib.Path(module.app.image.files(copied=True)["/src/CMakeLists.txt"]).parent

    def test_checkout_builds_from_itself(self):
        self.assertEqual(self.cmakelists_source(self.app), ROOT)

    def test_installed_copy_builds_from_the_source_installed_beside_it(self):
        module, prefix = self.installed_copy()
        self.assertEqual(self.cmakelists_source(module), (prefix / "share/hf2ms/source").resolve())
        self.assertTrue([s for s in module.app.image.steps if s[0] == "run_commands"])

    def test_hf2ms_src_wins_over_the_installed_source(self):
        os.environ["HF2MS_SRC"] = str(ROOT)
        module, _ = self.installed_copy()
        self.assertEqual(self.cmakelists_source(module), ROOT)

    def test_import_inside_a_container_needs_no_source_tree(self):
        # Modal re-imports the file as /root/hf2ms_modal.py, two levels below nothing.
        self.assertEqual(self.app._source_dir("/root/hf2ms_modal.py"), pathlib.Path("/"))


class WorkerTest(ModalAppTestBase):
    def test_secret_carries_only_the_named_tokens(self):
        secret = self.app.app.functions["transfer"].options["secrets"][0]
        self.assertEqual(set(secret.values), {"HF_TOKEN", "MODELSCOPE_TOKEN"})

    def test_worker_passes_the_task_by_file_and_tokens_by_environment(self):
        result = self.app.transfer.remote(json.dumps({"files": 3}))
        self.assertEqual(result["files"], 3)
        self.assertEqual(result["exit_status"], 0)
        (rec,) = self.records()
        self.assertEqual(rec["argv"][1:3], ["transfer", "--task"])
        self.assertEqual(rec["argv"][4:], ["--progress-lines"])  # bytes reach the local view
        self.assertEqual(rec["env"]["HF_TOKEN"], self.env["HF_TOKEN"])
        for token in (self.env["HF_TOKEN"], self.env["MODELSCOPE_TOKEN"]):
            self.assertNotIn(token, " ".join(rec["argv"]))

    def test_exit_75_raises_so_modal_retries(self):
        with self.assertRaises(self.app.RetryableTransferError):
            self.app.transfer.remote(json.dumps({"behaviour": "transient"}))
        self.assertEqual([a["outcome"] for a in self.app.transfer.attempts], ["error"] * 3)
        self.assertEqual(len(self.records()), 3, "two retries")

    def test_permanent_failure_is_a_record_not_a_retry(self):
        result = self.app.transfer.remote(json.dumps({"behaviour": "fail"}))
        self.assertEqual(result["exit_status"], 1)
        self.assertEqual(result["error"], "sha256 mismatch")
        self.assertEqual(len(self.app.transfer.attempts), 1)

    def test_a_missing_binary_is_a_record_not_a_retry(self):
        os.environ["HF2MS_BIN"] = str(pathlib.Path(self.tmp.name, "no-such-hf2ms"))
        result = self.app.transfer.remote(json.dumps({}))
        self.assertFalse(result["ok"])
        self.assertEqual(len(self.app.transfer.attempts), 1)

    def test_worker_stops_the_binary_at_the_deadline_and_says_so(self):
        self.short_budget()
        start = time.monotonic()
        result = self.app.transfer.remote(json.dumps({"behaviour": "hang"}), time.time() + 1.5)
        self.assertLess(time.monotonic() - start, 5)
        self.assertFalse(result["ok"])
        self.assertTrue(result["error"].startswith("timed out: "), result)
        self.assertEqual([a["outcome"] for a in self.app.transfer.attempts], ["ok"], "no retry")

    def test_a_worker_does_not_start_after_the_deadline(self):
        self.short_budget()
        result = self.app.transfer.remote(json.dumps({"files": 1}), time.time() - 1)
        self.assertTrue(result["error"].startswith("timed out: "), result)
        self.assertEqual(self.records(), [], "the binary never ran")

    def test_a_transient_failure_is_not_retried_past_the_deadline(self):
        self.short_budget()
        result = self.app.transfer.remote(json.dumps({"behaviour": "transient"}), time.time() + 5)
        self.assertTrue(result["error"].startswith("timed out: "), result)
        self.assertIn("HTTP 503", result["error"])
        self.assertEqual(len(self.app.transfer.attempts), 1)

    def test_preemption_restarts_a_worker_without_using_a_retry(self):
        self.app.transfer.simulate_preemption(1)
        result = self.app.transfer.remote(json.dumps({"files": 2}))
        self.assertTrue(result["ok"])
        self.assertEqual([a["outcome"] for a in self.app.transfer.attempts], ["preempted", "ok"])
        self.assertEqual(len(self.records()), 2)


class OrchestratorTest(ModalAppTestBase):
    def test_orchestrator_fans_out_then_commits_with_every_result(self):
        job = {"tasks": [{"files": 1}, {"behaviour": "fail"}, {"behaviour": "transient"}],
               "commit": {"mirrors": 2}}
        summary = json.loads(self.app.orchestrate.remote(json.dumps(job)))
        self.assertEqual(summary["status"], "finished")
        oks = [t["ok"] for t in summary["tasks"]]
        self.assertEqual(oks, [True, False, False])
        self.assertIn("RetryableTransferError", summary["tasks"][2]["error"])
        commit_call = self.records()[-1]
        self.assertIn("--commit", commit_call["argv"])
        self.assertEqual([r["task"] for r in commit_call["payload"]["results"]], [0, 1, 2])
        self.assertEqual(summary["commit"]["seen"], commit_call["payload"]["results"])

    def test_records_name_their_task_even_when_the_binary_could_not(self):
        job = {"tasks": [{"index": 4, "files": 1}, {"index": 7, "behaviour": "fail"}],
               "commit": {}}
        summary = json.loads(self.app.orchestrate.remote(json.dumps(job)))
        self.assertEqual([t["task"] for t in summary["tasks"]], [4, 7])
        self.assertEqual([t["exit_status"] for t in summary["tasks"]], [0, 1])
        self.assertNotIn("exit_status", summary["commit"], "the commit report stays as printed")

    def test_one_deadline_transfers_stop_and_the_commit_gets_what_is_left(self):
        self.short_budget(orchestrator_s=5.0, reserve_s=2.0)
        job = {"tasks": [{"index": 0, "behaviour": "hang"}, {"index": 1, "files": 1}], "commit": {}}
        start = time.monotonic()
        summary = json.loads(self.app.orchestrate.remote(json.dumps(job)))
        self.assertLess(time.monotonic() - start, 5.0, "inside the orchestrator's own timeout")
        self.assertEqual(summary["status"], "timed_out")
        self.assertTrue(summary["tasks"][0]["error"].startswith("timed out: "), summary)
        self.assertTrue(summary["tasks"][1]["ok"])
        self.assertEqual(len(self.commit_calls()), 1, "the commit still ran, in the time left")
        self.assertEqual([a["outcome"] for a in self.app.orchestrate.attempts], ["ok"])

    def test_a_commit_past_the_deadline_is_stopped_with_a_clear_status(self):
        self.short_budget(orchestrator_s=4.0, reserve_s=1.0)
        job = {"tasks": [{"files": 1}], "commit": {"behaviour": "hang"}}
        summary = json.loads(self.app.orchestrate.remote(json.dumps(job)))
        self.assertEqual(summary["status"], "timed_out")
        self.assertTrue(summary["commit"]["error"].startswith("timed out: "), summary)
        self.assertNotIn("mirrors", summary["commit"])

    def test_orchestrator_is_nonpreemptible_with_memory_for_the_commit(self):
        options = self.app.orchestrate.options
        self.assertIs(options.get("nonpreemptible"), True)
        self.assertGreaterEqual(options.get("memory", 128), 4096)
        self.app.orchestrate.simulate_preemption(1)
        self.app.orchestrate.remote(json.dumps({"tasks": [{"files": 1}], "commit": {}}))
        self.assertEqual(len(self.commit_calls()), 1)

    def test_a_restarted_orchestrator_returns_its_summary_without_committing_again(self):
        job = json.dumps({"tasks": [{"files": 1}], "commit": {}})
        self.app.orchestrate.simulate_restart(1)  # a lost host, after the commit went through
        with self.app.app.run():
            first = self.app.orchestrate.remote(job, self.app.app.app_id)
        self.assertEqual([a["outcome"] for a in self.app.orchestrate.attempts], ["restarted", "ok"])
        self.assertEqual(len(self.commit_calls()), 1)
        self.assertEqual(json.loads(first)["status"], "finished")


class EntrypointTest(ModalAppTestBase):
    def test_hello_prints_the_version(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            self.app.hello.remote()
        self.assertIn("hf2ms 9.9.9-test", out.getvalue())

    def test_detached_run_returns_at_once_and_leaves_its_summary(self):
        job = self.job_file({"tasks": [{"behaviour": "sleep", "seconds": 1.5}], "commit": {}})
        with self.app.app.run(detach=True):
            start = time.monotonic()
            out = json.loads(self.app.main(str(job), detach=True))
            self.assertLess(time.monotonic() - start, 1.0, "spawn does not wait")
            app_id = self.app.app.app_id
        self.assertTrue(out["detached"])
        self.assertTrue(out["function_call_id"].startswith("fc-"))
        self.assertEqual(out["summary_key"], app_id)
        self.assertEqual(pathlib.Path(out["app_file"]), APP_FILE)
        self.assertEqual(json.loads(self.app.status(app_id))["status"], "running")
        self.modal.FunctionCall.from_id(out["function_call_id"]).get(timeout=30)
        summary = json.loads(self.app.status(app_id))
        self.assertEqual(summary["status"], "finished")
        self.assertTrue(summary["tasks"][0]["ok"])
        self.assertIn("seen", summary["commit"])

    def test_status_of_an_unknown_run_says_so(self):
        self.assertEqual(json.loads(self.app.status("ap-nothing"))["status"], "unknown")


class FakeCliTest(ModalAppTestBase):
    """The fake `modal` CLI the C++ tests drive, over this app."""

    def cli(self, *args):
        env = dict(os.environ, FAKE_MODAL_STUB=str(HERE / "stub"),
                   FAKE_MODAL_RECORD=str(pathlib.Path(self.tmp.name, "modal-calls.jsonl")))
        return subprocess.run([sys.executable, str(FAKE_MODAL), *args], capture_output=True,
                              text=True, env=env, timeout=60)

    def test_container_output_reaches_stdout_unless_quiet(self):
        job = self.job_file({"tasks": [{"index": 0, "files": 1}], "commit": {}})
        result = pathlib.Path(self.tmp.name, "result.json")
        loud = self.cli("run", "-w", str(result), f"{APP_FILE}::main", "--job", str(job))
        self.assertEqual(loud.returncode, 0, loud.stderr)
        self.assertIn("hf2ms task 0: started", loud.stdout)
        self.assertIn("progress line on stderr", loud.stdout)
        quiet = self.cli("run", "-q", "-w", str(result), f"{APP_FILE}::main", "--job", str(job))
        self.assertEqual(quiet.returncode, 0, quiet.stderr)
        self.assertIn("HF2MS_APP_ID=ap-", quiet.stdout, "the local entrypoint still prints")
        self.assertNotIn("hf2ms task 0", quiet.stdout + quiet.stderr)
        self.assertNotIn("progress line", quiet.stdout + quiet.stderr)

    def test_detached_run_then_status_from_another_process(self):
        job = self.job_file({"tasks": [{"files": 1}], "commit": {}})
        result = pathlib.Path(self.tmp.name, "result.json")
        run = self.cli("run", "-d", "-w", str(result), f"{APP_FILE}::main", "--job", str(job),
                       "--detach")
        self.assertEqual(run.returncode, 0, run.stderr)
        app_id = re.search(r"HF2MS_APP_ID=(\S+)", run.stdout).group(1)
        self.assertTrue(json.loads(result.read_text())["detached"])
        fetched = pathlib.Path(self.tmp.name, "summary.json")
        status = self.cli("run", "-w", str(fetched), f"{APP_FILE}::status", "--app-id", app_id)
        self.assertEqual(status.returncode, 0, status.stderr)
        summary = json.loads(fetched.read_text())
        self.assertEqual(summary["status"], "finished")
        self.assertTrue(summary["tasks"][0]["ok"])

    def test_unknown_options_fail_as_click_does(self):
        job = self.job_file({"tasks": [], "commit": {}})
        for args in (["run", "--bogus", f"{APP_FILE}::main", "--job", str(job)],
                     ["run", f"{APP_FILE}::main", "--jobs", str(job)],
                     ["run", f"{APP_FILE}::main"]):
            self.assertEqual(self.cli(*args).returncode, 2, args)


if __name__ == "__main__":
    unittest.main()
