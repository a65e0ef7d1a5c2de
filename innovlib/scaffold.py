"""``innovlib new NAME``: the skeleton of a finding that runs before any edit.

It writes, from the templates in ``innovlib/templates/scaffold/``: the data folder (a small placeholder CSV and its
descriptor, the placeholder source graded ``secondary`` and marked as the example to replace, the checksum computed),
the notebook (kernel ``innovlib``, a tagged parameters cell, question, load, one figure, one cell per claim, the
findings), ``innovlib/analyses/NAME.py``, ``innovlib/findings/NAME.py`` (evidence, decision and ``WORDING`` per claim,
with doctests), ``tests/findings/test_NAME.py``, the catalogue rows of a new claim (with a publication of kind
``analyst question``) and the reviewed verdicts ``tests/notebooks/reviewed/NAME.json``. A claim on placeholder data is
``not_checkable``: no verdict rests on an example. The test's snapshot is written by running that test once with
``--snapshot-update`` (:func:`record_snapshot`), so the sentences are what the code says, to be read once.

Example
-------
>>> check_name("rd_intensity")
'rd_intensity'
>>> default_claim_id("rd_intensity", {"RDI-01"})
'RDI-02'
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import keyword
import os
from inspect import ismodule
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import jinja2

from innovlib import analyses, findings
from innovlib.data import rehash
from innovlib.errors import InnovlibError, shorten
from innovlib.imports import import_jsonschema
from innovlib.paths import project_root

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
CLAIM_ID_PATTERN = re.compile(r"^[A-Z]{2,3}-[0-9]{2}$")
TEMPLATES = Path(__file__).parent / "templates" / "scaffold"
CLAIM_YEAR = 2025  # the year the skeleton's claim is about (its parameter declares it and the year before)
PLACEHOLDER_PUBLISHED = "3"  # a new claim's figure: the placeholder CSV's value of CLAIM_YEAR, for the test to meet
CELL_MARKER = re.compile(r"^# %%(?: \[(markdown|parameters)\])?$", re.MULTILINE)


class ScaffoldError(InnovlibError):
    """A name ``innovlib new`` refuses (bad or taken): one line, exit code 2."""


@dataclass(frozen=True)
class ClaimSkeleton:
    """One claim of the skeleton: its id, parts, the names its code takes, and whether ``new`` adds it.

    Example
    -------
    >>> c = ClaimSkeleton("DEM-01", ("DEM-01",), new=True)
    >>> c.function, c.evidence_class, c.constant
    ('dem_01', 'Dem01Evidence', 'DEM_01_PARTS')
    """

    id: str
    parts: tuple[str, ...]
    new: bool
    publication: str = ""
    text: str = ""
    published: str = PLACEHOLDER_PUBLISHED
    comparison: str = "equals"

    @property
    def function(self) -> str:
        return self.id.lower().replace("-", "_")

    @property
    def evidence_class(self) -> str:
        prefix, number = self.id.split("-")
        return f"{prefix.capitalize()}{number}Evidence"

    @property
    def constant(self) -> str:
        return f"{self.function.upper()}_PARTS"


def check_name(name: str) -> str:
    """``name`` when it can name a notebook, its modules and its test: lower-case letters, digits and ``_``, a
    letter first, at most 40 characters, not a Python keyword nor a name the findings or analyses packages use.

    Example
    -------
    >>> check_name("Bad-Name")
    Traceback (most recent call last):
    ...
    innovlib.scaffold.ScaffoldError: 'Bad-Name' cannot name a finding (lower-case letters, ...)
    """
    if not NAME_PATTERN.match(name) or keyword.iskeyword(name):
        raise ScaffoldError(f"{shorten(name)} cannot name a finding (lower-case letters, digits and _, "
                            "a letter first, at most 40 characters)")
    package_names = {n for package in (analyses, findings) for n, v in vars(package).items() if not ismodule(v)}
    if name in package_names:
        raise ScaffoldError(f"{name!r} is a name innovlib.findings or innovlib.analyses already uses")
    return name


def default_claim_id(name: str, taken: set[str]) -> str:
    """The first free id ``<3 capitals>-NN`` from ``name``: the initials of three or more words
    (``oecd_rd_intensity`` → ``ORI``), else its first three letters (``rd_intensity`` → ``RDI``), padded with X.

    Example
    -------
    >>> default_claim_id("x1", set())
    'XXX-01'
    """
    letters = "".join(word[0] for word in name.split("_") if word) if name.count("_") >= 2 else \
        re.sub("[^a-z]", "", name)
    prefix = (letters.upper() + "XXX")[:3]
    for number in range(1, 100):
        if f"{prefix}-{number:02d}" not in taken:
            return f"{prefix}-{number:02d}"
    raise ScaffoldError(f"every claim id {prefix}-01 to {prefix}-99 is taken; pass --claim ID")


def planned_files(name: str, dataset: str, root: Path) -> list[Path]:
    """The files ``new`` writes into the project at ``root`` besides the catalogue (each must not exist yet).

    Example
    -------
    >>> [p.as_posix() for p in planned_files("demo", "demo", Path("/p"))][:3]
    ['/p/data/demo/demo.csv', '/p/data/demo/datapackage.json', '/p/notebooks/demo.ipynb']
    """
    data, notebooks = root / "data", root / "notebooks"
    return [data / dataset / f"{dataset}.csv", data / dataset / "datapackage.json", notebooks / f"{name}.ipynb",
            root / "innovlib" / "analyses" / f"{name}.py", root / "innovlib" / "findings" / f"{name}.py",
            root / "tests" / "findings" / f"test_{name}.py", root / "tests" / "notebooks" / "reviewed" / f"{name}.json"]


def notebook_from_text(text: str) -> "nbformat.NotebookNode":
    """A notebook from cells separated by ``# %%`` lines (``# %% [markdown]``, ``# %% [parameters]``: a code cell
    tagged ``parameters``), run on the ``innovlib`` kernel, with no outputs.

    Example
    -------
    >>> nb = notebook_from_text("# %% [markdown]\\n# Title\\n# %% [parameters]\\nn: int = 1  # n\\n# %%\\nn")
    >>> [(c.cell_type, c.metadata.get("tags", [])) for c in nb.cells], nb.metadata.kernelspec.name
    ([('markdown', []), ('code', ['parameters']), ('code', [])], 'innovlib')
    """
    import_jsonschema()  # before what loads jsonschema: innovlib.imports says why
    import nbformat  # imported where used: no other command needs it

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"display_name": "Python (innovlib)", "language": "python", "name": "innovlib"}
    pieces = CELL_MARKER.split(text)
    for kind, body in zip(pieces[1::2], pieces[2::2]):
        source = body.strip("\n")
        if kind == "markdown":
            notebook.cells.append(nbformat.v4.new_markdown_cell(source))
        else:
            cell = nbformat.v4.new_code_cell(source)
            if kind == "parameters":
                cell.metadata["tags"] = ["parameters"]
            notebook.cells.append(cell)
    for cell in notebook.cells:
        cell.pop("id", None)  # ids would differ at every scaffold; nbformat adds them when the notebook is read
    notebook.nbformat_minor = 4
    return notebook


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _claims_of(name: str, claim_ids: list[str], publication: str, root_data: Path) -> list[ClaimSkeleton]:
    """The skeleton's claims: existing catalogue claims as they are, new ids (or the default one) as new claims."""
    claims_by_id = {row["claim_id"]: row for row in _rows(root_data / "claims" / "claims.csv")}
    parts = _rows(root_data / "claims" / "claim_parts.csv")
    taken = set(claims_by_id)
    skeletons = []
    for claim_id in claim_ids or [default_claim_id(name, taken)]:
        if not CLAIM_ID_PATTERN.match(claim_id):
            raise ScaffoldError(f"claim id {shorten(claim_id)} must be 2-3 capitals, '-' and two "
                                "digits (e.g. RDI-01)")
        if claim_id in taken:
            claim = claims_by_id[claim_id]
            own_parts = tuple(p["part_id"] for p in parts if p["claim_id"] == claim_id)
            skeletons.append(ClaimSkeleton(claim_id, own_parts, new=False, publication=claim["article"],
                                           text=claim["claim"]))
        else:
            skeletons.append(ClaimSkeleton(
                claim_id, (claim_id,), new=True, publication=publication,
                text="PLACEHOLDER claim: replace with what the publication says, no more, no less (here: the value "
                     f"in {CLAIM_YEAR} is {PLACEHOLDER_PUBLISHED})"))
    return skeletons


