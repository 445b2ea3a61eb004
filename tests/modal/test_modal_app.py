"""Tests of deploy/modal/hf2ms_modal.py with the stand-in `modal` package (tests/modal/stub)
and a fake `hf2ms` executable. What this proves: the app file compiles, builds its image from
the source tree, passes tokens by environment only, maps the binary's exit statuses, fans tasks
out and hands their results to the commit step. What it cannot prove: anything about Modal
itself (docs/modal.md says what was and was not exercised)."""

import importlib
import importlib.util
import json
import os
import pathlib
import py_compile
import shutil
import stat
import sys
import tempfile
import unittest

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
APP_FILE = ROOT / "deploy" / "modal" / "hf2ms_modal.py"

FAKE_HF2MS = r"""#!/usr/bin/env python3
# Fake hf2ms: records its argv and environment, then acts on the input file's "behaviour".
import json, os, sys
record = os.environ["FAKE_RECORD"]
args = sys.argv[1:]
payload = json.load(open(args[args.index("--task") + 1])) if "--task" in args else {}
if "--commit" in args:
    payload = {"results": json.load(open(args[args.index("--results") + 1]))}
with open(record, "a") as f:
    f.write(json.dumps({"argv": sys.argv, "env": dict(os.environ), "payload": payload}) + "\n")
behaviour = payload.get("behaviour", "ok")
print("progress line on stderr", file=sys.stderr)
if behaviour == "transient":
    print(json.dumps({"error": "HTTP 503 from source"}))
    sys.exit(75)
if behaviour == "fail":
    print(json.dumps({"error": "sha256 mismatch"}))
    sys.exit(1)
print(json.dumps({"ok": True, "files": payload.get("files", 0), "seen": payload.get("results")}))
"""


class ModalAppTest(unittest.TestCase):
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
        self.saved = {k: os.environ.get(k) for k in [*self.env, "HF2MS_SRC", "HF2MS_PREBUILT"]}
        os.environ.update(self.env)
        for name in ("HF2MS_SRC", "HF2MS_PREBUILT"):  # the tests choose the image source
            os.environ.pop(name, None)
        sys.path.insert(0, str(HERE / "stub"))
        sys.path.insert(0, str(APP_FILE.parent))
        sys.modules.pop("hf2ms_modal", None)
        self.app = importlib.import_module("hf2ms_modal")

    def tearDown(self):
        for k, v in self.saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        sys.path.remove(str(HERE / "stub"))
        sys.path.remove(str(APP_FILE.parent))
        self.tmp.cleanup()

    def records(self):
        return [json.loads(line) for line in self.record.read_text().splitlines()]

    def test_app_file_compiles(self):
        py_compile.compile(str(APP_FILE), doraise=True)

    def test_image_builds_hf2ms_from_the_source_tree(self):
        steps = self.app.app.image.steps
        self.assertEqual(steps[0], ("debian_slim", "3.12"))
        added = [s for s in steps if s[0] == "add_local_dir"][0]
        self.assertEqual(pathlib.Path(added[1]), ROOT)
        self.assertEqual(added[2], "/src")
        self.assertTrue(added[3], "copy=True: a build step follows the add")
        build = [s for s in steps if s[0] == "run_commands"][0][1][0]
        self.assertIn("install -m 0755", build)
        self.assertIn("/usr/local/bin/hf2ms", build)

    def installed_copy(self, with_source=True):
        """The app as `cmake --install` lays it out under a prefix (cmake/install.cmake),
        imported from there; returns (module, prefix)."""
        prefix = pathlib.Path(self.tmp.name, "prefix")
        data = prefix / "share" / "hf2ms"
        (data / "modal").mkdir(parents=True)
        shutil.copy(APP_FILE, data / "modal" / APP_FILE.name)
        if with_source:
            (data / "source" / "src").mkdir(parents=True)
            (data / "source" / "CMakeLists.txt").write_text("project(hf2ms)\n")
        spec = importlib.util.spec_from_file_location("hf2ms_modal_installed",
                                                      data / "modal" / APP_FILE.name)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module, prefix

    def test_installed_copy_builds_from_the_source_installed_beside_it(self):
        module, prefix = self.installed_copy()
        steps = module.app.image.steps
        added = [s for s in steps if s[0] == "add_local_dir"][0]
        self.assertEqual(pathlib.Path(added[1]), (prefix / "share/hf2ms/source").resolve())
        self.assertEqual(added[2], "/src")
        self.assertTrue([s for s in steps if s[0] == "run_commands"], "compiled in the image")

    def test_hf2ms_src_wins_over_the_installed_source(self):
        os.environ["HF2MS_SRC"] = str(ROOT)
        module, _ = self.installed_copy()
        added = [s for s in module.app.image.steps if s[0] == "add_local_dir"][0]
        self.assertEqual(pathlib.Path(added[1]), ROOT)

    def test_prebuilt_binary_is_shipped_as_is_without_a_build(self):
        os.environ["HF2MS_PREBUILT"] = "/usr/bin/hf2ms"
        module, _ = self.installed_copy(with_source=False)
        steps = module.app.image.steps
        self.assertIn(("add_local_file", "/usr/bin/hf2ms", "/usr/local/bin/hf2ms", False), steps)
        self.assertFalse([s for s in steps if s[0] in ("run_commands", "add_local_dir")])

    def test_import_inside_a_container_needs_no_source_tree(self):
        # Modal re-imports the file as /root/hf2ms_modal.py, two levels below nothing.
        self.assertEqual(self.app._source_dir("/root/hf2ms_modal.py"), pathlib.Path("/"))

    def test_secret_carries_only_the_named_tokens(self):
        secret = self.app.app.functions["transfer"].options["secrets"][0]
        self.assertEqual(set(secret.values), {"HF_TOKEN", "MODELSCOPE_TOKEN"})

    def test_worker_passes_the_task_by_file_and_tokens_by_environment(self):
        result = self.app.transfer.remote(json.dumps({"files": 3}))
        self.assertEqual(result["files"], 3)
        self.assertEqual(result["exit_status"], 0)
        (rec,) = self.records()
        self.assertEqual(rec["argv"][1:3], ["transfer", "--task"])
        self.assertEqual(rec["env"]["HF_TOKEN"], self.env["HF_TOKEN"])
        for token in (self.env["HF_TOKEN"], self.env["MODELSCOPE_TOKEN"]):
            self.assertNotIn(token, " ".join(rec["argv"]))

    def test_exit_75_raises_so_modal_retries(self):
        with self.assertRaises(self.app.RetryableTransferError):
            self.app.transfer.remote(json.dumps({"behaviour": "transient"}))

    def test_permanent_failure_is_a_record_not_a_retry(self):
        result = self.app.transfer.remote(json.dumps({"behaviour": "fail"}))
        self.assertEqual(result["exit_status"], 1)
        self.assertEqual(result["error"], "sha256 mismatch")

    def test_orchestrator_fans_out_then_commits_with_every_result(self):
        job = {"tasks": [{"files": 1}, {"behaviour": "fail"}, {"behaviour": "transient"}],
               "commit": {"mirrors": 2}}
        summary = json.loads(self.app.orchestrate.remote(json.dumps(job)))
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

    def test_detached_entrypoint_returns_a_call_id(self):
        job = pathlib.Path(self.tmp.name, "job.json")
        job.write_text(json.dumps({"tasks": [], "commit": {}}))
        out = json.loads(self.app.main(str(job), detach=True))
        self.assertTrue(out["detached"])
        self.assertTrue(out["function_call_id"].startswith("fc-"))


if __name__ == "__main__":
    unittest.main()
