"""A stand-in for the `modal` package, for tests only: Modal cannot be installed here.

It keeps the shape of the API that deploy/modal/hf2ms_modal.py uses and runs every function
in-process: .remote() and .local() call the body, .map() calls it per input (collecting
exceptions when asked), .spawn() runs it at once and returns a handle. Images record the
build steps they were given so tests can check them. Nothing here talks to a network.
"""

import itertools

_ids = itertools.count(1)


class Retries:
    def __init__(self, max_retries=0, backoff_coefficient=2.0, initial_delay=1.0, max_delay=60.0):
        self.max_retries = max_retries


class Secret:
    def __init__(self, values):
        self.values = values

    @staticmethod
    def from_dict(values):
        return Secret({k: v for k, v in values.items() if v is not None})


class Image:
    def __init__(self, steps):
        self.steps = steps

    @staticmethod
    def debian_slim(python_version=None):
        return Image([("debian_slim", python_version)])

    def _with(self, *step):
        return Image(self.steps + [step])

    def apt_install(self, *packages):
        return self._with("apt_install", packages)

    def add_local_dir(self, local_path, remote_path, copy=False, ignore=()):
        return self._with("add_local_dir", local_path, remote_path, copy, tuple(ignore))

    def add_local_file(self, local_path, remote_path, copy=False):
        return self._with("add_local_file", local_path, remote_path, copy)

    def run_commands(self, *commands):
        return self._with("run_commands", commands)


class FunctionCall:
    def __init__(self, value):
        self.object_id = f"fc-stub{next(_ids)}"
        self._value = value

    def get(self, timeout=None):
        return self._value


class Function:
    def __init__(self, body, options):
        self._body = body
        self.options = options

    def local(self, *args, **kwargs):
        return self._body(*args, **kwargs)

    def remote(self, *args, **kwargs):
        return self._body(*args, **kwargs)

    def spawn(self, *args, **kwargs):
        return FunctionCall(self._body(*args, **kwargs))

    def map(self, inputs, order_outputs=True, return_exceptions=False):
        results = []
        for item in inputs:
            try:
                results.append(self._body(item))
            except Exception as e:  # noqa: BLE001 - mirrors modal's return_exceptions
                if not return_exceptions:
                    raise
                results.append(e)
        return results


class App:
    def __init__(self, name=None, image=None, secrets=()):
        self.name = name
        self.image = image
        self.app_id = "ap-stub"
        self.functions = {}

    def function(self, **options):
        def wrap(body):
            fn = Function(body, options)
            self.functions[body.__name__] = fn
            return fn

        return wrap

    def local_entrypoint(self):
        def wrap(body):
            self.functions[body.__name__] = Function(body, {})
            return body

        return wrap
