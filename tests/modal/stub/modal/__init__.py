"""A stand-in for the `modal` package, for tests only: Modal cannot be installed here.

It keeps the shape of the API deploy/modal/hf2ms_modal.py uses and checks every call against
the real client's signatures (_signatures.py names the source and version): an unknown
keyword or a value of the wrong type raises TypeError, as a real call would, and the limits
the real client enforces (Retries bounds, absolute remote paths, a build step after a
runtime mount, timeouts of 1 s..24 h) raise InvalidError.

Functions run in-process, but the way Modal runs them:
  * every input runs under the Function's `timeout` (per attempt; a late attempt fails with
    FunctionTimeoutError while its thread, like a container being torn down, finishes in the
    background) and is retried under its `retries` policy after ANY exception, a timeout
    included; each retry starts a new timeout;
  * `simulate_preemption(n)` restarts the next n attempts after they ran (their side effects
    happened, their result is lost) without counting them as retries, except on a Function
    declared `nonpreemptible=True`; `simulate_restart(n)` does the same whatever the options
    (a lost host);
  * `.map()` runs its inputs in parallel threads (at most `max_containers`, else 16);
  * `.spawn()` runs in a thread and returns at once; FunctionCall.get waits;
  * arguments and results are copied, as serialization does;
  * while any remote body runs, the process's stdout and stderr go to stdout, as `modal run`
    streams container logs, or nowhere when `state.quiet` is set (`modal run -q` starts no
    log stream at all); only with `state.capture_container_output` (the fake CLI sets it).
Images record their steps, the Debian release under them (debian_slim's follows the image
builder version, $MODAL_IMAGE_BUILDER_VERSION, default 2023.12: the oldest still accepted,
whose base is bullseye) and a key per copied layer computed from the files' contents, so tests
can tell which edits rebuild what. Dicts live in memory, or in $MODAL_STUB_STATE_DIR so that
another process (a second `modal run`) sees them. Nothing here talks to a network.
"""

import concurrent.futures
import contextlib
import copy
import hashlib
import inspect
import itertools
import json
import os
import pathlib
import sys
import threading
import time
from fnmatch import fnmatch

from . import exception
from ._signatures import (APP_OPTIONS, DEBIAN_BY_BUILDER, DICT_FROM_NAME_OPTIONS,
                          FUNCTION_OPTIONS, LOCAL_ENTRYPOINT_OPTIONS, MAP_OPTIONS, RETRIES_LIMITS,
                          TIMEOUT_RANGE_S)

_ids = itertools.count(1)


class _State:
    def __init__(self):
        self.quiet = False
        self.capture_container_output = False
        self.delay_scale = 0.0  # retry delays are recorded in full and slept scaled by this
        self.spawned = []  # FunctionCalls started, so that a detached `modal run` can wait


state = _State()


def _check_options(where, options, table):
    for key, value in options.items():
        if key not in table:
            raise TypeError(f"{where} got an unexpected keyword argument '{key}'")
        allowed = table[key]
        if object in allowed:
            continue
        types = tuple(Retries if t == "Retries" else t for t in allowed)
        # bool is an int in Python; the real annotations keep them apart.
        if isinstance(value, bool) and bool not in types:
            raise TypeError(f"{where}: {key}={value!r} is not of an accepted type")
        if not isinstance(value, types):
            raise TypeError(f"{where}: {key}={value!r} is not of an accepted type")


class Retries:
    def __init__(self, *, max_retries, backoff_coefficient=2.0, initial_delay=1.0, max_delay=60.0):
        if not isinstance(max_retries, int) or max_retries < 0:
            raise exception.InvalidError(f"Invalid retries number: {max_retries}")
        for name, value in (("max_delay", max_delay), ("initial_delay", initial_delay),
                            ("backoff_coefficient", backoff_coefficient)):
            low, high = RETRIES_LIMITS[name]
            if not low <= value <= high:
                raise exception.InvalidError(f"Invalid {name}: {value}")
        self.max_retries = max_retries
        self.backoff_coefficient = backoff_coefficient
        self.initial_delay = initial_delay
        self.max_delay = max_delay


class Secret:
    def __init__(self, values):
        self.values = values

    @staticmethod
    def from_dict(env_dict={}):  # noqa: B006 - the real default
        for key, value in env_dict.items():
            if not isinstance(key, str) or not (value is None or isinstance(value, str)):
                raise exception.InvalidError("Secret.from_dict takes str keys and str values")
        return Secret({k: v for k, v in env_dict.items() if v is not None})


