#!/usr/bin/env python3
"""A fake `modal` CLI for tests (the real one cannot be installed here). Tests copy it into a
folder of their own as `modal` and put that folder first on PATH.

It understands just what hf2ms runs, with the real CLI's option names
(tests/modal/stub/modal/_signatures.py says where they were read):
  modal --version
  modal token info
  modal run [-q] [-d|--detach] [-w|--write-result PATH] [-e|--env ENV] [-n|--name NAME]
            [-i] [-m] [--timestamps] FILE::FUNC [--param VALUE ...]
Options before FILE::FUNC are `modal run`'s own; an unknown one fails as click does (exit 2).
Options after it are the function's parameters, mapped as `modal run` maps them: `_` becomes
`-`, a bool is --x/--no-x, a parameter without default is required, an unknown one fails.
Every call appends one JSON record to $FAKE_MODAL_RECORD: its argv, its environment, and for
`run` the job file's text and permission bits (read before anything else happens).

`run` in mode "app" (default) imports FILE with the stand-in `modal` package
($FAKE_MODAL_STUB) and runs FUNC in a running app: a local entrypoint is called in-process, a
Function with .remote() (with -d: .spawn().get(), as the real CLI). What it returns (str or
bytes only) goes to the -w file; an exception prints a traceback and exits 1. Container output
goes to stdout, none at all with -q (the real client starts no log stream in quiet mode). With
-d the orchestrator the entrypoint spawned goes on after the entrypoint returned; this fake then
waits for it before exiting (the real CLI exits, the app keeps running), so a later `modal run
FILE::status` sees the summary it left: Dicts persist in $MODAL_STUB_STATE_DIR (default: a
folder beside $FAKE_MODAL_RECORD). Mode "canned" prints HF2MS_APP_ID=ap-canned, writes
$FAKE_MODAL_RESULT (when set) to the -w file and exits $FAKE_MODAL_EXIT (default 0). Mode "hang"
waits for SIGINT and exits 130. Auth: $FAKE_MODAL_AUTH=1 makes `token info` succeed.
"""

import importlib.util
import inspect
import json
import os
import stat
import sys
import time
import traceback

FLAGS = {"-q": "quiet", "--quiet": "quiet", "-d": "detach", "--detach": "detach",
         "-i": "interactive", "--interactive": "interactive", "-m": "module",
         "--timestamps": "timestamps"}
VALUE_OPTIONS = {"-w": "write_result", "--write-result": "write_result", "-e": "env",
                 "--env": "env", "-n": "name", "--name": "name"}


class UsageError(Exception):
    pass


def record(entry):
    path = os.environ.get("FAKE_MODAL_RECORD")
    if path:
        entry.update({"argv": sys.argv, "env": dict(os.environ)})
        with open(path, "a") as f:
            f.write(json.dumps(entry) + "\n")


def parse_run(args):
    """(modal run's options, FILE::FUNC, the function's own arguments)."""
    options, i = {}, 0
    while i < len(args) and args[i].startswith("-"):
        name = args[i]
        if name in FLAGS:
            options[FLAGS[name]] = True
        elif name in VALUE_OPTIONS and i + 1 < len(args):
            options[VALUE_OPTIONS[name]] = args[i + 1]
            i += 1
        else:
            raise UsageError(f"No such option: {name}")
        i += 1
    if i == len(args):
        raise UsageError("Missing argument 'FUNC_REF'.")
    return options, args[i], args[i + 1:]


def bind_parameters(func, words):
    """The keyword arguments `modal run` gives `func` for the words after FILE::FUNC."""
    sig = inspect.signature(func)
    by_option = {}
    for p in sig.parameters.values():
        name = "--" + p.name.replace("_", "-")
        if p.annotation is bool:
            by_option[name] = (p.name, True)
            by_option["--no-" + p.name.replace("_", "-")] = (p.name, False)
        else:
            by_option[name] = (p.name, None)
    kwargs, i = {}, 0
    while i < len(words):
        if words[i] not in by_option:
            raise UsageError(f"No such option: {words[i]}")
        param, flag_value = by_option[words[i]]
        if flag_value is not None:
            kwargs[param] = flag_value
        elif i + 1 >= len(words):
            raise UsageError(f"Option '{words[i]}' requires an argument.")
        else:
            kind = sig.parameters[param].annotation
            kwargs[param] = kind(words[i + 1]) if kind in (int, float) else words[i + 1]
            i += 1
        i += 1
    for p in sig.parameters.values():
        if p.default is inspect.Parameter.empty and p.name not in kwargs:
            raise UsageError(f"Missing option '--{p.name.replace('_', '-')}'.")
    return kwargs


