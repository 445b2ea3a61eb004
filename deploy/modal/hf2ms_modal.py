"""hf2ms on Modal: run `hf2ms transfer` tasks in Modal containers so that no file byte passes
through the machine that runs `hf2ms apply`.

Standard library and `modal` only. All logic lives in the C++ binary; this file builds the image,
fans tasks out and hands results back. The contract with the C++ side (docs/modal.md):

* `hf2ms apply --executor modal` runs, without a shell,
  `modal run [-d] -w RESULT hf2ms_modal.py::main --job JOB [--detach]`, with the hub tokens
  only in the environment and `HF2MS_SECRET_VARS` naming them (names, never values). No `-q`:
  in quiet mode `modal run` streams no container output at all.
* JOB is a JSON file: {"tasks": [<task>, ...], "commit": <commit job>}. Each task is what
  `hf2ms transfer --task FILE` takes; "commit" is what `hf2ms transfer --commit FILE --results
  FILE` takes once every task has reported.
* `hf2ms transfer` prints one JSON result line on stdout and its logs on stderr; exit status
  0 = done, 75 (EX_TEMPFAIL) = transient failure worth a retry, anything else = permanent failure.
* RESULT is {"status": "finished"|"timed_out", "tasks": [...], "commit": {...}} for an attached
  run, {"detached": true, ...} for a detached one, whose summary the orchestrator keeps in the
  Modal Dict RUNS_DICT under the app id: `modal run hf2ms_modal.py::status --app-id ap-...`.
* One deadline per run, from the orchestrator's start: transfers stop COMMIT_RESERVE_S before it,
  the commit gets whatever is left, and anything cut short says "timed out: ..." (docs/modal.md).
"""

import json
import os
import pathlib
import subprocess
import tempfile
import time

import modal

APP_NAME = "hf2ms"
# Pinned: Image.debian_slim() follows the workspace's image builder version, and builder 2023.12
# bases it on bullseye, whose cmake, nlohmann-json and toml++ are too old or missing. The official
# Python image on bookworm (glibc 2.36, the release hf2ms is built and tested on) is the same
# whatever the builder version.
BASE_IMAGE = "python:3.12-slim-bookworm"

# Time budget. Modal's timeout is per attempt and every retry starts a new one, so the app keeps
# its own clock: the run's deadline is ORCHESTRATOR_TIMEOUT_S - FINISH_MARGIN_S after the
# orchestrator starts; workers get it less COMMIT_RESERVE_S and stop their binary in time.
ORCHESTRATOR_TIMEOUT_S = 24 * 3600  # Modal's maximum
FINISH_MARGIN_S = 300  # after the deadline: write the summary and return
COMMIT_RESERVE_S = 2 * 3600  # the commit step's share, at least
WORKER_TIMEOUT_S = 6 * 3600  # per attempt
WORKER_MARGIN_S = 120  # the binary stops this long before the attempt's timeout
STOP_GRACE_S = 30  # SIGTERM, then SIGKILL
MIN_ATTEMPT_S = 60  # no attempt (and no retry) starts with less time than this left
TIMED_OUT = "timed out: "  # how every record cut short by the deadline begins

EXIT_RETRYABLE = 75
RETRIES = modal.Retries(max_retries=2, initial_delay=10.0, backoff_coefficient=2.0)
# The commit step holds a mirror's inline files (each under the hub's LFS threshold) in memory
# while it commits; 4 GiB leaves room for large repos of small files.
ORCHESTRATOR_MEMORY_MIB = 4096
# Every run's summary, by app id (`status` reads it). Modal drops entries unused for 7 days.
RUNS_DICT = "hf2ms-runs"

