"""The one sha256 of a file's bytes, used for datasets, notebooks, outputs and the run's crate.

Example
-------
>>> import tempfile
>>> with tempfile.NamedTemporaryFile() as handle:
...     _ = handle.write(b"abc"); handle.flush()
...     file_sha256(handle.name)[:16]
'ba7816bf8f01cfea'
"""

from __future__ import annotations

import hashlib
from pathlib import Path

BLOCK_BYTES = 1 << 20  # read in blocks: a 200 MB file named by a parameter never sits in memory whole


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
