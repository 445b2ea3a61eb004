"""The stand-in's `modal.exception`: the classes hf2ms's app and tests meet (names as in
py/modal/exception.py of the real client, see _signatures.SOURCE)."""


class Error(Exception):
    pass


class InvalidError(Error):
    pass


class NotFoundError(Error):
    pass


class TimeoutError(Error):  # noqa: A001 - the real client shadows the builtin name too
    pass


class FunctionTimeoutError(TimeoutError):
    pass