# What the image compiles: the tree cmake/install.cmake ships as share/hf2ms/source, nothing
# else, so that editing docs, tests or the README rebuilds no layer (tests/modal checks both).
BUILD_TREE = (("CMakeLists.txt", "file"), ("cmake", "dir"), ("src", "dir"))
BUILD_PACKAGES = [
    "cmake", "ninja-build", "pkg-config", "g++", "ca-certificates", "libcurl4-openssl-dev",
    "libssl-dev", "nlohmann-json3-dev", "libtomlplusplus-dev", "libcli11-dev", "libxxhash-dev",
    "libcpp-httplib-dev",
]
# The bookworm packages owning the libraries the hf2ms binary links (its ELF NEEDED entries),
# plus CA certificates. Never edited by hand: tests/modal derives the list from the built binary.
RUNTIME_PACKAGES = [
    "ca-certificates", "libc6", "libcurl4", "libgcc-s1", "libssl3", "libstdc++6",
    "libtomlplusplus3", "libxxhash0",
]


def _source_dir(app_file: str = __file__) -> pathlib.Path:
    """The hf2ms source tree the image compiles: $HF2MS_SRC; else the checkout this file sits in
    (its deploy/modal/); else the tree installed beside it (<prefix>/share/hf2ms/source, next to
    <prefix>/share/hf2ms/modal/). Containers re-import this file as /root/hf2ms_modal.py, where
    no tree exists and none is needed: Modal reads local paths only when it uploads them."""
    if os.environ.get("HF2MS_SRC"):
        return pathlib.Path(os.environ["HF2MS_SRC"])
    here = pathlib.Path(app_file).resolve().parent
    checkout, installed = here.parent.parent, here.parent / "source"
    for tree in (checkout, installed):
        if (tree / "CMakeLists.txt").is_file() and (tree / "src").is_dir():
            return tree
    return checkout


def _not_built(rel: pathlib.Path) -> bool:
    """Files under src/ and cmake/ that no build reads: caches, editor leftovers, hidden files."""
    return any(part.startswith(".") or part == "__pycache__" for part in rel.parts) or \
        rel.name.endswith(("~", ".pyc", ".swp"))


def _image() -> "modal.Image":
    base = modal.Image.from_registry(BASE_IMAGE)
    prebuilt = os.environ.get("HF2MS_PREBUILT")
    if prebuilt:  # opt-in: a linux/amd64 hf2ms built on Debian 12 (glibc 2.36) or older
        return base.apt_install(*RUNTIME_PACKAGES).add_local_file(prebuilt, "/usr/local/bin/hf2ms")
    image = base.apt_install(*BUILD_PACKAGES)
    tree = _source_dir()
    for name, kind in BUILD_TREE:
        if kind == "file":
            image = image.add_local_file(str(tree / name), f"/src/{name}", copy=True)
        else:
            image = image.add_local_dir(str(tree / name), f"/src/{name}", copy=True,
                                        ignore=_not_built)
    return image.run_commands(
        "cmake -S /src -B /tmp/build -G Ninja -DCMAKE_BUILD_TYPE=Release"
        " -DHF2MS_BUILD_TESTS=OFF -DHF2MS_BUILD_BENCH=OFF"
        " && cmake --build /tmp/build --target hf2ms"
        " && install -m 0755 /tmp/build/src/cli/hf2ms /usr/local/bin/hf2ms && rm -rf /tmp/build"
    )


def _secret() -> "modal.Secret":
    """The hub tokens, copied from the local environment into an app-owned Modal Secret.
    HF2MS_SECRET_VARS lists the variable names; values never appear in argv or files."""
    names = [n for n in os.environ.get("HF2MS_SECRET_VARS", "").split(",") if n]
    return modal.Secret.from_dict({name: os.environ.get(name) for name in names})


class RetryableTransferError(Exception):
    """Raised for exit status 75 so that Modal's `retries=` runs the task again."""


app = modal.App(APP_NAME, image=_image())


def _hf2ms() -> str:
    return os.environ.get("HF2MS_BIN", "hf2ms")


def _result_line(stdout: str) -> dict:
    lines = [line for line in (stdout or "").splitlines() if line.strip()]
    try:
        result = json.loads(lines[-1]) if lines else {}
    except json.JSONDecodeError:
        result = {"error": "unreadable result line"}
    return result if isinstance(result, dict) else {"error": "unreadable result line"}


