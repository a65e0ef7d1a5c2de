"""One base class for the problems innovlib reports to a user, with the exit code the command line uses.

Exit codes (also in the README): 0 success, 1 a notebook failed or a dataset is invalid, 2 a usage or set-up
error, 130 interrupted (Ctrl-C or SIGTERM). The command line prints such an error as one line, never as a
traceback (``--debug`` shows it). Values echoed in messages are cut with :func:`shorten`.

Example
-------
>>> try:
...     raise InnovlibError("params.yaml: expected a mapping")
... except InnovlibError as error:
...     error.exit_code, str(error)
(2, 'params.yaml: expected a mapping')
>>> shorten("x" * 200, 10)
"'xxxxx...'"
"""

from __future__ import annotations

import reprlib

USAGE = 2
FAILED = 1
INTERRUPTED = 130
BROKEN_PIPE = 141  # 128 + SIGPIPE: what a shell reports for a writer whose reader left (`... | head`)

_REPR = reprlib.Repr()
_REPR.maxstring = 200
_REPR.maxother = 200
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 8
_REPR.maxlevel = 3


class InnovlibError(Exception):
    """A problem with the user's input or environment, reported as one line with ``exit_code``."""

    exit_code = USAGE


class Interrupted(InnovlibError):
    """The run was stopped by Ctrl-C (SIGINT) or SIGTERM: exit code 130, as a shell reports a SIGINT.

    Example
    -------
    >>> Interrupted("interrupted by SIGTERM").exit_code, isinstance(Interrupted(""), InnovlibError)
    (130, True)
    """

    exit_code = INTERRUPTED


def shorten(value, limit: int = 60) -> str:
    """``repr`` of a value, cut to about ``limit`` characters (cheap even for huge or nested values).

    Example
    -------
    >>> shorten("a" * 100, 20), shorten(list(range(1000)), 30)
    ("'aaaaaaaaaaaaaaa...'", '[0, 1, 2, 3, 4, 5, 6, 7, ...]')
    """
    text = _REPR.repr(value)
    if len(text) > limit:
        quote = text[0] if text[:1] in "'\"" else ""
        text = text[: max(limit - 3 - len(quote), 1)] + "..." + quote
    return text