def _file_digest(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _ignored(rel, ignore):
    if callable(ignore):
        return bool(ignore(rel))
    text = rel.as_posix()
    parts = rel.parts
    prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    for pattern in ignore:  # a small dockerignore-like subset: the path or any parent matches
        for p in [*prefixes, text]:
            if fnmatch(p, pattern):
                return True
            if pattern.startswith("**/") and fnmatch(pathlib.PurePosixPath(p).name, pattern[3:]):
                return True
    return False


class Image:
    def __init__(self, steps, debian):
        self.steps = steps
        self.debian = debian  # the Debian release of the base, or None when unknown

    @staticmethod
    def debian_slim(python_version=None, force_build=False):
        if isinstance(python_version, float):
            raise TypeError("The `python_version` argument should be a string, not a float.")
        if python_version is not None and not isinstance(python_version, str):
            raise TypeError("python_version must be a str")
        builder = os.environ.get("MODAL_IMAGE_BUILDER_VERSION", "2023.12")
        debian = DEBIAN_BY_BUILDER[builder]
        return Image([("debian_slim", python_version, debian)], debian)

    @staticmethod
    def from_registry(tag, secret=None, *, setup_dockerfile_commands=[], force_build=False,  # noqa: B006
                      add_python=None, **kwargs):
        if not isinstance(tag, str):
            raise TypeError("from_registry takes a tag string")
        debian = next((d for d in ("bookworm", "bullseye", "trixie") if d in tag), None)
        return Image([("from_registry", tag, add_python)], debian)

    def _with(self, *step):
        if step[0] in ("run_commands", "apt_install") or (step[0].startswith("add_local") and step[3]):
            late = [s for s in self.steps if s[0].startswith("add_local") and not s[3]]
            if late:
                raise exception.InvalidError(
                    "An image tried to run a build step after using image.add_local_* to include "
                    "local files; use copy=True or move the add last")
        return Image(self.steps + [step], self.debian)

    def apt_install(self, *packages, force_build=False, env=None, secrets=None, gpu=None):
        flat = [p for group in packages for p in (group if isinstance(group, list) else [group])]
        if not all(isinstance(p, str) for p in flat):
            raise TypeError("apt_install takes package names as strings")
        return self._with("apt_install", tuple(flat))

    def add_local_file(self, local_path, remote_path, *, copy=False):
        if not str(remote_path).startswith("/"):
            raise exception.InvalidError("add_local_file() only supports absolute remote_path values")
        if remote_path.endswith("/"):
            remote_path += pathlib.Path(local_path).name
        return self._with("add_local_file", str(local_path), remote_path, copy)

    def add_local_dir(self, local_path, remote_path, *, copy=False, ignore=[]):  # noqa: B006
        if not str(remote_path).startswith("/"):
            raise exception.InvalidError("add_local_dir() only supports absolute remote_path values")
        if not (callable(ignore) or all(isinstance(p, str) for p in ignore)):
            raise TypeError("ignore is a list of patterns or a predicate")
        return self._with("add_local_dir", str(local_path), remote_path, copy, ignore)

    def run_commands(self, *commands, env=None, secrets=None, volumes=None, gpu=None,
                     force_build=False):
        if not all(isinstance(c, str) for c in commands):
            raise TypeError("run_commands takes shell commands as strings")
        return self._with("run_commands", commands)

    def env(self, vars):  # noqa: A002 - the real parameter name
        if not all(isinstance(v, str) for v in vars.values()):
            raise exception.InvalidError("Image.env values must be strings")
        return self._with("env", dict(vars))

    # What tests look at -------------------------------------------------------------------

    def files(self, copied=True):
        """{remote path: local path} of every file the image bakes in (copied=True) or mounts
        at container start (copied=False), as the real client would select them."""
        out = {}
        for step in self.steps:
            if not step[0].startswith("add_local") or bool(step[3]) != copied:
                continue
            if step[0] == "add_local_file":
                out[step[2]] = step[1]
                continue
            top = pathlib.Path(step[1])
            for root, _, names in os.walk(top):
                for name in names:
                    rel = pathlib.Path(root, name).relative_to(top)
                    if not _ignored(rel, step[4]):
                        out[str(pathlib.PurePosixPath(step[2], rel.as_posix()))] = str(top / rel)
        return out

    def layer_keys(self):
        """One key per build step, chained as Modal's layer cache is: a step's key covers its
        definition, the contents of the files it copies and every key before it."""
        keys, previous = [], ""
        for step in self.steps:
            digest = hashlib.sha256(previous.encode())
            if step[0].startswith("add_local") and step[3]:
                single = Image([step], self.debian).files(copied=True)
                for remote in sorted(single):
                    mode = os.stat(single[remote]).st_mode & 0o7777
                    digest.update(f"{remote}\0{mode}\0{_file_digest(single[remote])}\0".encode())
            elif step[0].startswith("add_local"):
                continue  # a runtime mount is no layer
            else:
                digest.update(repr(step).encode())
            previous = digest.hexdigest()
            keys.append((step[0], previous))
        return keys


class FunctionCall:
    _by_id = {}

    def __init__(self, target):
        self.object_id = f"fc-stub{next(_ids)}"
        self._done = threading.Event()
        self._value = None
        self._error = None
        FunctionCall._by_id[self.object_id] = self

        def run():
            try:
                self._value = target()
            except BaseException as e:  # noqa: BLE001 - handed to get()
                self._error = e
            finally:
                self._done.set()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()

    @staticmethod
    def from_id(function_call_id, client=None):
        return FunctionCall._by_id[function_call_id]

    def get(self, timeout=None, *, index=0):
        if not self._done.wait(timeout):
            raise TimeoutError(f"{self.object_id} has no output yet")  # the builtin, as modal
        if self._error is not None:
            raise self._error
        return copy.deepcopy(self._value)


_output_lock = threading.Lock()
_output_depth = 0
_saved_fds = None


@contextlib.contextmanager
def _container_output():
    """Remote output goes to stdout, or nowhere in quiet mode (see the module docstring)."""
    global _output_depth, _saved_fds
    if not state.capture_container_output:
        yield
        return
    with _output_lock:
        if _output_depth == 0:
            sys.stdout.flush()
            sys.stderr.flush()
            _saved_fds = (os.dup(1), os.dup(2))
            sink = os.open(os.devnull, os.O_WRONLY) if state.quiet else os.dup(1)
            os.dup2(sink, 1)
            os.dup2(sink, 2)
            os.close(sink)
        _output_depth += 1
    try:
        yield
    finally:
        with _output_lock:
            _output_depth -= 1
            if _output_depth == 0:
                sys.stdout.flush()
                sys.stderr.flush()
                os.dup2(_saved_fds[0], 1)
                os.dup2(_saved_fds[1], 2)
                os.close(_saved_fds[0])
                os.close(_saved_fds[1])


class Function:
    def __init__(self, body, options):
        self._body = body
        self.options = options  # tests may lower `timeout` to model long runs quickly
        self.attempts = []  # one record per attempt: {"outcome": ..., "delay": ...}
        self._preempt = 0
        self._restart = 0
        self._lock = threading.Lock()

    def simulate_preemption(self, count=1):
        self._preempt += count

    def simulate_restart(self, count=1):
        self._restart += count

    def _lost_container(self):
        with self._lock:
            if self._restart > 0:
                self._restart -= 1
                return "restarted"
            if self._preempt > 0 and not self.options.get("nonpreemptible", False):
                self._preempt -= 1
                return "preempted"
            return None

    def _policy(self):
        retries = self.options.get("retries")
        if isinstance(retries, Retries):
            return retries
        return Retries(max_retries=retries or 0, backoff_coefficient=1.0, initial_delay=1.0)

    def _attempt(self, args, kwargs):
        timeout = self.options.get("timeout", 300)
        box = {}

        def run():
            try:
                with _container_output():
                    box["value"] = self._body(*copy.deepcopy(args), **copy.deepcopy(kwargs))
            except BaseException as e:  # noqa: BLE001 - re-raised in the caller
                box["error"] = e

        worker = threading.Thread(target=run, daemon=True)
        worker.start()
        worker.join(timeout)
        if worker.is_alive():
            raise exception.FunctionTimeoutError(
                f"Function {self._body.__name__} hit its timeout of {timeout}s")
        if "error" in box:
            raise box["error"]
        return copy.deepcopy(box["value"])

    def _call(self, args, kwargs):
        inspect.signature(self._body).bind(*args, **kwargs)  # a wrong call fails as locally
        policy = self._policy()
        failures, delay = 0, policy.initial_delay
        while True:
            try:
                value = self._attempt(args, kwargs)
            except Exception as e:  # noqa: BLE001 - Modal retries any exception
                outcome = "timeout" if isinstance(e, exception.FunctionTimeoutError) else "error"
                if failures >= policy.max_retries:
                    self.attempts.append({"outcome": outcome, "error": repr(e)})
                    raise
                self.attempts.append({"outcome": outcome, "error": repr(e), "delay": delay})
                failures += 1
                time.sleep(delay * state.delay_scale)
                delay = min(delay * policy.backoff_coefficient, policy.max_delay)
                continue
            lost = self._lost_container()
            if lost:
                self.attempts.append({"outcome": lost})
                continue
            self.attempts.append({"outcome": "ok"})
            return value

    def local(self, *args, **kwargs):
        return self._body(*args, **kwargs)

    def remote(self, *args, **kwargs):
        return self._call(args, kwargs)

    def spawn(self, *args, **kwargs):
        inspect.signature(self._body).bind(*args, **kwargs)
        call = FunctionCall(lambda: self._call(args, kwargs))
        state.spawned.append(call)
        return call

    def map(self, *input_iterators, kwargs={}, order_outputs=True, return_exceptions=False,  # noqa: B006
            wrap_returned_exceptions=None):
        _check_options("Function.map", {"kwargs": kwargs, "order_outputs": order_outputs,
                                        "return_exceptions": return_exceptions}, MAP_OPTIONS)
        inputs = list(zip(*input_iterators))
        workers = max(1, min(len(inputs), self.options.get("max_containers") or 16))

        def one(args):
            try:
                return self._call(args, kwargs)
            except Exception as e:  # noqa: BLE001 - mirrors modal's return_exceptions
                return e

        with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(one, inputs))  # input order, as order_outputs=True
        failed = [r for r in results if isinstance(r, Exception)]
        if failed and not return_exceptions:
            raise failed[0]
        return results