def _append_rows(path: Path, rows: list[dict]) -> None:
    """Append rows to a catalogue CSV in its own column order (quoted as csv quotes)."""
    with path.open(encoding="utf-8", newline="") as handle:
        columns = next(csv.reader(handle))
    buffer = io.StringIO()
    csv.DictWriter(buffer, columns, lineterminator="\n").writerows(rows)
    text = path.read_text(encoding="utf-8")
    path.write_text(text + ("" if text.endswith("\n") else "\n") + buffer.getvalue(), encoding="utf-8")


def _add_catalogue_rows(name: str, publication: str, new_claims: list[ClaimSkeleton], root_data: Path) -> None:
    """The new claims, their parts and their publication (an analyst's question) as catalogue rows."""
    folder = root_data / "claims"
    if publication not in {row["publication_id"] for row in _rows(folder / "publications.csv")}:
        _append_rows(folder / "publications.csv", [{
            "publication_id": publication, "kind": "analyst question",
            "title": f"PLACEHOLDER: the question the {name} finding asks (replace, or point the claims at the "
                     "publication they come from)",
            "publisher": "PLACEHOLDER: the analyst asking it", "date_published": datetime.date.today().isoformat(),
            "note": f"written by innovlib new {name}"}])
    _append_rows(folder / "claims.csv", [{
        "claim_id": c.id, "article": publication, "topic": name, "subject": "PLACEHOLDER subject", "claim": c.text,
        "headline": c.id} for c in new_claims])
    _append_rows(folder / "claim_parts.csv", [{
        "part_id": c.id, "claim_id": c.id,
        "statement": f"PLACEHOLDER statement: the value in {CLAIM_YEAR} is {PLACEHOLDER_PUBLISHED}",
        "published_value": c.published, "unit": "PLACEHOLDER unit", "comparison": c.comparison} for c in new_claims])
    rehash("claims", root_data)


