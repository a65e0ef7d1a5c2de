"""Whether the report on disk is the one its inputs would make, so that a run that changed nothing does not write it
again (a warm ``innovlib run --all`` would otherwise spend most of its time validating the claim catalogue).

The report is made of: innovlib's own files (code and templates, :func:`innovlib.runner.cache.source_fingerprint`),
the project's data and notebooks, and every file of each notebook's default run folder, ``outputs/<notebook>/`` (the
report checks each folder's outputs against its ``run.json`` before it uses its verdicts, so an edited page must
make it look again; the folders of other parameter values never reach the report). :func:`report_inputs` is
a sha256 over all of them; after writing a report, :func:`record` keeps that digest with the sha256 of each report
file in :data:`RECORD_FILE`. :func:`unchanged_counts` trusts that record only when the inputs give the same digest
and every report file is a regular file with the recorded checksum; anything else (a missing, edited, replaced or
unreadable file, a damaged record) means the report is written again.

Example
-------
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> for name in REPORT_FILES:
...     _ = (folder / name).write_text('{"counts": {"reproduced": 1}}' if name == "report.json" else name)
>>> record(folder, "abc", [])
>>> unchanged_counts(folder, "abc"), unchanged_counts(folder, "abd")
(({'reproduced': 1}, []), None)
>>> _ = (folder / "report.md").write_text("edited")
>>> unchanged_counts(folder, "abc") is None
True
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from innovlib.checksums import read_regular_text, regular_file_sha256
from innovlib.outputs import atomic_write_text
from innovlib.paths import data_dir, notebooks_dir
from innovlib.runner.cache import source_fingerprint

REPORT_FILES = ("report.json", "what-would-settle-it.csv", "report.md", "report.html")
RECORD_FILE = ".report-inputs.json"  # hidden: a run folder is never named so


def _tree_files(folder: Path, pattern: str = "**/*") -> list[Path]:
    """Files and links under ``folder`` (a link is an input too: the report refuses a run folder holding one)."""
    return sorted(p for p in folder.glob(pattern) if p.is_symlink() or p.is_file())


def _content(path: Path) -> bytes:
    return b"link:" + os.readlink(path).encode() if path.is_symlink() else path.read_bytes()


def report_inputs(outputs_dir: Path) -> str:
    """sha256 over everything a report is made of (module docstring), names and bytes.

    Example
    -------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> before = report_inputs(folder)
    >>> _ = (folder / "unicorns").mkdir(), (folder / "unicorns" / "run.json").write_text("{}")
    >>> report_inputs(folder) == before
    False
    """
    digest = hashlib.sha256(source_fingerprint().encode())
    files = [(f"data/{p.relative_to(data_dir())}", p) for p in _tree_files(data_dir())]
    files += [(f"notebooks/{p.name}", p) for p in _tree_files(notebooks_dir(), "*.ipynb")]
    links = []
    for folder in (Path(outputs_dir) / p.stem for p in _tree_files(notebooks_dir(), "*.ipynb")):  # default runs
        if folder.is_symlink():  # the report refuses a linked run folder; where it points is part of the input
            links.append(f"outputs/{folder.name} -> {os.readlink(folder)}")
        elif (folder / "run.json").exists():
            files += [(f"outputs/{p.relative_to(outputs_dir)}", p) for p in _tree_files(folder)]
    for name, path in files:
        digest.update(name.encode() + b"\0" + hashlib.sha256(_content(path)).digest())
    for link in links:
        digest.update(link.encode() + b"\0")
    return digest.hexdigest()


def record(outputs_dir: Path, inputs: str, problems: list[str]) -> None:
    """Keep the inputs' digest, each report file's sha256 and the problems met, beside a report just written."""
    files = {name: regular_file_sha256(Path(outputs_dir) / name) for name in REPORT_FILES}
    atomic_write_text(Path(outputs_dir) / RECORD_FILE,
                      json.dumps({"inputs": inputs, "files": files, "problems": problems}, indent=1) + "\n")


def unchanged_counts(outputs_dir: Path, inputs: str) -> tuple[dict[str, int], list[str]] | None:
    """The report's counts by verdict and the problems it met, when the report on disk is the one ``inputs`` make;
    ``None`` when it must be written again."""
    outputs_dir = Path(outputs_dir)
    if any((outputs_dir / name).is_symlink() for name in (*REPORT_FILES, RECORD_FILE)):
        return None  # checksums follow links: a linked file is never taken for the report
    try:
        kept = json.loads(read_regular_text(outputs_dir / RECORD_FILE))
        if kept["inputs"] != inputs or set(kept["files"]) != set(REPORT_FILES):
            return None
        if any(regular_file_sha256(outputs_dir / name) != kept["files"][name] for name in REPORT_FILES):
            return None
        counts = json.loads(read_regular_text(outputs_dir / "report.json"))["counts"]
        problems = kept.get("problems", [])
        if not isinstance(counts, dict) or not isinstance(problems, list):
            return None
        return {str(k): int(v) for k, v in counts.items()}, [str(p) for p in problems]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
