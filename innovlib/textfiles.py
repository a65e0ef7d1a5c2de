"""The one reader of a user's or a dataset's text file: UTF-8 (a byte-order mark is dropped), no NUL byte, and an
error that names the line.

Data files (:mod:`innovlib.data`), a company list a user brings (:mod:`innovlib.analyses.unicorns`) and a YAML file
of parameters (:mod:`innovlib.parameters`) are decoded by :func:`decode_text`; each caller turns a
:class:`TextDecodeError` into its own error, which adds the file's path.

Example
-------
>>> decode_text("\\ufeffcity,year\\nBeijing,2023\\n".encode("utf-8"))
'city,year\\nBeijing,2023\\n'
>>> decode_text(b"city,year\\nSh\\xe9nzhen,2023\\n")
Traceback (most recent call last):
...
innovlib.textfiles.TextDecodeError: line 2: not UTF-8 text: byte 0xe9 at character 3 (save the file as UTF-8)
"""

from __future__ import annotations

import codecs

from innovlib.errors import InnovlibError

NUL_REASON = "contains a NUL byte (a binary or damaged file?)"


class TextDecodeError(InnovlibError, ValueError):
    """Bytes that are not usable text: ``reason`` says what is wrong, ``line`` (from 1) where.

    Example
    -------
    >>> error = TextDecodeError("contains a NUL byte", 3)
    >>> error.line, str(error)
    (3, 'line 3: contains a NUL byte')
    """

    def __init__(self, reason: str, line: int):
        self.reason = reason
        self.line = line
        super().__init__(f"line {line}: {reason}")


def decode_text(raw: bytes) -> str:
    """Decode a text file's bytes as UTF-8, refusing a NUL byte; the error names the line.

    A NUL byte is looked for first: it marks a binary or damaged file even where it is valid UTF-8.

    Parameters
    ----------
    raw : bytes
        The file's bytes. A leading UTF-8 byte-order mark (as spreadsheet programs write) is dropped.

    Returns
    -------
    str
        The text.

    Raises
    ------
    TextDecodeError
        With ``line`` (from 1) and ``reason``: a NUL byte, or a byte sequence that is not UTF-8 (its first byte
        and its character position in the line are named).

    Example
    -------
    >>> decode_text(b"a: 1\\nb: 2\\n")
    'a: 1\\nb: 2\\n'
    >>> decode_text(b"a: 1\\nb: \\x002\\n")
    Traceback (most recent call last):
    ...
    innovlib.textfiles.TextDecodeError: line 2: contains a NUL byte (a binary or damaged file?)
    """
    position = raw.find(b"\x00")
    if position >= 0:
        raise TextDecodeError(NUL_REASON, raw[:position].count(b"\n") + 1)
    body = raw.removeprefix(codecs.BOM_UTF8)  # positions below count from the first character after the mark
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        character = exc.start - (body.rfind(b"\n", 0, exc.start) + 1) + 1
        raise TextDecodeError(f"not UTF-8 text: byte {body[exc.start]:#04x} at character {character} "
                              "(save the file as UTF-8)", line) from None