def _render(template: str, **context) -> str:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), keep_trailing_newline=True,
                                     undefined=jinja2.StrictUndefined, autoescape=False)
    return environment.get_template(template).render(**context)


def new_finding(name: str, dataset: str | None = None, claim_ids: list[str] | None = None,
                root: Path | None = None) -> list[Path]:
    """Write the skeleton of finding ``name`` into the project at ``root`` (default: the project found from the
    working directory) and return the paths written, catalogue files last. Nothing is written when the name, the
    dataset or a file is taken.

    Example
    -------
    >>> import shutil, tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> _ = shutil.copytree(project_root() / "data" / "claims", root / "data" / "claims")
    >>> for folder in ("notebooks", "innovlib/analyses", "innovlib/findings", "tests/findings"):
    ...     (root / folder).mkdir(parents=True)
    >>> [p.relative_to(root).as_posix() for p in new_finding("demo", root=root)][2:5]
    ['notebooks/demo.ipynb', 'innovlib/analyses/demo.py', 'innovlib/findings/demo.py']
    >>> json.loads((root / "tests/notebooks/reviewed/demo.json").read_text())
    {'DEM-01': 'not_checkable'}
    >>> new_finding("demo", root=root)
    Traceback (most recent call last):
    ...
    innovlib.scaffold.ScaffoldError: data/demo/demo.csv exists: 'demo' is taken
    >>> shutil.rmtree(root)
    """
    name = check_name(name)
    dataset = check_name(dataset or name)
    root = project_root() if root is None else Path(root)
    root_data = root / "data"
    paths = planned_files(name, dataset, root)
    for path in paths:
        if path.exists():
            raise ScaffoldError(f"{path.relative_to(root).as_posix()} exists: {name!r} is taken")
    if (root_data / dataset).exists():
        raise ScaffoldError(f"dataset folder data/{dataset} exists: pass another --dataset")
    publication = f"{name}-question"
    skeleton_claims = _claims_of(name, list(dict.fromkeys(claim_ids or [])), publication, root_data)
    placeholder_url = f"https://example.org/replace-this-source/{dataset}"
    context = {"name": name, "dataset": dataset, "claims": skeleton_claims, "year": CLAIM_YEAR,
               "placeholder_value": float(PLACEHOLDER_PUBLISHED),
               "placeholder_url": placeholder_url, "today": datetime.date.today().isoformat(),
               "title": f"PLACEHOLDER title of the {name} finding",
               "question": "PLACEHOLDER: the question this finding answers, in one or two sentences."}
    csv_path, descriptor_path, notebook_path, analysis_path, findings_path, test_path, reviewed_path = paths
    csv_path.parent.mkdir(parents=True)
    csv_path.write_text(_render("data.csv.j2", **context), encoding="utf-8")
    descriptor_path.write_text(_render("datapackage.json.j2", **context), encoding="utf-8")
    rehash(dataset, root_data)
    notebook_path.parent.mkdir(parents=True, exist_ok=True)
    import_jsonschema()  # before what loads jsonschema: innovlib.imports says why
    import nbformat  # imported where used: no other command needs it

    nbformat.write(notebook_from_text(_render("notebook.py.j2", **context)), str(notebook_path))
    analysis_path.write_text(_render("analysis.py.j2", **context), encoding="utf-8")
    findings_path.write_text(_render("findings.py.j2", **context), encoding="utf-8")
    test_path.write_text(_render("test_findings.py.j2", **context), encoding="utf-8")
    reviewed_path.parent.mkdir(parents=True, exist_ok=True)
    reviewed = {part: "not_checkable" for claim in skeleton_claims for part in claim.parts}
    reviewed_path.write_text(json.dumps(reviewed, indent=2) + "\n", encoding="utf-8")
    written = list(paths)
    new_claims = [c for c in skeleton_claims if c.new]
    if new_claims:
        _add_catalogue_rows(name, publication, new_claims, root_data)
        written += [root_data / "claims" / f for f in ("publications.csv", "claims.csv", "claim_parts.csv",
                                                       "datapackage.json")]
    return written


def record_snapshot(name: str, root: Path | None = None) -> subprocess.CompletedProcess:
    """Run the new finding's test once with ``--snapshot-update``: its tests run, and the wording snapshot
    (``tests/findings/__snapshots__/test_NAME.ambr``) is written from what the code says, to be read once.
    Needs pytest and syrupy (the test extra); returns the finished process (its output captured)."""
    root = project_root() if root is None else Path(root)
    # a session of its own even when called from a pytest-xdist worker: syrupy prints no snapshot report in a
    # process that the worker's variables say is a worker
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_XDIST_")}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--snapshot-update",
                           f"tests/findings/test_{name}.py"], cwd=root, env=env, capture_output=True, text=True,
                          check=False)
