"""The one sha256 of a file's bytes, used for datasets, notebooks, outputs and the run's crate; and the safe way
to read a file whose path came from a record (run.json) rather than from innovlib itself.

Example
-------
>>> import tempfile
>>> with tempfile.NamedTemporaryFile() as handle:
...     _ = handle.write(b"abc"); handle.flush()
...     file_sha256(handle.name)[:16]
'ba7816bf8f01cfea'
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

BLOCK_BYTES = 1 << 20  # read in blocks: a 200 MB file named by a parameter never sits in memory whole
RECORDED_FILE_LIMIT = 1 << 30  # largest file read because a record names it (1 GiB)
PSEUDO_FILE_SYSTEMS = (Path("/proc"), Path("/sys"), Path("/dev"))  # files there are not data, whatever they say


def file_sha256(path: Path | str) -> str:
    """Hex sha256 of a file's bytes, read in blocks.

    Example
    -------
    >>> from innovlib.paths import data_dir
    >>> len(file_sha256(data_dir() / "claims" / "claims.csv"))
    64
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(BLOCK_BYTES), b""):
            digest.update(block)
    return digest.hexdigest()


def open_regular_file(path: Path | str, limit: int = RECORDED_FILE_LIMIT):
    """Open ``path`` for reading in binary mode only when it is a regular file of at most ``limit`` bytes, outside
    ``/proc``, ``/sys`` and ``/dev``: a FIFO, a device, a folder or a kernel pseudo-file raises ``OSError`` at once
    (the open itself never blocks, even on a FIFO).

    Example
    -------
    >>> open_regular_file("/dev/zero")
    Traceback (most recent call last):
    ...
    OSError: [Errno 22] not a regular file (a FIFO, a device, a folder or a file of /proc, /sys or /dev): '/dev/zero'
    """
    real = Path(os.path.realpath(path))
    if any(real.is_relative_to(pseudo) for pseudo in PSEUDO_FILE_SYSTEMS):
        raise OSError(errno.EINVAL, "not a regular file (a FIFO, a device, a folder or a file of /proc, /sys or "
                      "/dev)", str(path))
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a FIFO, a device, a folder or a file of /proc, /sys "
                          "or /dev)", str(path))
        if status.st_size > limit:
            raise OSError(errno.EFBIG, f"larger than {limit} bytes", str(path))
        os.set_blocking(descriptor, True)
        return open(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def regular_file_sha256(path: Path | str, limit: int = RECORDED_FILE_LIMIT) -> str:
    """:func:`file_sha256` of a file a record names, read only as :func:`open_regular_file` allows and never past
    ``limit`` bytes (a file that grows while read raises ``OSError``).

    Example
    -------
    >>> regular_file_sha256("/proc/self/status")
    Traceback (most recent call last):
    ...
    OSError: [Errno 22] not a regular file (a FIFO, a device, a folder or a file of /proc, /sys or /dev): '/proc/self/status'
    """
    digest = hashlib.sha256()
    read = 0
    with open_regular_file(path, limit) as handle:
        for block in iter(lambda: handle.read(BLOCK_BYTES), b""):
            read += len(block)
            if read > limit:
                raise OSError(errno.EFBIG, f"larger than {limit} bytes", str(path))
            digest.update(block)
    return digest.hexdigest()


def read_regular_text(path: Path | str, limit: int = 64 << 20) -> str:
    """The UTF-8 text of a regular file of at most ``limit`` bytes (see :func:`open_regular_file`).

    Example
    -------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "cities.txt"
    >>> _ = path.write_bytes("深圳\\n".encode("utf-8"))
    >>> read_regular_text(path)
    '深圳\\n'
    >>> read_regular_text(path, limit=4)
    Traceback (most recent call last):
    ...
    OSError: [Errno 27] larger than 4 bytes: '...cities.txt'
    """
    with open_regular_file(path, limit) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"larger than {limit} bytes", str(path))
    return data.decode("utf-8")