class App:
    def __init__(self, name=None, **options):
        _check_options("App()", options, APP_OPTIONS)
        self.name = name
        self.image = options.get("image")
        self.app_id = None  # set while the app runs, as the real one
        self.functions = {}
        self.local_entrypoints = {}

    @contextlib.contextmanager
    def run(self, *, detach=False):
        self.app_id = "ap-stub"  # one id per process (tests read it); it stays set afterwards
        yield self

    def function(self, _warn_parentheses_missing=None, **options):
        if _warn_parentheses_missing is not None:
            raise exception.InvalidError("Did you forget parentheses? `@app.function()`")
        _check_options("App.function()", options, FUNCTION_OPTIONS)
        timeout = options.get("timeout", 300)
        if not TIMEOUT_RANGE_S[0] <= timeout <= TIMEOUT_RANGE_S[1]:
            raise exception.InvalidError(f"timeout={timeout} is outside 1..86400 seconds")

        def wrap(body):
            fn = Function(body, options)
            self.functions[body.__name__] = fn
            return fn

        return wrap

    def local_entrypoint(self, _warn_parentheses_missing=None, **options):
        if _warn_parentheses_missing is not None:
            raise exception.InvalidError("Did you forget parentheses? `@app.local_entrypoint()`")
        _check_options("App.local_entrypoint()", options, LOCAL_ENTRYPOINT_OPTIONS)

        def wrap(body):
            self.local_entrypoints[options.get("name") or body.__name__] = body
            return body

        return wrap


