"""Dataset registry: find, validate and load the curated datasets under ``data/``.

Each dataset is a folder ``data/<name>/`` holding CSV files and a Frictionless Data Package descriptor,
``datapackage.json``: title, description, sources (publisher, title, URL, dates), licence, and for every CSV its
Table Schema (field types, units, constraints, primary key) and its sha256 checksum.

:func:`load` checks the file against its descriptor before anything is computed from it, and returns a
DataFrame naming its dataset in ``.attrs["dataset"]`` (``"name/resource"``); :func:`provenance_of` gives where
every figure came from. Every error names the file, the row (spreadsheet numbering: the header is row 1), the
column and what was expected.

Example
-------
>>> from innovlib.data import load, provenance_of
>>> claims = load("claims", resource="claims")
>>> claims.attrs
{'dataset': 'claims/claims'}
>>> provenance_of(claims)["title"]
'Published claims checked by innovlib'
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from innovlib import outputs
from innovlib.checksums import file_sha256
from innovlib.errors import InnovlibError, shorten
from innovlib.escaping import terminal_text  # a field's line break or escape sequence is shown, not acted on
from innovlib.imports import import_jsonschema
from innovlib.paths import data_dir
from innovlib.textfiles import TextDecodeError, decode_text

DESCRIPTOR = "datapackage.json"

# Source grades, strongest first (defined in the project README): what a verdict may rest on.
GRADES = ("primary", "official", "news", "secondary")


# Table Schema type -> pandas dtype used once the file has been validated.
PANDAS_DTYPES = {
    "string": "string",
    "integer": "Int64",
    "number": "float64",
    "boolean": "boolean",
    "year": "Int64",
}


# Fields holding one URL per cell (``source_url``, ``source_url_2``, ``*_url``) or several separated by " | "
# (``*_urls``); a field declared ``format: uri`` holds one URL too. Every URL must be http(s).
URL_FIELD = re.compile(r"^(.*_url|source_url_\d+)$")
URL_LIST_FIELD = re.compile(r"^.*_urls$")
URL_LIST_SEPARATOR = " | "
SOURCE_COLUMNS = ("source_url", "source_url_2", "other_source_urls")  # the columns a row cites its figure in


def row_sources(row) -> list[str]:
    """Every URL a data row cites for its figure: ``source_url``, then ``source_url_2`` and ``other_source_urls``.

    Example
    -------
    >>> row_sources({"source_url": "https://a.example/1", "other_source_urls": "https://b.example/2 | https://c.example/3"})
    ['https://a.example/1', 'https://b.example/2', 'https://c.example/3']
    """
    urls = []
    for column in SOURCE_COLUMNS:
        value = row.get(column) if hasattr(row, "get") else getattr(row, column, None)
        if isinstance(value, str) and value.strip():
            urls += [url.strip() for url in value.split("|") if url.strip()]
    return list(dict.fromkeys(urls))


def is_http_url(text) -> bool:
    """True for an absolute ``http://`` or ``https://`` URL with a host and no whitespace or control character.

    Used when data is validated and again whenever a URL is rendered as a link.

    Example
    -------
    >>> is_http_url("https://www.wipo.int/gii"), is_http_url("javascript:alert(1)"), is_http_url("https://a b")
    (True, False, False)
    """
    if not isinstance(text, str) or not text or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in text):
        return False
    try:
        parts = urllib.parse.urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


class DataValidationError(InnovlibError, ValueError):
    """A dataset does not match its descriptor.

    Attributes ``path``, ``row`` and ``column`` locate the problem (``None`` where it concerns the whole file).
    """

    def __init__(self, path, message, row=None, column=None):
        self.path = str(path)
        self.row = row
        self.column = column
        where = self.path
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class DatasetRef:
    """Where one resource of a dataset lives, with its descriptor."""

    name: str
    resource: str
    csv_path: Path
    descriptor_path: Path
    descriptor: dict
    resource_descriptor: dict


def dataset_names(root: Path | None = None) -> list[str]:
    """Names of every dataset (folders with a ``datapackage.json``), sorted.

    Example
    -------
    >>> "claims" in dataset_names()
    True
    """
    root = Path(root) if root else data_dir()
    return sorted(p.parent.name for p in root.glob(f"*/{DESCRIPTOR}"))


def missing_datasets(root: Path | None = None) -> dict[str, str]:
    """Datasets that should be there but are not: ``{name: what is wrong}``.

    A folder under the data folder without a descriptor, and a dataset whose descriptor git tracks (when the data
    folder is in a git work tree) but which is gone from disk.

    Example
    -------
    >>> missing_datasets()
    {}
    """
    root = Path(root) if root else data_dir()
    problems = {}
    if root.is_dir():
        for folder in sorted(root.iterdir()):
            if folder.is_dir() and not folder.name.startswith((".", "_")) and not (folder / DESCRIPTOR).is_file():
                problems[folder.name] = f"{folder / DESCRIPTOR}: descriptor is missing"
    try:
        tracked = subprocess.run(["git", "ls-files", "--", f"*/{DESCRIPTOR}"], cwd=root, capture_output=True,
                                 text=True, check=True, timeout=30).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        tracked = []
    for line in tracked:
        relative = Path(line)
        if len(relative.parts) == 2 and not (root / relative).is_file() and relative.parts[0] not in problems:
            what = "descriptor" if (root / relative.parent).is_dir() else "dataset folder"
            problems[relative.parts[0]] = f"{root / relative}: {what} is missing (git tracks it)"
    return problems


def read_descriptor(name: str, root: Path | None = None) -> dict:
    """Read and sanity-check the descriptor of dataset ``name``."""
    root = Path(root) if root else data_dir()
    path = root / name / DESCRIPTOR
    if not path.exists():
        known = ", ".join(dataset_names(root)) or "none"
        raise DataValidationError(path, f"no dataset '{name}' (no descriptor file). Known datasets: {known}")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataValidationError(path, f"cannot be read ({exc.strerror})") from None
    try:
        descriptor = json.loads(_decode(raw, path))
    except json.JSONDecodeError as exc:
        raise DataValidationError(path, f"not valid JSON: {exc.msg} (column {exc.colno})", row=exc.lineno) from None
    except RecursionError:
        raise DataValidationError(path, "not valid JSON: nested too deeply") from None
    if not isinstance(descriptor, dict):
        raise DataValidationError(path, "expected a JSON object (a Data Package descriptor)")
    for key in ("name", "title", "sources", "resources"):
        if not descriptor.get(key):
            raise DataValidationError(path, f"descriptor has no '{key}'")
    if not isinstance(descriptor["sources"], list) or not isinstance(descriptor["resources"], list):
        raise DataValidationError(path, "'sources' and 'resources' must be lists")
    if descriptor["name"] != name:
        raise DataValidationError(path, f"descriptor name '{descriptor['name']}' differs from its folder '{name}'")
    for i, source in enumerate(descriptor["sources"]):
        if not isinstance(source, dict) or not source.get("title"):
            raise DataValidationError(path, f"source {i + 1} has no 'title'")
        if not source.get("path"):
            raise DataValidationError(path, f"source {i + 1} ({shorten(source['title'])}) has no URL ('path')")
        if not is_http_url(source["path"]):
            raise DataValidationError(path, f"source {i + 1} ({shorten(source['title'])}): 'path' must be an "
                                            f"http(s) URL, got {shorten(source['path'])}")
        if "grade" in source and source["grade"] not in GRADES:
            raise DataValidationError(path, f"source {i + 1} ({shorten(source['title'])}): 'grade' must be one of "
                                            f"{', '.join(GRADES)}, got {shorten(source['grade'])}")
    for i, resource in enumerate(descriptor["resources"]):
        if not isinstance(resource, dict) or not resource.get("name") or not isinstance(resource.get("path"), str):
            raise DataValidationError(path, f"resource {i + 1} needs a 'name' and a 'path'")
        folder = path.parent.resolve()
        inside = (path.parent / resource["path"]).parent.resolve()  # a symlinked folder must not lead out
        if (Path(resource["path"]).is_absolute() or ".." in Path(resource["path"]).parts
                or not inside.is_relative_to(folder)):
            raise DataValidationError(path, f"resource {shorten(resource['name'])}: 'path' must be a file in the "
                                            f"dataset's folder, got {shorten(resource['path'])}")
        fields = (resource.get("schema") or {}).get("fields")
        if not isinstance(fields, list) or not all(isinstance(f, dict) and f.get("name") for f in fields):
            raise DataValidationError(path, f"resource {shorten(resource['name'])} needs a schema with named fields")
    return descriptor


def graded_sources(root: Path | None = None) -> dict[str, dict]:
    """Every source URL the descriptors list, with its entry and dataset: ``{url: {**entry, "dataset": name}}``.

    One URL has one grade: a URL that two descriptors grade differently (or one grades and the other does not)
    is an error naming both, so that no verdict silently takes whichever descriptor was read first.

    Example
    -------
    >>> entry = graded_sources()["https://www.wipo.int/web/global-innovation-index/2025/innovation-clusters"]
    >>> entry["grade"], entry["dataset"]
    ('primary', 'gii_clusters')
    """
    root = Path(root) if root else data_dir()
    found: dict[str, dict] = {}
    for name in dataset_names(root):
        for entry in read_descriptor(name, root)["sources"]:
            url = entry["path"]
            first = found.get(url)
            if first is None:
                found[url] = {**entry, "dataset": name}
            elif first.get("grade") != entry.get("grade"):
                raise DataValidationError(
                    root / name / DESCRIPTOR,
                    f"source {shorten(url)} is graded {entry.get('grade') or 'not at all'} here but "
                    f"{first.get('grade') or 'not at all'} in {root / first['dataset'] / DESCRIPTOR}: "
                    "one URL takes one grade")
    return found


def _decode(raw: bytes, path: Path) -> str:
    """Text of a data file or descriptor (:func:`innovlib.textfiles.decode_text`); an error names the file and row."""
    try:
        return decode_text(raw)
    except TextDecodeError as error:
        raise DataValidationError(path, error.reason, row=error.line) from None


def resolve(name: str, resource: str | None = None, root: Path | None = None) -> DatasetRef:
    """Locate one resource (CSV file) of a dataset; ``resource`` may be omitted when there is only one."""
    root = Path(root) if root else data_dir()
    descriptor = read_descriptor(name, root)
    resources = descriptor["resources"]
    names = [r.get("name") for r in resources]
    if resource is None:
        if len(resources) != 1:
            raise DataValidationError(
                root / name / DESCRIPTOR, f"has several resources {names}; pass resource= one of them"
            )
        chosen = resources[0]
    else:
        matches = [r for r in resources if r.get("name") == resource]
        if not matches:
            raise DataValidationError(root / name / DESCRIPTOR, f"has no resource '{resource}'; it has {names}")
        chosen = matches[0]
    return DatasetRef(
        name=name,
        resource=chosen["name"],
        csv_path=root / name / chosen["path"],
        descriptor_path=root / name / DESCRIPTOR,
        descriptor=descriptor,
        resource_descriptor=chosen,
    )


def _check_file(ref: DatasetRef) -> list[str]:
    """Checks done before Frictionless sees the file; returns the header."""
    path = ref.csv_path
    if not path.is_file():
        raise DataValidationError(path, f"file is missing (named by {ref.descriptor_path})")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataValidationError(path, f"cannot be read ({exc.strerror})") from None
    if not raw.strip():
        raise DataValidationError(path, "file is empty; expected a header row and at least one data row")
    expected_hash = ref.resource_descriptor.get("hash", "")
    if not isinstance(expected_hash, str) or not expected_hash.startswith("sha256:"):
        raise DataValidationError(ref.descriptor_path, f"resource '{ref.resource}' has no 'hash': 'sha256:<hex>'")
    actual = hashlib.sha256(raw).hexdigest()
    if expected_hash.removeprefix("sha256:") != actual:
        raise DataValidationError(
            path,
            f"checksum mismatch: the descriptor records {expected_hash.removeprefix('sha256:')[:12]}..., "
            f"the file has {actual[:12]}.... If the edit was deliberate (and sourced), run "
            f"`innovlib data rehash {ref.name}`",
        )
    if len([line for line in _decode(raw, path).splitlines() if line.strip()]) < 2:
        raise DataValidationError(path, "file has a header but no data rows")
    try:
        header = list(pd.read_csv(path, nrows=0, dtype=str, encoding="utf-8-sig").columns)
    except (ValueError, pd.errors.ParserError) as exc:
        raise DataValidationError(path, f"header row cannot be read as CSV ({shorten(str(exc), 80)[1:-1]})", 1) from None
    fields = [f["name"] for f in ref.resource_descriptor["schema"]["fields"]]
    for position, field in enumerate(fields, start=1):
        if field not in header:
            raise DataValidationError(path, f"column is missing (schema field {position} of {len(fields)})", 1, field)
    for column in header:
        if column not in fields:
            raise DataValidationError(path, "column is not in the schema; add it to the descriptor or remove it", 1, column)
    if header != fields:
        raise DataValidationError(path, f"columns are out of order; the schema expects {fields}", 1)
    return header


def _describe_frictionless_error(error) -> str:
    """One line saying what was expected, from a Frictionless error."""
    kind = error.type
    cell = getattr(error, "cell", None)
    note = getattr(error, "note", "")
    if kind == "type-error":
        return f"value {shorten(cell)} is not of the declared type ({note})"
    if kind == "constraint-error":
        return f"value {shorten(cell)} breaks the constraint {note}"
    if kind in ("primary-key", "unique-error"):
        return f"duplicate key: {note or error.message}"
    if kind == "foreign-key":
        return (f"value {shorten(', '.join(error.field_cells))} is not a {', '.join(error.reference_field_names)} "
                f"of resource '{error.reference_name}'")
    return error.message


def _closest_reference_value(ref: DatasetRef, error) -> str:
    """" (did you mean 'x'?)" for a foreign key whose value is close to one of the referenced values, else ""."""
    import difflib

    resource = next((r for r in ref.descriptor["resources"] if r.get("name") == error.reference_name), None)
    if resource is None or len(error.field_cells) != 1:
        return ""
    column = error.reference_field_names[0]
    values = pd.read_csv(ref.csv_path.parent / resource["path"], dtype=str, usecols=[column],
                         encoding="utf-8-sig")[column].dropna().tolist()
    close = difflib.get_close_matches(error.field_cells[0], values, n=1, cutoff=0.6)
    return f" (did you mean {shorten(close[0])}?)" if close else ""


def validate(ref: DatasetRef) -> None:
    """Validate one resource against its descriptor; raise :class:`DataValidationError` at the first problem."""
    _check_file(ref)
    import_jsonschema()  # before what loads jsonschema: innovlib.imports says why
    from frictionless import Resource  # heavy import: only when validating

    descriptor = {k: v for k, v in ref.resource_descriptor.items() if k != "hash"}
    descriptor.setdefault("format", "csv")
    if descriptor.get("schema", {}).get("foreignKeys"):
        # Keys into other resources of the dataset can only be checked with the whole package.
        from frictionless import Package

        resources = [{k: v for k, v in r.items() if k != "hash"} for r in ref.descriptor["resources"]]
        package = Package({"resources": resources}, basepath=str(ref.csv_path.parent))
        report = package.get_resource(ref.resource).validate()
    else:
        report = Resource(descriptor, basepath=str(ref.csv_path.parent)).validate()
    errors = [e for task in report.tasks for e in task.errors]
    errors += list(report.errors)
    if errors:
        first = errors[0]
        more = f" ({len(errors) - 1} more problem(s) in this file)" if len(errors) > 1 else ""
        key_fields = getattr(first, "field_names", None) or []  # a foreign key names its fields, not one field
        hint = _closest_reference_value(ref, first) if first.type == "foreign-key" else ""
        raise DataValidationError(
            ref.csv_path,
            _describe_frictionless_error(first) + hint + more,
            row=getattr(first, "row_number", None),
            column=getattr(first, "field_name", None) or (key_fields[0] if len(key_fields) == 1 else None),
        )
    _check_rows(ref)


def _check_rows(ref: DatasetRef) -> None:
    """Checks Frictionless does not make: repeated rows, and URLs that are not http(s)."""
    import csv
    import io

    fields = ref.resource_descriptor["schema"]["fields"]
    single = {f["name"] for f in fields if URL_FIELD.match(f["name"]) or f.get("format") == "uri"}
    several = {f["name"] for f in fields if URL_LIST_FIELD.match(f["name"]) and f["name"] not in single}
    text = ref.csv_path.read_bytes().decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    seen: dict[tuple, int] = {}
    for row_number, cells in enumerate(reader, start=2):
        key = tuple(cells)
        if key in seen and any(c.strip() for c in cells):
            raise DataValidationError(ref.csv_path, f"row repeats row {seen[key]}", row=row_number)
        seen.setdefault(key, row_number)
        for column, cell in zip(header, cells):
            if not cell or column not in single | several:
                continue
            urls = cell.split(URL_LIST_SEPARATOR) if column in several else [cell]
            for url in urls:
                if not is_http_url(url.strip() if column in several else url):
                    raise DataValidationError(ref.csv_path, f"expected an http(s) URL, got {shorten(url)}",
                                              row=row_number, column=column)


def provenance(ref: DatasetRef) -> dict:
    """Where a loaded table comes from: dataset, title, sources, licence, checksum, units.

    Example
    -------
    >>> provenance(resolve("claims", "claims"))["units"]
    {}
    """
    schema = ref.resource_descriptor["schema"]
    return {
        "dataset": ref.name,
        "resource": ref.resource,
        "title": ref.descriptor["title"],
        "description": ref.descriptor.get("description", ""),
        "sources": ref.descriptor["sources"],
        "licenses": ref.descriptor.get("licenses", []),
        "path": str(ref.csv_path),
        "sha256": ref.resource_descriptor["hash"].removeprefix("sha256:"),
        "units": {f["name"]: f["unit"] for f in schema["fields"] if f.get("unit")},
    }


# The one entry :func:`load` leaves in a table's ``attrs``: pandas deep-copies ``attrs`` into every table derived
# from it, so a whole provenance there (sources, descriptions: kilobytes) would be copied on every operation.
DATASET_ATTR = "dataset"


def provenance_of(table: pd.DataFrame, root: Path | None = None) -> dict:
    """The provenance (:func:`provenance`) of a table :func:`load` returned, or of one derived from it, read from
    the descriptor of the dataset its ``attrs["dataset"]`` names (``"name/resource"``).

    Parameters
    ----------
    table : pandas.DataFrame
        A table loaded by :func:`load` (pandas keeps ``attrs`` through most operations).
    root : Path, optional
        Folder holding the datasets, as given to :func:`load` (default: :func:`data_dir`).

    Raises
    ------
    ValueError
        When the table names no dataset (it was not loaded by :func:`load`, or an operation dropped its ``attrs``).

    Example
    -------
    >>> sei = load("sei_first_tier_cities")
    >>> shenzhen = sei[sei["city"] == "Shenzhen"]  # a selection keeps the dataset's name
    >>> provenance_of(shenzhen)["dataset"], len(provenance_of(shenzhen)["sha256"])
    ('sei_first_tier_cities', 64)
    >>> provenance_of(pd.DataFrame({"x": [1]}))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: this table names no dataset (attrs['dataset'] = 'name/resource'): provenance is known only for ...
    """
    dataset = table.attrs.get(DATASET_ATTR)
    if not isinstance(dataset, str) or "/" not in dataset:
        raise ValueError("this table names no dataset (attrs['dataset'] = 'name/resource'): provenance is known "
                         "only for a table innovlib.data.load returned, or one derived from it")
    name, resource = dataset.split("/", 1)
    return provenance(resolve(name, resource, root))


def load(name: str, resource: str | None = None, root: Path | None = None, check_rows: bool = True) -> pd.DataFrame:
    """Load a dataset after validating it against its descriptor.

    Parameters
    ----------
    name : str
        Dataset name (folder under ``data/``).
    resource : str, optional
        Resource (CSV) within the dataset; needed only when it has several.
    root : Path, optional
        Folder holding the datasets (default: :func:`data_dir`).
    check_rows : bool
        Validate every row (types, constraints, keys). ``False`` checks only the file, its checksum and its
        header: enough for a file already validated whose checksum still matches (used by the report).

    Returns
    -------
    pandas.DataFrame
        Typed columns (integers as ``Int64``, numbers as ``float64``, text as ``string``, dates as datetimes);
        empty cells are missing values. ``.attrs["dataset"]`` names the dataset and resource
        (``"name/resource"``); :func:`provenance_of` gives its sources and checksum.

    Raises
    ------
    DataValidationError
        Naming the file, row and column of the first problem: missing file, empty file, checksum mismatch,
        missing or extra column, wrong type, missing required value, duplicate key, value out of range or
        outside the allowed set.

    Example
    -------
    >>> df = load("claims", resource="claim_parts")
    >>> df.loc[df.part_id == "SEI-03a", "published_value"].item()
    '42.3'
    """
    ref = resolve(name, resource, root)
    if check_rows:
        validate(ref)
    else:
        _check_file(ref)
    fields = ref.resource_descriptor["schema"]["fields"]
    dtypes = {f["name"]: PANDAS_DTYPES.get(f.get("type", "string"), "string") for f in fields}
    date_fields = [f["name"] for f in fields if f.get("type") in ("date", "datetime")]
    for column in date_fields:
        dtypes.pop(column)
    table = pd.read_csv(ref.csv_path, dtype=dtypes, keep_default_na=False, na_values=[""], encoding="utf-8")
    for column in date_fields:
        table[column] = pd.to_datetime(table[column])
    table.attrs[DATASET_ATTR] = f"{ref.name}/{ref.resource}"
    outputs.record_dataset(ref.name, ref.resource, ref.resource_descriptor["hash"].removeprefix("sha256:"),
                           ref.csv_path)
    return table


def catalogue(root: Path | None = None) -> pd.DataFrame:
    """One row per dataset resource: name, resource, title, sources, rows. Reads descriptors only.

    Example
    -------
    >>> "claims" in set(catalogue()["dataset"])
    True
    """
    root = Path(root) if root else data_dir()
    rows = []
    for name in dataset_names(root):
        descriptor = read_descriptor(name, root)
        for res in descriptor["resources"]:
            path = root / name / res["path"]
            n_rows = max(len(path.read_text(encoding="utf-8").splitlines()) - 1, 0) if path.exists() else None
            rows.append(
                {
                    "dataset": name,
                    "resource": res["name"],
                    "title": descriptor["title"],
                    "rows": n_rows,
                    "sources": len(descriptor["sources"]),
                }
            )
    return pd.DataFrame(rows, columns=["dataset", "resource", "title", "rows", "sources"])


def describe(name: str, root: Path | None = None) -> str:
    """A readable account of a dataset: title, description, sources (with grade, original and via), licence,
    fields with units.

    Example
    -------
    >>> "  - [primary] WIPO: Innovation Cluster Ranking 2025 (Global Innovation Index)" in describe("gii_clusters")
    True
    """
    descriptor = read_descriptor(name, root)
    lines = [f"{descriptor['title']}  [{name}]", ""]
    if descriptor.get("description"):
        lines += [descriptor["description"], ""]
    lines.append("Sources:")
    for source in descriptor["sources"]:
        dates = ", ".join(
            f"{k.replace('date_', '')} {source[k]}" for k in ("date_published", "date_retrieved") if source.get(k)
        )
        publisher = f"{source['publisher']}: " if source.get("publisher") else ""
        lines.append(f"  - [{source.get('grade') or 'ungraded'}] {publisher}{source['title']}")
        lines.append(f"    {source['path']}" + (f"  ({dates})" if dates else ""))
        if source.get("original"):
            lines.append(f"    original: {source['original']}")
        if source.get("via"):
            lines.append(f"    via: {source['via']}")
    for lic in descriptor.get("licenses", []):
        lines.append(f"Licence: {lic.get('title') or lic.get('name')}")
    for res in descriptor["resources"]:
        lines += ["", f"Resource '{res['name']}' ({res['path']}, {res.get('hash', 'no hash')[:19]}...):"]
        for field in res["schema"]["fields"]:
            unit = f" [{field['unit']}]" if field.get("unit") else ""
            desc = f" - {field['description']}" if field.get("description") else ""
            lines.append(f"  {field['name']} ({field.get('type', 'string')}){unit}{desc}")
        if res["schema"].get("primaryKey"):
            lines.append(f"  primary key: {res['schema']['primaryKey']}")
    return "\n".join(terminal_text(line) for line in lines)


def rehash(name: str, root: Path | None = None) -> dict[str, str]:
    """Record the current sha256 of every file of dataset ``name`` in its descriptor.

    Run after a deliberate, sourced edit of a CSV. Returns ``{resource: sha256}``.
    """
    root = Path(root) if root else data_dir()
    descriptor = read_descriptor(name, root)
    hashes = {}
    for res in descriptor["resources"]:
        digest = file_sha256(root / name / res["path"])
        res["hash"] = f"sha256:{digest}"
        hashes[res["name"]] = digest
    path = root / name / DESCRIPTOR
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return hashes
