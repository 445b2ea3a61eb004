#!/usr/bin/env python3
"""A fake `modal` CLI for tests (the real one cannot be installed here). Tests copy it into a
folder of their own as `modal` and put that folder first on PATH.

It understands just what hf2ms runs:
  modal --version
  modal token info
  modal run -q [-d] -w RESULT FILE::FUNC --job JOB [--detach]
Every call appends one JSON record to $FAKE_MODAL_RECORD: its argv, its environment, and for
`run` the job file's text and permission bits (read before anything else happens).

`run` in mode "app" (default) imports FILE with the stand-in `modal` package
($FAKE_MODAL_STUB) and calls FUNC(job=JOB, detach=...) in-process, writing what it returns to
RESULT, as `modal run -w` does; an exception prints a traceback and exits 1. Mode "canned"
prints HF2MS_APP_ID=ap-canned, writes $FAKE_MODAL_RESULT (when set) to RESULT and exits
$FAKE_MODAL_EXIT (default 0). Mode "hang" waits for SIGINT and exits 130. Auth: $FAKE_MODAL_AUTH=1 makes `token info` succeed.
"""

import importlib.util
import json
import os
import stat
import sys
import time
import traceback


def record(entry):
    path = os.environ.get("FAKE_MODAL_RECORD")
    if path:
        entry.update({"argv": sys.argv, "env": dict(os.environ)})
        with open(path, "a") as f:
            f.write(json.dumps(entry) + "\n")


def option(args, name):
    return args[args.index(name) + 1] if name in args else None


def run_app(ref, job, detach):
    file_name, func = ref.split("::")
    sys.path.insert(0, os.environ["FAKE_MODAL_STUB"])
    sys.path.insert(0, os.path.dirname(os.path.abspath(file_name)))
    spec = importlib.util.spec_from_file_location("hf2ms_modal", file_name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, func)(job=job, detach=detach)


def run(args):
    job = option(args, "--job")
    entry = {"command": "run"}
    if job and os.path.exists(job):
        entry["job_text"] = open(job).read()
        entry["job_mode"] = stat.S_IMODE(os.stat(job).st_mode)
        entry["job_dir_mode"] = stat.S_IMODE(os.stat(os.path.dirname(job)).st_mode)
    record(entry)
    result_path = option(args, "-w")
    ref = next(a for a in args if "::" in a)
    if os.environ.get("FAKE_MODAL_MODE") == "hang":  # until Ctrl-C, like a long attached run
        try:
            print("HF2MS_APP_ID=ap-hang", flush=True)
            time.sleep(30)
        except KeyboardInterrupt:
            print("stopping the app", flush=True)
            return 130
        return 0
    if os.environ.get("FAKE_MODAL_MODE", "app") == "canned":
        print("HF2MS_APP_ID=ap-canned", flush=True)
        if "FAKE_MODAL_RESULT" in os.environ:
            with open(result_path, "w") as f:
                f.write(os.environ["FAKE_MODAL_RESULT"])
        return int(os.environ.get("FAKE_MODAL_EXIT", "0"))
    try:
        value = run_app(ref, job, "--detach" in args)
    except Exception:  # noqa: BLE001 - modal prints the remote traceback and exits 1
        traceback.print_exc()
        return 1
    with open(result_path, "w") as f:
        f.write(value)
    return 0


def main():
    args = sys.argv[1:]
    if args[:1] == ["--version"]:
        record({"command": "version"})
        print("modal client version: 1.6.4")
        return 0
    if args[:2] == ["token", "info"]:
        record({"command": "token info"})
        if os.environ.get("FAKE_MODAL_AUTH") == "1":
            print("Token: ak-fake (workspace: hf2ms-tests)")
            return 0
        print("Token missing. Could not authenticate client.", file=sys.stderr)
        return 1
    if args[:1] == ["run"]:
        return run(args[1:])
    print(f"fake modal: unsupported command {args}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