class Dict:
    _memory = {}
    _lock = threading.Lock()

    def __init__(self, name, create_if_missing):
        self.name = name
        self._create = create_if_missing

    @staticmethod
    def from_name(name, **options):
        _check_options("Dict.from_name()", options, DICT_FROM_NAME_OPTIONS)
        return Dict(name, options.get("create_if_missing", False))

    def _path(self):
        folder = os.environ.get("MODAL_STUB_STATE_DIR")
        return pathlib.Path(folder, f"dict-{self.name}.json") if folder else None

    def _load(self):
        path = self._path()
        if path is None:
            data = Dict._memory.get(self.name)
        else:
            data = json.loads(path.read_text()) if path.exists() else None
        if data is None:
            if not self._create:
                raise exception.NotFoundError(f"Dict '{self.name}' not found")
            data = {}
        return data

    def _store(self, data):
        path = self._path()
        if path is None:
            Dict._memory[self.name] = data
            return
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data))
        os.replace(tmp, path)

    @staticmethod
    def _key(key):
        if not isinstance(key, str):
            raise TypeError("the stand-in Dict keeps str keys only")
        return key

    def get(self, key, default=None):
        with Dict._lock:
            return copy.deepcopy(self._load().get(self._key(key), default))

    def contains(self, key):
        with Dict._lock:
            return self._key(key) in self._load()

    def put(self, key, value, *, skip_if_exists=False):
        with Dict._lock:
            data = self._load()
            if skip_if_exists and self._key(key) in data:
                return False
            json.dumps(value)  # values must survive serialization
            data[self._key(key)] = copy.deepcopy(value)
            self._store(data)
            return True

    def __getitem__(self, key):
        with Dict._lock:
            data = self._load()
            if self._key(key) not in data:
                raise KeyError(key)
            return copy.deepcopy(data[key])

    def __setitem__(self, key, value):
        self.put(key, value)
