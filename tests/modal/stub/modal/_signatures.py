"""The real Modal client's signatures that the stand-in checks calls against.

Source: github:modal-labs/modal-client at commit 69519aef4cf6a3378314e3e7b91e87429490ed2a
(2026-08-21), Python SDK 1.5.4 (py/modal_version/__init__.py). Read for facts only; nothing
here is copied code. Each entry names the file and the definition it was read from.

A keyword table maps each parameter name to the types the stand-in accepts for it (a tuple of
Python types, `None` allowed where the real annotation says `| None`). Parameters the real
client has but hf2ms never passes are listed too, so a call naming one is not refused; only
names that do not exist, and values of the wrong type, are refused (TypeError, as Python does
for an unknown keyword of a real function).
"""

SOURCE = "modal-labs/modal-client@69519aef4cf6a3378314e3e7b91e87429490ed2a (SDK 1.5.4)"

_NUM = (int, float)
_ANY = (object,)

# py/modal/app.py, `_App.function(self, _warn_parentheses_missing=None, *, ...)`, keyword-only.
# The defaults that matter: timeout=300, nonpreemptible=False, retries=None.
FUNCTION_OPTIONS = {
    "image": _ANY, "schedule": _ANY, "env": (dict, type(None)), "secrets": (list, tuple, type(None)),
    "gpu": (str, list, type(None)), "serialized": (bool,), "network_file_systems": (dict,),
    "volumes": (dict,), "cpu": (int, float, tuple, type(None)), "memory": (int, tuple, type(None)),
    "ephemeral_disk": (int, type(None)), "min_containers": (int, type(None)),
    "max_containers": (int, type(None)), "buffer_containers": (int, type(None)),
    "scaledown_window": (int, type(None)), "proxy": _ANY, "retries": ("Retries", int, type(None)),
    "timeout": (int,), "startup_timeout": (int, type(None)), "name": (str, type(None)),
    "is_generator": (bool, type(None)), "cloud": (str, type(None)),
    "region": (str, list, tuple, type(None)), "routing_region": (str, type(None)),
    "nonpreemptible": (bool,), "enable_memory_snapshot": (bool,), "block_network": (bool,),
    "restrict_modal_access": (bool,), "single_use_containers": (bool,), "i6pn": (bool, type(None)),
    "include_source": (bool, type(None)), "experimental_options": (dict, type(None)),
    "_experimental_restrict_output": (bool,), "max_inputs": (int, type(None)),
}

# Modal's documented limits on a Function's timeout (docs "Timeouts": 1 s to 24 h); the
# server refuses others before scheduling (protocols/modal.md §7).
TIMEOUT_RANGE_S = (1, 86400)

# py/modal/app.py, `_App.__init__(self, name=None, *, tags=None, image=None, secrets=[],
# volumes={}, include_source=True)`.
APP_OPTIONS = {
    "tags": (dict, type(None)), "image": _ANY, "secrets": (list, tuple),
    "volumes": (dict,), "include_source": (bool,),
}

# py/modal/app.py, `_App.local_entrypoint(self, _warn_parentheses_missing=None, *, name=None)`.
LOCAL_ENTRYPOINT_OPTIONS = {"name": (str, type(None))}

# py/modal/retries.py, `Retries.__init__(self, *, max_retries: int, backoff_coefficient=2.0,
# initial_delay=1.0, max_delay=60.0)`; it raises InvalidError for max_retries < 0, max_delay
# outside 1..60, initial_delay outside 0..60, backoff_coefficient outside 1..10.
RETRIES_LIMITS = {"max_delay": (1.0, 60.0), "initial_delay": (0.0, 60.0),
                  "backoff_coefficient": (1.0, 10.0)}

# py/modal/_image.py: `debian_slim(python_version: str | None = None, force_build=False)` (a
# float python_version raises TypeError); `from_registry(tag, secret=None, *,
# setup_dockerfile_commands=[], force_build=False, add_python=None, **kwargs)`;
# `apt_install(*packages: str | list[str], force_build=False, env=None, secrets=None,
# gpu=None)`; `add_local_file(local_path, remote_path: str, *, copy=False)` and
# `add_local_dir(local_path, remote_path: str, *, copy=False, ignore=[])` (remote_path must be
# absolute, else InvalidError; `ignore` is a pattern list or a predicate on the path relative
# to local_path, True = leave out); `run_commands(*commands, env=None, secrets=None,
# volumes=None, gpu=None, force_build=False)`; `env(vars: dict[str, str])`.
# The base of debian_slim follows the image builder version: py/modal/builder/base-images.json
# maps "2023.12" to bullseye and "2024.04", "2024.10", "2025.06", "PREVIEW" to bookworm.
DEBIAN_BY_BUILDER = {"2023.12": "bullseye", "2024.04": "bookworm", "2024.10": "bookworm",
                     "2025.06": "bookworm", "PREVIEW": "bookworm"}

# py/modal/secret.py, `Secret.from_dict(env_dict: dict[str, str | None] = {})` (None values
# are dropped).
# py/modal/dict.py, `Dict.from_name(name, *, environment_name=None, create_if_missing=False,
# client=None)`; `get(key, default=None)`, `put(key, value, *, skip_if_exists=False) -> bool`,
# `contains(key)`, `__getitem__`/`__setitem__`. Entries expire after 7 days without reads or
# writes (Dict docstring).
DICT_FROM_NAME_OPTIONS = {"environment_name": (str, type(None)), "create_if_missing": (bool,),
                          "client": _ANY}

# py/modal/parallel_map.py, `_map_sync(self, *input_iterators, kwargs={}, order_outputs=True,
# return_exceptions=False, wrap_returned_exceptions=None)`.
MAP_OPTIONS = {"kwargs": (dict,), "order_outputs": (bool,), "return_exceptions": (bool,),
               "wrap_returned_exceptions": (bool, type(None))}

# py/modal/_functions.py: `spawn(*args, **kwargs) -> FunctionCall`;
# `FunctionCall.get(self, timeout: float | None = None, *, index: int = 0)` raises the builtin
# TimeoutError when not ready; `FunctionCall.from_id(function_call_id, client=None)`.

# py/modal/cli/run.py, `modal run` options: -n/--name, -w/--write-result PATH, -q/--quiet,
# -d/--detach, -i/--interactive, -e/--env ENV, -m, --timestamps. Quiet mode
# (OutputManager.set_quiet_mode) also turns off the app log stream: py/modal/runner.py starts
# get_app_logs_loop only `if output_mgr.is_enabled`, and py/modal/_output/rich.py defines
# is_enabled as `not self._quiet_mode`. So `-q` hides every container's output.
# Entrypoint parameters become options: `_` -> `-`, bool -> --x/--no-x, no default = required.
RUN_FLAGS = {"-q": "quiet", "--quiet": "quiet", "-d": "detach", "--detach": "detach",
             "-i": "interactive", "--interactive": "interactive", "-m": "module",
             "--timestamps": "timestamps"}
RUN_VALUE_OPTIONS = {"-w": "write_result", "--write-result": "write_result", "-e": "env",
                     "--env": "env", "-n": "name", "--name": "name"}

# Timeouts and retries (docs "Timeouts", modal.com/docs/guide/timeouts): the timeout is per
# attempt and every retry starts a new one; a timed-out attempt is retried like any failure.
# Preemption (protocols/modal.md §5, `modal.exception.simulate_preemption`): the input is
# restarted on a new container whatever `retries` says, unless the Function is nonpreemptible.