def load_app(file_name):
    sys.path.insert(0, os.environ["FAKE_MODAL_STUB"])
    sys.path.insert(0, os.path.dirname(os.path.abspath(file_name)))
    import modal  # the stand-in

    record_path = os.environ.get("FAKE_MODAL_RECORD", "")
    if "MODAL_STUB_STATE_DIR" not in os.environ and record_path:
        os.environ["MODAL_STUB_STATE_DIR"] = os.path.join(os.path.dirname(record_path), "modal-state")
    if os.environ.get("MODAL_STUB_STATE_DIR"):
        os.makedirs(os.environ["MODAL_STUB_STATE_DIR"], exist_ok=True)
    spec = importlib.util.spec_from_file_location("hf2ms_modal", file_name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return modal, module


def run_app(options, ref, words):
    file_name, func_name = ref.split("::")
    modal, module = load_app(file_name)
    modal.state.quiet = bool(options.get("quiet"))
    modal.state.capture_container_output = True
    app = module.app
    detach = bool(options.get("detach"))
    with app.run(detach=detach):
        if func_name in app.local_entrypoints:
            func = app.local_entrypoints[func_name]
            kwargs = bind_parameters(func, words)
            if detach:
                print("Note that running a local entrypoint in detached mode only keeps the last "
                      "triggered Modal function alive after the parent process has been killed or "
                      "disconnected.", flush=True)
            value = func(**kwargs)
        elif func_name in app.functions:
            fn = app.functions[func_name]
            kwargs = bind_parameters(fn._body, words)
            value = fn.spawn(**kwargs).get() if detach else fn.remote(**kwargs)
        else:
            raise UsageError(f"'{file_name}' has no function or local entrypoint {func_name}")
    if options.get("write_result"):
        if not isinstance(value, (str, bytes)):
            raise UsageError(f"Function must return str or bytes when using `--write-result`; got {type(value)}.")
        with open(options["write_result"], "wb" if isinstance(value, bytes) else "w") as f:
            f.write(value)
    for call in modal.state.spawned:  # the app keeps running after a detached entrypoint
        try:
            call.get()
        except Exception:  # noqa: BLE001 - a detached failure shows in the app's logs only
            traceback.print_exc()
    return 0


def run(args):
    try:
        options, ref, words = parse_run(args)
    except UsageError as e:
        print(f"Error: {e}", file=sys.stderr)
        return 2
    job = words[words.index("--job") + 1] if "--job" in words[:-1] else None
    entry = {"command": "run", "options": options, "ref": ref}
    if job and os.path.exists(job):
        entry["job_text"] = open(job).read()
        entry["job_mode"] = stat.S_IMODE(os.stat(job).st_mode)
        entry["job_dir_mode"] = stat.S_IMODE(os.stat(os.path.dirname(job)).st_mode)
    record(entry)
    mode = os.environ.get("FAKE_MODAL_MODE", "app")
    if mode == "hang":  # until Ctrl-C, like a long attached run
        try:
            print("HF2MS_APP_ID=ap-hang", flush=True)
            time.sleep(30)
        except KeyboardInterrupt:
            print("stopping the app", flush=True)
            return 130
        return 0
    if mode == "canned":
        print("HF2MS_APP_ID=ap-canned", flush=True)
        if "FAKE_MODAL_RESULT" in os.environ and options.get("write_result"):
            with open(options["write_result"], "w") as f:
                f.write(os.environ["FAKE_MODAL_RESULT"])
        return int(os.environ.get("FAKE_MODAL_EXIT", "0"))
    try:
        return run_app(options, ref, words)
    except UsageError as e:
        print(f"Error: {e}", file=sys.stderr)
        return 2
    except Exception:  # noqa: BLE001 - modal prints the remote traceback and exits 1
        traceback.print_exc()
        return 1


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
