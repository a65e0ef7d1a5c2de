"""Dataset registry: find, validate and load the curated datasets under ``data/``.

Each dataset is a folder ``data/<name>/`` holding CSV files and a Frictionless Data Package descriptor,
``datapackage.json``: title, description, sources (publisher, title, URL, dates), licence, and for every CSV its
Table Schema (field types, units, constraints, primary key) and its sha256 checksum.

:func:`load` checks the file against its descriptor before anything is computed from it, and returns a
DataFrame whose ``.attrs["provenance"]`` says where every figure came from. Every error names the file, the
row (spreadsheet numbering: the header is row 1), the column and what was expected.

Example
-------
>>> from innovlib.data import load
>>> claims = load("claims")
>>> claims.attrs["provenance"]["title"]
'Published claims checked by innovlib'
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from innovlib import outputs

DESCRIPTOR = "datapackage.json"
PROJECT_ROOT = Path(__file__).resolve().parents[1]

# Table Schema type -> pandas dtype used once the file has been validated.
PANDAS_DTYPES = {
    "string": "string",
    "integer": "Int64",
    "number": "float64",
    "boolean": "boolean",
    "year": "Int64",
}


class DataValidationError(ValueError):
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


def data_dir() -> Path:
    """The folder holding the datasets: ``$INNOVLIB_DATA_DIR`` if set, else ``data/`` in the project."""
    return Path(os.environ.get("INNOVLIB_DATA_DIR", PROJECT_ROOT / "data"))


def dataset_names(root: Path | None = None) -> list[str]:
    """Names of every dataset (folders with a ``datapackage.json``), sorted.

    Example
    -------
    >>> "claims" in dataset_names()
    True
    """
    root = Path(root) if root else data_dir()
    return sorted(p.parent.name for p in root.glob(f"*/{DESCRIPTOR}"))


def read_descriptor(name: str, root: Path | None = None) -> dict:
    """Read and sanity-check the descriptor of dataset ``name``."""
    root = Path(root) if root else data_dir()
    path = root / name / DESCRIPTOR
    if not path.exists():
        known = ", ".join(dataset_names(root)) or "none"
        raise DataValidationError(path, f"no dataset '{name}' (no descriptor file). Known datasets: {known}")
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataValidationError(path, f"not valid JSON: {exc}", row=exc.lineno) from exc
    for key in ("name", "title", "sources", "resources"):
        if not descriptor.get(key):
            raise DataValidationError(path, f"descriptor has no '{key}'")
    if descriptor["name"] != name:
        raise DataValidationError(path, f"descriptor name '{descriptor['name']}' differs from its folder '{name}'")
    for i, source in enumerate(descriptor["sources"]):
        if not source.get("title"):
            raise DataValidationError(path, f"source {i + 1} has no 'title'")
        if not source.get("path"):
            raise DataValidationError(path, f"source {i + 1} ('{source['title']}') has no URL ('path')")
    return descriptor


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


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes.

    Example
    -------
    >>> len(file_sha256(data_dir() / "claims" / "claims.csv"))
    64
    """
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _check_file(ref: DatasetRef) -> list[str]:
    """Checks done before Frictionless sees the file; returns the header."""
    path = ref.csv_path
    if not path.exists():
        raise DataValidationError(path, f"file is missing (named by {ref.descriptor_path})")
    raw = path.read_bytes()
    if not raw.strip():
        raise DataValidationError(path, "file is empty; expected a header row and at least one data row")
    expected_hash = ref.resource_descriptor.get("hash", "")
    if not expected_hash.startswith("sha256:"):
        raise DataValidationError(ref.descriptor_path, f"resource '{ref.resource}' has no 'hash': 'sha256:<hex>'")
    actual = hashlib.sha256(raw).hexdigest()
    if expected_hash.removeprefix("sha256:") != actual:
        raise DataValidationError(
            path,
            f"checksum mismatch: the descriptor records {expected_hash.removeprefix('sha256:')[:12]}..., "
            f"the file has {actual[:12]}.... If the edit was deliberate (and sourced), run "
            f"`innovlib data rehash {ref.name}`",
        )
    if len([line for line in raw.decode("utf-8-sig").splitlines() if line.strip()]) < 2:
        raise DataValidationError(path, "file has a header but no data rows")
    header = list(pd.read_csv(path, nrows=0, dtype=str).columns)
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
        return f"value {cell!r} is not of the declared type ({note})"
    if kind == "constraint-error":
        return f"value {cell!r} breaks the constraint {note}"
    if kind in ("primary-key", "unique-error"):
        return f"duplicate key: {note or error.message}"
    return error.message


def validate(ref: DatasetRef) -> None:
    """Validate one resource against its descriptor; raise :class:`DataValidationError` at the first problem."""
    _check_file(ref)
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
        raise DataValidationError(
            ref.csv_path,
            _describe_frictionless_error(first) + more,
            row=getattr(first, "row_number", None),
            column=getattr(first, "field_name", None),
        )


def provenance(ref: DatasetRef) -> dict:
    """Where a loaded table comes from: dataset, title, sources, licence, checksum, units."""
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
        empty cells are missing values. ``.attrs["provenance"]`` holds the sources and checksum.

    Raises
    ------
    DataValidationError
        Naming the file, row and column of the first problem: missing file, empty file, checksum mismatch,
        missing or extra column, wrong type, missing required value, duplicate key, value out of range or
        outside the allowed set.

    Example
    -------
    >>> df = load("claims")
    >>> df.loc[df.claim_id == "SEI-03", "published_value"].item()
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
    table.attrs["provenance"] = provenance(ref)
    outputs.record_dataset(ref.name, ref.resource, table.attrs["provenance"]["sha256"], ref.csv_path)
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
    """A readable account of a dataset: title, description, sources, licence, fields with units."""
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
        lines.append(f"  - {publisher}{source['title']}")
        lines.append(f"    {source['path']}" + (f"  ({dates})" if dates else ""))
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
    return "\n".join(lines)


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
