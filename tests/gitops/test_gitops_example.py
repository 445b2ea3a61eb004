"""The GitOps example (examples/gitops/) runs as its pipelines would, minus GitHub and GitLab.

Usage: test_gitops_example.py HF2MS HF2MS_HUBSIM SOURCE_DIR   (CTest: gitops_example_test)

The pipelines only install hf2ms, move artifacts and post comments around the scripts in
examples/gitops/ci/; this test runs those scripts in a copy of the example repository against
hf2ms-hubsim (seeded with tests/gitops/seed.json, the repos the example manifest names) with
HF2MS_EXECUTOR=local: a pull request's plan, the apply after the merge, the nightly drift
check before and after upstream changes, and the refusals (stale plan, changed manifest, no
plan, invalid manifest). It also checks that every pipeline file parses and calls the scripts.
Only 127.0.0.1 is contacted.
"""

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

HF2MS = HUBSIM = SOURCE = ""
HERE = os.path.dirname(os.path.abspath(__file__))
MARKER = "<!-- hf2ms-plan -->"
HF_TOKEN = "hf_acme_bot_write"  # tests/gitops/users.json
MS_TOKEN = "ms_acme_bot_write"
MIRRORS = ["ms:acme/tiny-chat-1b", "ms:acme/embed-small", "ms:acme/eval-prompts",
           "hf:acme-mirrors/corom-sentence-embedding-english-base"]


