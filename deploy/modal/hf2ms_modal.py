"""hf2ms on Modal: run `hf2ms transfer` tasks in Modal containers so that no file byte passes
through the machine that runs `hf2ms apply`.

Standard library and `modal` only. All logic lives in the C++ binary; this file builds the image,
fans tasks out and hands results back. The contract with the C++ side (docs/modal.md):

* `hf2ms apply --executor modal` runs, without a shell,
  `modal run -q [-d] -w RESULT hf2ms_modal.py::main --job JOB [--detach]`, with the hub tokens
  only in the environment and `HF2MS_SECRET_VARS` naming them (names, never values).
* JOB is a JSON file: {"tasks": [<task>, ...], "commit": <commit job>}. Each task is what
  `hf2ms transfer --task FILE` takes; "commit" is what `hf2ms transfer --commit FILE --results
  FILE` takes once every task has reported.
* `hf2ms transfer` prints one JSON result line on stdout and its logs on stderr; exit status
  0 = done, 75 (EX_TEMPFAIL) = transient failure worth a retry, anything else = permanent failure.
"""

import json
import os
import pathlib
import subprocess
import tempfile

import modal

APP_NAME = "hf2ms"
PYTHON_VERSION = "3.12"
# Per attempt; Modal's maximum is 24 h. The binary gets a little less so it can report.
WORKER_TIMEOUT_S = 6 * 3600
ORCHESTRATOR_TIMEOUT_S = 24 * 3600 - 60
EXIT_RETRYABLE = 75
BUILD_PACKAGES = [
    "cmake", "ninja-build", "pkg-config", "g++", "ca-certificates", "libcurl4-openssl-dev",
    "libssl-dev", "nlohmann-json3-dev", "libtomlplusplus-dev", "libcli11-dev", "libxxhash-dev",
    "libcpp-httplib-dev",
]
RUNTIME_PACKAGES = ["ca-certificates", "libcurl4", "libssl3", "libxxhash0"]
SOURCE_IGNORE = [".git", "build", "build/**", "**/node_modules", "docs", "tests", "bench"]


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


def _image() -> "modal.Image":
    base = modal.Image.debian_slim(python_version=PYTHON_VERSION)
    prebuilt = os.environ.get("HF2MS_PREBUILT")
    if prebuilt:  # opt-in: a linux/amd64 hf2ms built on Debian 12 (glibc 2.36) or older
        return base.apt_install(*RUNTIME_PACKAGES).add_local_file(prebuilt, "/usr/local/bin/hf2ms")
    return (
        base.apt_install(*BUILD_PACKAGES)
        .add_local_dir(str(_source_dir()), "/src", copy=True, ignore=SOURCE_IGNORE)
        .run_commands(
            "cmake -S /src -B /tmp/build -G Ninja -DCMAKE_BUILD_TYPE=Release"
            " -DHF2MS_BUILD_TESTS=OFF -DHF2MS_BUILD_BENCH=OFF"
            " && cmake --build /tmp/build --target hf2ms"
            " && install -m 0755 /tmp/build/src/cli/hf2ms /usr/local/bin/hf2ms && rm -rf /tmp/build"
        )
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


def _run_hf2ms(args: list, timeout_s: int) -> tuple:
    """Runs hf2ms with `args`, its stderr streaming live; returns (its JSON result line as a
    dict, its exit status). The line is {} when the binary died before printing one."""
    proc = subprocess.run(
        [_hf2ms(), *args], stdout=subprocess.PIPE, stderr=None, text=True, timeout=timeout_s
    )
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    try:
        result = json.loads(lines[-1]) if lines else {}
    except json.JSONDecodeError:
        result = {"error": "unreadable result line"}
    if not isinstance(result, dict):
        result = {"error": "unreadable result line"}
    return result, proc.returncode


def _run_task(path: str) -> dict:
    result, status = _run_hf2ms(["transfer", "--task", path], WORKER_TIMEOUT_S - 120)
    if status == EXIT_RETRYABLE:
        raise RetryableTransferError(result.get("error", "transient failure"))
    result["exit_status"] = status
    return result


def _with_file(text: str, args_for_path) -> dict:
    with tempfile.TemporaryDirectory(prefix="hf2ms-") as tmp:
        path = pathlib.Path(tmp, "input.json")
        path.write_text(text)
        return args_for_path(str(path), tmp)


@app.function(
    secrets=[_secret()],
    timeout=WORKER_TIMEOUT_S,
    retries=modal.Retries(max_retries=2, initial_delay=10.0, backoff_coefficient=2.0),
    cpu=2.0,
    memory=2048,
    restrict_modal_access=True,
)
def transfer(task_json: str) -> dict:
    """One shard: `hf2ms transfer --task FILE`."""
    return _with_file(task_json, lambda path, _: _run_task(path))


def _as_record(task_index: int, outcome) -> dict:
    """A result record for the commit step, always naming its task (a binary that refused
    a task before reading it cannot know the index)."""
    if isinstance(outcome, BaseException):
        return {"task": task_index, "ok": False, "error": f"{type(outcome).__name__}: {outcome}"}
    outcome["task"] = task_index
    outcome.setdefault("ok", outcome.get("exit_status") == 0)
    return outcome


@app.function(secrets=[_secret()], timeout=ORCHESTRATOR_TIMEOUT_S)
def orchestrate(job_json: str) -> str:
    """Fans the tasks out with .map(), then commits every mirror whose tasks all succeeded.
    Runs remotely, so a detached run goes on after the caller disconnects."""
    job = json.loads(job_json)
    tasks = job.get("tasks", [])
    outcomes = transfer.map([json.dumps(t) for t in tasks], order_outputs=True, return_exceptions=True)
    results = [_as_record(t.get("index", i), o) for i, (t, o) in enumerate(zip(tasks, outcomes))]

    def commit(path: str, tmp: str) -> dict:
        results_path = pathlib.Path(tmp, "results.json")
        results_path.write_text(json.dumps(results))
        args = ["transfer", "--commit", path, "--results", str(results_path)]
        report, status = _run_hf2ms(args, ORCHESTRATOR_TIMEOUT_S - 300)
        if status != 0 and "mirrors" not in report:
            report.setdefault("error", f"hf2ms transfer --commit exited with status {status}")
        return report

    summary = _with_file(json.dumps(job.get("commit", {})), commit)
    return json.dumps({"tasks": results, "commit": summary})


@app.function(timeout=600)
def hello() -> str:
    """Checks the image: the hf2ms version inside it."""
    return subprocess.run([_hf2ms(), "--version"], capture_output=True, text=True, check=True).stdout.strip()


@app.local_entrypoint()
def main(job: str, detach: bool = False) -> str:
    text = pathlib.Path(job).read_text()
    print(f"HF2MS_APP_ID={app.app_id}", flush=True)
    if detach:
        call = orchestrate.spawn(text)
        return json.dumps({"detached": True, "function_call_id": call.object_id})
    return orchestrate.remote(text)