def _run_hf2ms(args: list, timeout_s: float) -> tuple:
    """Runs hf2ms with `args`, its stderr streaming live; returns (its JSON result line as a
    dict, its exit status). The line is {} when the binary died before printing one. After
    `timeout_s` the binary gets SIGTERM, STOP_GRACE_S later SIGKILL, and the status is None."""
    proc = subprocess.Popen([_hf2ms(), *args], stdout=subprocess.PIPE, stderr=None, text=True)
    try:
        out, _ = proc.communicate(timeout=max(timeout_s, 1))
        return _result_line(out), proc.returncode
    except subprocess.TimeoutExpired:
        proc.terminate()
        try:
            out, _ = proc.communicate(timeout=STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
        return _result_line(out), None


def _with_file(text: str, args_for_path) -> dict:
    with tempfile.TemporaryDirectory(prefix="hf2ms-") as tmp:
        path = pathlib.Path(tmp, "input.json")
        path.write_text(text)
        return args_for_path(str(path), tmp)


def _run_task(path: str, label: str, deadline: float) -> dict:
    budget = min(WORKER_TIMEOUT_S - WORKER_MARGIN_S, deadline - time.time())
    if budget < MIN_ATTEMPT_S:
        return {"ok": False, "error": TIMED_OUT + "the run's deadline left no time to start it"}
    print(f"hf2ms {label}: started, {budget:.0f} s allowed", flush=True)
    # --progress-lines: the binary reports bytes on stderr, which Modal streams to `modal run`
    # and the local hf2ms turns into its progress view (docs/modal.md).
    result, status = _run_hf2ms(["transfer", "--task", path, "--progress-lines"], budget)
    if status is None:
        stopped = f"hf2ms transfer was stopped after {budget:.0f} s"
        return {"ok": False, "error": TIMED_OUT + stopped}
    print(f"hf2ms {label}: exit status {status}", flush=True)
    if status == EXIT_RETRYABLE:
        why = result.get("error", "transient failure")
        if deadline - time.time() >= MIN_ATTEMPT_S + RETRIES.max_delay:
            raise RetryableTransferError(why)
        return {"ok": False, "error": TIMED_OUT + f"no time left for a retry after: {why}"}
    result["exit_status"] = status
    return result


@app.function(
    secrets=[_secret()],
    timeout=WORKER_TIMEOUT_S,
    retries=RETRIES,
    cpu=2.0,
    memory=2048,
    restrict_modal_access=True,
)
def transfer(task_json: str, deadline: float = 0.0) -> dict:
    """One shard: `hf2ms transfer --task FILE`, stopped in time for `deadline` (epoch seconds;
    0 = only the attempt's own limit). Only exit status 75 raises, so that Modal retries it;
    anything else, a timeout included, is a record, which Modal does not retry."""
    label = f"task {json.loads(task_json).get('index', '?')}"
    until = deadline or time.time() + WORKER_TIMEOUT_S
    try:
        return _with_file(task_json, lambda path, _: _run_task(path, label, until))
    except RetryableTransferError:
        raise
    except Exception as e:  # noqa: BLE001 - a record, not a retry
        return {"ok": False, "error": f"{type(e).__name__}: {e}"}


def _as_record(task_index: int, outcome) -> dict:
    """A result record for the commit step, always naming its task (a binary that refused
    a task before reading it cannot know the index)."""
    if isinstance(outcome, BaseException):
        return {"task": task_index, "ok": False, "error": f"{type(outcome).__name__}: {outcome}"}
    outcome["task"] = task_index
    outcome.setdefault("ok", outcome.get("exit_status") == 0)
    return outcome


def _commit(job: dict, results: list, deadline: float) -> dict:
    budget = deadline - time.time()
    if budget < MIN_ATTEMPT_S:
        return {"error": TIMED_OUT + "the run's deadline left no time for the commit step"}

    def run(path: str, tmp: str) -> dict:
        results_path = pathlib.Path(tmp, "results.json")
        results_path.write_text(json.dumps(results))
        args = ["transfer", "--commit", path, "--results", str(results_path)]
        print(f"hf2ms commit: started, {budget:.0f} s allowed", flush=True)
        report, status = _run_hf2ms(args, budget)
        if status is None:
            return {"error": TIMED_OUT + f"the commit step was stopped after {budget:.0f} s"}
        if status != 0 and "mirrors" not in report:
            report.setdefault("error", f"hf2ms transfer --commit exited with status {status}")
        return report

    return _with_file(json.dumps(job.get("commit", {})), run)


def _runs() -> "modal.Dict":
    return modal.Dict.from_name(RUNS_DICT, create_if_missing=True)


@app.function(
    secrets=[_secret()],
    timeout=ORCHESTRATOR_TIMEOUT_S,
    nonpreemptible=True,
    cpu=1.0,
    memory=ORCHESTRATOR_MEMORY_MIB,
)
def orchestrate(job_json: str, run_key: str = "") -> str:
    """Fans the tasks out with .map(), then commits every mirror whose tasks all succeeded.
    Runs remotely, so a detached run goes on after the caller disconnects. Its summary is kept
    under `run_key` (the app id) in RUNS_DICT; started again after it finished (a lost host),
    it returns that summary instead of running the job twice."""
    start = time.time()
    runs = _runs() if run_key else None
    previous = runs.get(run_key) if runs is not None else None
    if previous and previous.get("state") == "finished":
        print(f"hf2ms: run {run_key} already finished; returning its summary", flush=True)
        return previous["summary"]
    if runs is not None:
        runs.put(run_key, {"state": "running", "started": start})
    deadline = start + ORCHESTRATOR_TIMEOUT_S - FINISH_MARGIN_S
    job = json.loads(job_json)
    tasks = job.get("tasks", [])
    outcomes = transfer.map([json.dumps(t) for t in tasks],
                            kwargs={"deadline": deadline - COMMIT_RESERVE_S},
                            order_outputs=True, return_exceptions=True)
    results = [_as_record(t.get("index", i), o) for i, (t, o) in enumerate(zip(tasks, outcomes))]
    report = _commit(job, results, deadline)
    # Inline file bytes travel from the workers to the commit step only: the summary keeps each
    # file's hashes (the local process records the git oid / SHA-256 pairs), not its content.
    for record in results:
        for f in record.get("files", []) if isinstance(record.get("files"), list) else []:
            if isinstance(f, dict):
                f.pop("content", None)
    cut = [r for r in [*results, report] if str(r.get("error", "")).startswith(TIMED_OUT)]
    summary = json.dumps({"status": "timed_out" if cut else "finished", "tasks": results,
                          "commit": report})
    if runs is not None:
        runs.put(run_key, {"state": "finished", "summary": summary})
    return summary


@app.function(timeout=600)
def hello() -> str:
    """Checks the image: prints (and returns) the hf2ms version inside it. `modal run` shows a
    Function's output but not its return value."""
    version = subprocess.run([_hf2ms(), "--version"], capture_output=True, text=True,
                             check=True).stdout.strip()
    print(version, flush=True)
    return version


@app.local_entrypoint()
def main(job: str, detach: bool = False) -> str:
    text = pathlib.Path(job).read_text()
    run_key = app.app_id or ""
    print(f"HF2MS_APP_ID={app.app_id}", flush=True)
    if detach:
        if run_key:  # before the spawn: `status` finds the run even before its container starts
            _runs().put(run_key, {"state": "submitted", "started": time.time()})
        call = orchestrate.spawn(text, run_key)
        return json.dumps({"detached": True, "function_call_id": call.object_id,
                           "summary_key": run_key,
                           "app_file": str(pathlib.Path(__file__).resolve())})
    return orchestrate.remote(text, run_key)


@app.local_entrypoint()
def status(app_id: str) -> str:
    """A run's summary from RUNS_DICT: the attached result's shape once it finished, else
    {"status": "running"} or {"status": "unknown"}. `modal run APP::status --app-id ID -w FILE`."""
    entry = _runs().get(app_id)
    if entry is None:
        text = json.dumps({"status": "unknown", "error": f"no run {app_id} in the Modal Dict "
                           f"{RUNS_DICT} (entries unused for 7 days expire)"})
    elif entry.get("state") != "finished":
        text = json.dumps({"status": "running", "started": entry.get("started")})
    else:
        text = entry["summary"]
    print(text, flush=True)
    return text