class Simulator:
    """hf2ms-hubsim on ephemeral loopback ports, as scripts/demo starts it."""

    def __init__(self, work):
        self.work = work
        ready = os.path.join(work, "ready.json")
        self.log = open(os.path.join(work, "hubsim.log"), "wb")
        self.requests = os.path.join(work, "requests.jsonl")
        self.proc = subprocess.Popen(
            [HUBSIM, "--data", os.path.join(work, "data"), "--seed", os.path.join(HERE, "seed.json"),
             "--users", os.path.join(HERE, "users.json"), "--ready-file", ready,
             "--log", self.requests],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while not (os.path.exists(ready) and os.path.getsize(ready) > 0):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("hf2ms-hubsim did not start: " + self.read_log())
            time.sleep(0.05)
        with open(ready, encoding="utf-8") as f:
            self.urls = json.load(f)

    def read_log(self):
        with open(os.path.join(self.work, "hubsim.log"), encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
        self.log.close()

    def downloads(self):
        """File content reads so far, from the request log: HF /resolve/ (a redirect to the
        resolve-cache route is the same download), ModelScope repo?FilePath=, the CDN."""
        out = []
        if not os.path.exists(self.requests):
            return out
        with open(self.requests, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                if r["method"] != "GET":
                    continue
                if (r["listener"] == "cdn" or "/resolve/" in r["path"]
                        or (r["listener"] == "ms" and "FilePath=" in r["query"])):
                    out.append(r["path"] + ("?" + r["query"] if r["query"] else ""))
        return out

    def hf_request(self, method, path, body, content_type):
        request = urllib.request.Request(self.urls["hf"] + path, data=body, method=method, headers={
            "Authorization": "Bearer " + HF_TOKEN, "Content-Type": content_type})
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status

    def hf_commit(self, repo_id, files, summary):
        """Commits {path: text} to an HF model's main branch, as huggingface_hub does."""
        lines = [{"key": "header", "value": {"summary": summary, "description": ""}}]
        for path, text in files.items():
            lines.append({"key": "file", "value": {
                "path": path, "encoding": "base64",
                "content": base64.b64encode(text.encode()).decode()}})
        body = "".join(json.dumps(line) + "\n" for line in lines).encode()
        return self.hf_request("POST", f"/api/models/{repo_id}/commit/main", body,
                               "application/x-ndjson")

    def hf_create_model(self, namespace, name):
        body = json.dumps({"type": "model", "organization": namespace, "name": name,
                           "private": False}).encode()
        return self.hf_request("POST", "/api/repos/create", body, "application/json")


class Run:
    def __init__(self, proc):
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr
        self.all = proc.stdout + proc.stderr

    def __str__(self):
        return f"exit {self.code}\n--- stdout\n{self.out}\n--- stderr\n{self.err}"


class GitopsExample(unittest.TestCase):
    """Each test works in a fresh copy of examples/gitops, as a team's clone of it."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="hf2ms-gitops-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.repo = os.path.join(self.tmp, "repo")
        shutil.copytree(os.path.join(SOURCE, "examples", "gitops"), self.repo, symlinks=True)
        self.sim = None
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("GITHUB_", "HF_", "MODELSCOPE_", "HF2MS_", "MODAL_"))}
        self.summary = os.path.join(self.tmp, "step-summary.md")
        self.outputs = os.path.join(self.tmp, "github-output")
        self.env.update({
            "HF2MS_BIN": HF2MS, "HF2MS_EXECUTOR": "local", "NO_COLOR": "1",
            "HF2MS_CACHE_DIR": os.path.join(self.tmp, "cache"),
            "HF_TOKEN": HF_TOKEN, "MODELSCOPE_TOKEN": MS_TOKEN,
            # What GitHub Actions sets; the scripts write annotations, outputs and the summary.
            "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": self.summary,
            "GITHUB_OUTPUT": self.outputs})
        # The clone is a git repository whose default branch is `main`; the pipeline tells
        # apply.sh which commit the plan was made for (here: main's head).
        self.git("init", "-q", "-b", "main")
        self.git("add", "-A")
        self.git("commit", "-q", "-m", "the example")
        self.env["HF2MS_PLAN_COMMIT"] = self.git("rev-parse", "HEAD")

    def git(self, *args):
        proc = subprocess.run(["git", "-c", "user.name=ci", "-c", "user.email=ci@example.invalid",
                               "-c", "commit.gpgsign=false", *args], cwd=self.repo,
                              capture_output=True, text=True, timeout=60, check=True)
        return proc.stdout.strip()

    def start_simulator(self):
        work = os.path.join(self.tmp, "hubsim")
        os.makedirs(work)
        self.sim = Simulator(work)
        self.addCleanup(self.sim.stop)
        self.env["HF_ENDPOINT"] = self.sim.urls["hf"]
        self.env["MODELSCOPE_ENDPOINT"] = self.sim.urls["ms"]

    def script(self, name, **env):
        proc = subprocess.run(["bash", os.path.join("ci", name)], cwd=self.repo,
                              env={**self.env, **env}, capture_output=True, text=True, timeout=300)
        return Run(proc)

    def path(self, *parts):
        return os.path.join(self.repo, *parts)

    def read(self, *parts):
        with open(self.path(*parts), encoding="utf-8") as f:
            return f.read()

    # --- the pipelines' life cycle -----------------------------------------------------------

    def test_pull_request_plan_merge_apply_and_nightly_drift(self):
        self.start_simulator()

        # Pull request: the plan of the whole manifest, as a comment and a saved plan.
        plan = self.script("plan.sh")
        self.assertEqual(plan.code, 0, plan)
        comment = self.read("hf2ms-plan", "comment.md")
        self.assertTrue(comment.startswith(MARKER + "\n"), comment[:200])
        markdown = self.read("hf2ms-plan", "plan.md")
        for mirror in MIRRORS:
            self.assertIn(mirror, markdown)
        self.assertIn("model.safetensors", markdown)
        self.assertNotIn("model.onnx", markdown)  # [defaults] exclude
        self.assertNotIn("vocab.txt", markdown)   # the reverse mirror's include
        saved = json.loads(self.read("hf2ms-plan", "plan.json"))
        self.assertEqual(sorted(m["target"]["hub"] + ":" + m["target"]["repo_id"]
                                for m in saved["mirrors"]), sorted(MIRRORS))
        self.assertEqual({m["action"] for m in saved["mirrors"]}, {"create"})
        self.assertEqual(self.read("hf2ms-plan", "changes").strip(), "true")
        with open(self.outputs, encoding="utf-8") as f:
            self.assertIn("changes=true", f.read())
        # A second copy of the same plan, applied after the first one: stale by then.
        shutil.copytree(self.path("hf2ms-plan"), self.path("old-plan"))

        # Merge: apply exactly the reviewed plan.
        apply = self.script("apply.sh")
        self.assertEqual(apply.code, 0, apply)
        self.assertIn("Apply complete", apply.out)
        self.assertTrue(os.path.exists(self.path("hf2ms-plan", "apply.log")))

        # Nightly: converged, nothing to do.
        drift = self.script("drift.sh")
        self.assertEqual(drift.code, 0, drift)
        self.assertEqual(self.read("hf2ms-drift", "changes").strip(), "false")
        with open(self.summary, encoding="utf-8") as f:
            self.assertIn("ms:acme/tiny-chat-1b", f.read())

        # The old plan saw no targets; they exist now, so hf2ms refuses it, and the script says
        # to re-plan.
        stale = self.script("apply.sh", HF2MS_PLAN_DIR="old-plan")
        self.assertEqual(stale.code, 1, stale)
        self.assertIn("the plan is stale", stale.all)
        self.assertIn("ms:acme/tiny-chat-1b", stale.all)
        self.assertRegex(stale.out, r"::error title=hf2ms::the reviewed plan is stale.*Re-plan")

        # Upstream moves: a changed file in a model and a new model in the mirrored org.
        self.sim.hf_commit("acme/tiny-chat-1b", {"config.json": '{"hidden_size": 512}\n'},
                           "bigger")
        self.sim.hf_create_model("acme", "new-model-2b")
        self.sim.hf_commit("acme/new-model-2b", {"README.md": "# new-model-2b\n"}, "init")
        drift = self.script("drift.sh")
        self.assertEqual(drift.code, 2, drift)
        drift_md = self.read("hf2ms-drift", "plan.md")
        self.assertIn("config.json", drift_md)
        self.assertIn("ms:acme/new-model-2b", drift_md)
        self.assertIn("::error title=hf2ms::drift", drift.out)
        with open(self.summary, encoding="utf-8") as f:
            self.assertIn("ms:acme/new-model-2b", f.read())

        # The reviewed drift plan is applied like any other; afterwards no drift.
        apply = self.script("apply.sh", HF2MS_PLAN_DIR="hf2ms-drift")
        self.assertEqual(apply.code, 0, apply)
        drift = self.script("drift.sh")
        self.assertEqual(drift.code, 0, drift)

    # docs/adr/0003: the drift job on a fresh runner learns the pairs from the CI cache the
    # apply job saved, and downloads nothing for converged mirrors.
    def fresh_runner(self, key):
        """The apply job's cache folder as a fresh runner restores it, and that runner's env."""
        restored = os.path.join(self.tmp, "restored-" + str(len(os.listdir(self.tmp))))
        shutil.copytree(self.path(".hf2ms-cache"), restored)
        return restored, {"HF2MS_OID_CACHE_KEY": key, "HF2MS_OID_CACHE_DIR": restored,
                          "HF2MS_CACHE_DIR": os.path.join(self.tmp, "empty-home-cache"),
                          "HF2MS_DRIFT_DIR": "drift-fresh"}

    def test_fresh_runner_drift_with_the_restored_cache_downloads_nothing(self):
        self.start_simulator()
        key = "test-only-oid-cache-key"
        self.assertEqual(self.script("plan.sh").code, 0)
        apply = self.script("apply.sh", HF2MS_OID_CACHE_KEY=key)
        self.assertEqual(apply.code, 0, apply)
        with open(self.path(".hf2ms-cache", "git-oid-sha256.v1"), encoding="utf-8") as f:
            lines = f.read().splitlines()
        self.assertTrue(lines and all(len(line.split()) in (3, 5) for line in lines), lines)
        _, env = self.fresh_runner(key)
        before = len(self.sim.downloads())
        drift = self.script("drift.sh", **env)
        self.assertEqual(drift.code, 0, drift)
        self.assertEqual(self.sim.downloads()[before:], [])
        # Without the restored cache (a runner with nothing cached) the same check downloads.
        before = len(self.sim.downloads())
        cold = self.script("drift.sh", HF2MS_CACHE_DIR=os.path.join(self.tmp, "cold"),
                           HF2MS_DRIFT_DIR="drift-cold")
        self.assertEqual(cold.code, 0, cold)
        self.assertGreater(len(self.sim.downloads()) - before, 0)

    # The attack: the CI cache rewritten by someone without the key (a pull request's job),
    # mapping the git oid of the mirrored config.json to another content's SHA-256. It may
    # cost downloads; it never makes hf2ms call different files equal.
    def test_tampered_cache_costs_downloads_never_a_wrong_equal(self):
        self.start_simulator()
        key = "test-only-oid-cache-key"
        self.assertEqual(self.script("plan.sh").code, 0)
        self.assertEqual(self.script("apply.sh", HF2MS_OID_CACHE_KEY=key).code, 0)
        restored, env = self.fresh_runner(key)
        # The mirror on HF then gets a hand edit.
        self.sim.hf_commit("acme-mirrors/corom-sentence-embedding-english-base",
                           {"configuration.json": '{"framework": "tampered"}\n'}, "hand edit")
        # Forge pairs for every oid the HF target now lists, claiming the source's SHA-256s,
        # with the MAC of another key and without any MAC.
        cache = os.path.join(restored, "git-oid-sha256.v1")
        with open(cache, encoding="utf-8") as f:
            good = f.read().splitlines()
        shas = [line.split()[1] for line in good if not line.startswith("hf-readme/")]
        forged = []
        for line in good:
            parts = line.split()
            if line.startswith("hf-readme/"):
                continue
            for sha in shas:
                forged.append(f"{parts[0]} {sha}")
        tree = json.loads(urllib.request.urlopen(
            self.sim.urls["hf"] + "/api/models/acme-mirrors/corom-sentence-embedding-english-base"
            "/tree/main", timeout=30).read())
        for entry in tree:
            for sha in shas:
                forged.append(f"{entry['oid']} {sha}")
                forged.append(f"{entry['oid']} {sha} {'0' * 64}")
        with open(cache, "w", encoding="utf-8") as f:
            f.write("\n".join(forged + good) + "\n")
        drift = self.script("drift.sh", **env)
        self.assertEqual(drift.code, 2, drift)  # the hand edit is seen
        self.assertIn("configuration.json", self.read("drift-fresh", "plan.md"))

    def test_apply_refuses_a_plan_of_another_manifest(self):
        self.start_simulator()
        plan = self.script("plan.sh")
        self.assertEqual(plan.code, 0, plan)
        with open(self.path("hf2ms.toml"), "a", encoding="utf-8") as f:
            f.write('\n[[mirror]]\nsource = "hf:acme/eval-prompts"\ntarget = "ms:acme/eval-2"\n'
                    'type = "dataset"\n')
        apply = self.script("apply.sh")
        self.assertEqual(apply.code, 1, apply)
        self.assertIn("not the manifest this plan was made from", apply.all)
        self.assertFalse(os.path.exists(self.path("hf2ms-plan", "apply.log")))  # hf2ms never ran

    # The attack: a pull request (from a branch or a fork) whose plan job ran its own ci/plan.sh
    # and so produced whatever plan.json it liked, with a matching manifest.sha256. Its plan is
    # a preview; the apply job must not take it, merged or not.
    def test_apply_refuses_a_plan_made_for_a_commit_not_on_the_default_branch(self):
        self.start_simulator()
        self.git("checkout", "-q", "-b", "pr-from-fork")
        with open(self.path("ci", "plan.sh"), "a", encoding="utf-8") as f:
            f.write("# the pull request's own plan script\n")
        self.git("commit", "-q", "-am", "a pull request")
        pr_commit = self.git("rev-parse", "HEAD")
        plan = self.script("plan.sh")
        self.assertEqual(plan.code, 0, plan)
        self.git("checkout", "-q", "main")
        apply = self.script("apply.sh", HF2MS_PLAN_COMMIT=pr_commit)
        self.assertEqual(apply.code, 1, apply)
        self.assertIn(f"the plan was made for {pr_commit}, which is not on main", apply.all)
        self.assertFalse(os.path.exists(self.path("hf2ms-plan", "apply.log")))  # hf2ms never ran
        unknown = self.script("apply.sh", HF2MS_PLAN_COMMIT="")
        self.assertEqual(unknown.code, 1, unknown)
        self.assertIn("HF2MS_PLAN_COMMIT is not set", unknown.all)
        self.assertFalse(os.path.exists(self.path("hf2ms-plan", "apply.log")))
        # Merged into main, the same commit is on the default branch and its plan applies.
        self.git("merge", "-q", "--no-ff", "-m", "merge", "pr-from-fork")
        merged = self.script("apply.sh", HF2MS_PLAN_COMMIT=pr_commit)
        self.assertEqual(merged.code, 0, merged)

    # The attack: a plan.json edited in the artifact to write a repo the manifest never names.
    def test_hf2ms_refuses_a_plan_edited_beyond_its_manifest(self):
        self.start_simulator()
        plan = self.script("plan.sh")
        self.assertEqual(plan.code, 0, plan)
        saved = json.loads(self.read("hf2ms-plan", "plan.json"))
        saved["mirrors"][0]["target"]["repo_id"] = "acme/victim"
        with open(self.path("hf2ms-plan", "plan.json"), "w", encoding="utf-8") as f:
            json.dump(saved, f, indent=2, sort_keys=True)
        apply = self.script("apply.sh")
        self.assertEqual(apply.code, 1, apply)
        self.assertIn("target is not the manifest's", apply.all)
        self.assertIn("refusing to apply", apply.all)

    def test_apply_without_a_saved_plan_fails(self):
        apply = self.script("apply.sh", HF2MS_PLAN_DIR="nowhere")
        self.assertEqual(apply.code, 1, apply)
        self.assertIn("no saved plan at nowhere/plan.json", apply.all)

    def test_an_invalid_manifest_fails_the_plan_and_says_why_in_the_comment(self):
        with open(self.path("hf2ms.toml"), "a", encoding="utf-8") as f:
            f.write('\n[[mirror]]\nsource = "hf:acme/x"\ntarget = "gh:acme/x"\n')
        plan = self.script("plan.sh")  # no simulator: validation comes before any network
        self.assertEqual(plan.code, 1, plan)
        comment = self.read("hf2ms-plan", "comment.md")
        self.assertTrue(comment.startswith(MARKER), comment)
        self.assertIn("is not valid", comment)
        self.assertRegex(comment, r"hf2ms\.toml:\d+:\d+")
        self.assertFalse(os.path.exists(self.path("hf2ms-plan", "plan.json")))

    def test_a_long_plan_is_cut_to_fit_a_comment(self):
        self.start_simulator()
        plan = self.script("plan.sh", HF2MS_COMMENT_LIMIT="300")
        self.assertEqual(plan.code, 0, plan)
        comment = self.read("hf2ms-plan", "comment.md")
        self.assertLess(len(comment.encode()), 600)
        self.assertIn("too long for a comment", comment)
        self.assertGreater(len(self.read("hf2ms-plan", "plan.md")), 300)  # the artifact is whole

    # --- the pipeline files ----------------------------------------------------------------------

    def test_every_script_is_valid_bash(self):
        for name in sorted(os.listdir(self.path("ci"))):
            with self.subTest(name):
                self.assertEqual(subprocess.run(["bash", "-n", self.path("ci", name)]).returncode, 0)
                if name != "lib.sh":
                    self.assertTrue(os.access(self.path("ci", name), os.X_OK), name)

    def test_the_manifest_is_valid(self):
        run = subprocess.run([HF2MS, "validate", "-f", self.path("hf2ms.toml")],
                             capture_output=True, text=True)
        self.assertEqual((run.returncode, run.stderr), (0, ""))

    def test_the_manifest_matches_the_editor_schema(self):
        # tests/schema globs examples/*.toml only; this manifest lives one folder deeper.
        modules = os.path.join(SOURCE, "tests", "conformance")
        if not shutil.which("node") or not os.path.isdir(os.path.join(modules, "node_modules", "ajv")):
            self.skipTest("node or the conformance npm packages are missing")
        check = """
const load = require('node:module').createRequire(process.argv[1] + '/package.json');
const fs = require('node:fs');
const Ajv = load('ajv/dist/2020').default, TOML = load('smol-toml');
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
load('ajv-formats').default(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')));
if (!validate(TOML.parse(fs.readFileSync(process.argv[3], 'utf8')))) {
  console.error(ajv.errorsText(validate.errors)); process.exit(1);
}"""
        run = subprocess.run(["node", "-e", check, modules,
                              os.path.join(SOURCE, "schemas", "hf2ms.schema.json"),
                              self.path("hf2ms.toml")], capture_output=True, text=True)
        self.assertEqual(run.returncode, 0, run.stderr)

    def test_github_workflows_run_the_scripts(self):
        flows = {name: load_yaml(self.path(".github", "workflows", name))
                 for name in ("hf2ms-plan.yml", "hf2ms-apply.yml", "hf2ms-drift.yml")}
        expected = {"hf2ms-plan.yml": ("pull_request", "ci/plan.sh"),
                    "hf2ms-apply.yml": ("push", "ci/apply.sh"),
                    "hf2ms-drift.yml": ("schedule", "ci/drift.sh")}
        for name, flow in flows.items():
            trigger, script = expected[name]
            with self.subTest(name):
                self.assertIn(trigger, flow["on"])
                runs = [step.get("run", "") for job in flow["jobs"].values()
                        for step in job["steps"]]
                self.assertIn(script, runs)
                self.assertIn("ci/install-hf2ms.sh", runs)
                for run in runs:
                    for called in re.findall(r"ci/[\w.-]+", run):
                        self.assertTrue(os.access(self.path(called), os.X_OK), called)
                env = {k: v for job in flow["jobs"].values() for k, v in job.get("env", {}).items()}
                self.assertEqual(env["HF_TOKEN"], "${{ secrets.HF_TOKEN }}")
                self.assertEqual(env["MODELSCOPE_TOKEN"], "${{ secrets.MODELSCOPE_TOKEN }}")
        apply = flows["hf2ms-apply.yml"]
        self.assertEqual(apply["on"]["push"]["branches"], ["main"])
        # The applied plan is made in this workflow, on the pushed commit of main, by the
        # default branch's own scripts; the apply job says which commit that was.
        main_plan = apply["jobs"]["plan"]
        self.assertIn("ci/plan.sh", [step.get("run", "") for step in main_plan["steps"]])
        self.assertNotIn("environment", main_plan)  # read tokens only
        self.assertEqual(apply["jobs"]["apply"]["needs"], "plan")
        self.assertIn("HF2MS_PLAN_COMMIT", apply["jobs"]["apply"]["env"])
        self.assertNotIn("pull_request", apply["on"])
        self.assertEqual(apply["concurrency"], {"group": "hf2ms-apply", "cancel-in-progress": False})
        job = apply["jobs"]["apply"]
        self.assertEqual(job["env"]["HF2MS_EXECUTOR"], "modal")
        for secret in ("MODAL_TOKEN_ID", "MODAL_TOKEN_SECRET"):
            self.assertEqual(job["env"][secret], "${{ secrets.%s }}" % secret)
        uses = [step.get("uses", "") for step in job["steps"]]
        self.assertIn("actions/download-artifact@v4", uses)
        plan_steps = flows["hf2ms-plan.yml"]["jobs"]["plan"]["steps"]
        upload = [s for s in plan_steps if s.get("uses", "").startswith("actions/upload-artifact")]
        self.assertEqual(upload[0]["with"]["name"], "hf2ms-plan")
        comment = [s for s in plan_steps if s.get("uses", "").startswith("actions/github-script")]
        self.assertIn(MARKER, comment[0]["with"]["script"])
        self.assertIn("hf2ms-plan/comment.md", comment[0]["with"]["script"])

    def test_gitlab_pipeline_runs_the_scripts(self):
        pipeline = load_yaml(self.path(".gitlab-ci.yml"))
        self.assertEqual(pipeline["default"]["before_script"], ["ci/install-hf2ms.sh"])
        scripts = {name: " ; ".join(job["script"]) for name, job in pipeline.items()
                   if isinstance(job, dict) and "script" in job}
        self.assertIn("ci/plan.sh", scripts["hf2ms:plan"])
        self.assertIn("ci/gitlab-note.sh", scripts["hf2ms:plan"])
        self.assertIn("ci/gitlab-fetch-plan.sh", scripts["hf2ms:apply"])
        self.assertIn("ci/apply.sh", scripts["hf2ms:apply"])
        self.assertIn("ci/drift.sh", scripts["hf2ms:drift"])
        self.assertEqual(pipeline["hf2ms:apply"]["resource_group"], "hf2ms-apply")
        self.assertEqual(pipeline["hf2ms:apply"]["variables"]["HF2MS_EXECUTOR"], "modal")
        for text in scripts.values():
            for called in re.findall(r"ci/[\w.-]+", text):
                self.assertTrue(os.access(self.path(called), os.X_OK), called)


def load_yaml(path):
    """PyYAML when installed; otherwise the small YAML subset the pipeline files use."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if "\t" in text:
        raise AssertionError(f"{path}: a tab character (YAML forbids tabs for indentation)")
    try:
        if os.environ.get("HF2MS_TEST_NO_YAML"):
            raise ImportError("forced")
        import yaml  # noqa: PLC0415 (optional)
    except ImportError:
        return MiniYaml(path, text).parse()
    data = yaml.safe_load(text)
    if True in data:  # YAML 1.1 reads the key `on` as a boolean
        data["on"] = data.pop(True)
    return data


class MiniYaml:
    """Block mappings, block sequences, `|` literals, flow lists of plain scalars and quoted or
    plain scalars: enough to check the structure of this example's pipeline files on a machine
    without PyYAML. Anything else is an error, so the check stays strict."""

    def __init__(self, path, text):
        self.path = path
        self.lines = []  # (line number, indent, text), comments and blank lines dropped
        for number, line in enumerate(text.split("\n"), 1):
            stripped = line.strip()
            if stripped and not stripped.startswith("#"):
                self.lines.append((number, len(line) - len(line.lstrip(" ")), line.rstrip()))
        self.raw = text.split("\n")
        self.i = 0

    def fail(self, why):
        number = self.lines[self.i][0] if self.i < len(self.lines) else len(self.raw)
        raise AssertionError(f"{self.path}:{number}: {why}")

    def parse(self):
        value = self.block(0)
        if self.i != len(self.lines):
            self.fail("unexpected indentation")
        return value

    def block(self, indent):
        if self.lines[self.i][2].lstrip().startswith("- "):
            return self.sequence(indent)
        return self.mapping(indent)

    def sequence(self, indent):
        out = []
        while self.i < len(self.lines) and self.lines[self.i][1] == indent \
                and self.lines[self.i][2].lstrip().startswith("- "):
            number, _, line = self.lines[self.i]
            item = line.lstrip()[2:]
            if re.match(r"^[\w.\-/]+:( |$)", item):  # a mapping starting on the dash line
                self.lines[self.i] = (number, indent + 2, " " * (indent + 2) + item)
                out.append(self.mapping(indent + 2))
            else:
                self.i += 1
                out.append(self.scalar(item))
        return out

    def mapping(self, indent):
        out = {}
        while self.i < len(self.lines) and self.lines[self.i][1] == indent:
            number, _, line = self.lines[self.i]
            match = re.match(r"^([\w.\-/: ]*?[\w\-]):(?: +(.*))?$", line.strip())
            if not match:
                self.fail(f"expected `key: value`, got {line.strip()!r}")
            key, rest = match.group(1), strip_comment(match.group(2) or "")
            if key in out:
                self.fail(f"duplicate key {key!r}")
            self.i += 1
            if rest == "|":
                out[key] = self.literal(indent, number)
            elif rest:
                out[key] = self.scalar(rest)
            elif self.i < len(self.lines) and self.lines[self.i][1] > indent:
                out[key] = self.block(self.lines[self.i][1])
            elif self.i < len(self.lines) and self.lines[self.i][1] == indent \
                    and self.lines[self.i][2].lstrip().startswith("- "):
                out[key] = self.sequence(indent)
            else:
                out[key] = None
        if self.i < len(self.lines) and self.lines[self.i][1] > indent:
            self.fail("unexpected indentation")
        return out

    def literal(self, indent, number):
        body = []
        for raw in self.raw[number:]:
            if raw.strip() and len(raw) - len(raw.lstrip(" ")) <= indent:
                break
            body.append(raw)
        while self.i < len(self.lines) and self.lines[self.i][0] <= number + len(body):
            self.i += 1
        width = min(len(r) - len(r.lstrip(" ")) for r in body if r.strip())
        return "\n".join(r[width:] for r in body).rstrip("\n") + "\n"

    def scalar(self, text):
        if text.startswith("[") and text.endswith("]"):
            return [self.scalar(item.strip()) for item in text[1:-1].split(",") if item.strip()]
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
            return text[1:-1]
        if text in ("true", "false"):
            return text == "true"
        if re.fullmatch(r"\d+", text):
            return int(text)
        if text[0] in "{&*!%@`" or ": " in text:
            self.fail(f"unsupported YAML {text!r}")
        return text


def strip_comment(text):
    if text.startswith(("'", '"')):
        return text
    return re.sub(r"\s+#.*$", "", text)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    HF2MS, HUBSIM, SOURCE = (os.path.abspath(a) for a in sys.argv[1:])
    unittest.main(argv=sys.argv[:1], verbosity=2)
