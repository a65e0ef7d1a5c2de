"""What a run records about where it came from: git state, package versions, the citation, and its RO-Crate.

:func:`git_state`, :func:`package_versions`, :func:`installed_packages`, :func:`citation_text` and
:func:`lock_file` give the facts run.json records (and ``innovlib verify`` compares). :func:`write_run_crate` writes
a Workflow Run RO-Crate for every run: ``ro-crate-metadata.json`` beside the outputs it describes.

The crate (made with the ``rocrate`` library as an RO-Crate 1.1, the version the profiles are defined on; profiles
Workflow Run Crate and Process Run Crate 0.5 and Workflow RO-Crate 1.0, meeting their REQUIRED rules as
roc-validator checks them) says, in a form other tools read:

* the **workflow**: the notebook that ran, copied as ``workflow/<name>.ipynb`` (the committed file, without
  outputs), with one formal parameter per declared parameter;
* the **run**: a ``CreateAction`` with start and end time, its **inputs** (each parameter's value, every dataset
  file loaded with its sha256, every file a ``path`` parameter named, by file name and sha256 — never by a local
  path) and its **results** (the executed notebook, its HTML page, claims.json, the tables, run.json);
* the **software**: innovlib (version and commit), Python and the key packages with their versions, and the lock
  file of exact versions (sha256).

Example
-------
>>> crate_id_fragment("gii_clusters/gii_clusters.csv")
'#input-gii_clusters-gii_clusters.csv'
"""

from __future__ import annotations

import functools
import mimetypes
import os
import platform
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from innovlib.checksums import file_sha256
from innovlib import paths

CRATE_FILE = "ro-crate-metadata.json"
WORKFLOW_FOLDER = "workflow"
RO_CRATE_VERSION = "1.1"  # the version the Workflow Run Crate 0.5 profiles are defined on (and validated against)
RO_CRATE_SPEC = f"https://w3id.org/ro/crate/{RO_CRATE_VERSION}"
WORKFLOW_RO_CRATE = "https://w3id.org/workflowhub/workflow-ro-crate/1.0"
PROFILES = {
    "https://w3id.org/ro/wfrun/process/0.5": ("Process Run Crate", "0.5"),
    "https://w3id.org/ro/wfrun/workflow/0.5": ("Workflow Run Crate", "0.5"),
    "https://w3id.org/workflowhub/workflow-ro-crate/1.0": ("Workflow RO-Crate", "1.0"),
}
FORMATS = {".ipynb": "application/x-ipynb+json", ".html": "text/html", ".json": "application/json",
           ".csv": "text/csv", ".txt": "text/plain"}

KEY_PACKAGES = (
    "innovlib", "pandas", "numpy", "scipy", "matplotlib", "seaborn", "statsmodels",
    "papermill", "nbconvert", "frictionless", "SALib",
)


def crate_id_fragment(text: str, prefix: str = "input") -> str:
    """A local identifier (``#...``) made of safe characters only."""
    return f"#{prefix}-" + re.sub(r"[^A-Za-z0-9_.-]+", "-", str(text)).strip("-")


def _format(path: Path) -> str:
    return FORMATS.get(Path(path).suffix.lower()) or mimetypes.guess_type(str(path))[0] or "application/octet-stream"


def _parameter_type(value: Any) -> str:
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float):
        return "Float"
    if isinstance(value, (list, tuple)):
        return "Collection"
    return "Text"


def _plain_text(value: Any) -> str:
    import json

    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def write_run_crate(folder: Path, task, run: dict, title: str) -> Path:
    """Write ``ro-crate-metadata.json`` (and ``workflow/<name>.ipynb``) into a run's output folder.

    ``task`` is the :class:`innovlib.runner.tasks.Task` that ran and ``run`` the content of its run.json (before the
    output checksums are added). Returns the path of the metadata file.
    """
    from rocrate.model.contextentity import ContextEntity
    from rocrate.model.file import File
    from rocrate.rocrate import ROCrate

    folder = Path(folder)
    name = task.name
    workflow_path = folder / WORKFLOW_FOLDER / f"{name}.ipynb"
    workflow_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(task.notebook, workflow_path)

    crate = ROCrate(version=RO_CRATE_VERSION)
    # the metadata descriptor conforms to the RO-Crate specification and to Workflow RO-Crate (its REQUIRED rule)
    crate.metadata["conformsTo"] = [{"@id": RO_CRATE_SPEC}, {"@id": WORKFLOW_RO_CRATE}]
    crate.name = f"{title} — innovlib run {run['run_id']}"
    crate.description = (f"The executed notebook '{name}' (innovlib run {run['run_id']}, commit "
                         f"{(run.get('git') or {}).get('commit', 'unknown')}), with its inputs, outputs and software.")
    crate.datePublished = run["ended_utc"]
    crate.license = "MIT"
    for profile, (label, version) in PROFILES.items():  # RO-Crate 1.1 describes a profile as a CreativeWork
        crate.add(ContextEntity(crate, profile, properties={"@type": "CreativeWork", "name": label,
                                                            "version": version, "url": {"@id": profile}}))
    crate.root_dataset["conformsTo"] = [{"@id": p} for p in PROFILES]

    python = crate.add(ContextEntity(crate, "#python", properties={
        "@type": "ComputerLanguage", "name": "Python", "version": run["versions"].get("python"),
        "url": {"@id": "https://www.python.org/"}}))
    workflow = crate.add_file(workflow_path, f"{WORKFLOW_FOLDER}/{name}.ipynb", properties={
        "@type": ["File", "SoftwareSourceCode", "ComputationalWorkflow"], "name": title,
        "description": f"The notebook '{name}' as committed (without outputs), executed by papermill.",
        "encodingFormat": FORMATS[".ipynb"], "sha256": run["notebook_sha256"],
        "programmingLanguage": {"@id": python.id}})
    crate.mainEntity = workflow

    # software: innovlib itself, then the key packages and the lock file of exact versions
    commit = (run.get("git") or {}).get("commit", "unknown")
    innovlib = {"@type": "SoftwareApplication", "name": "innovlib", "version": run["versions"].get("innovlib"),
                "identifier": f"git commit {commit}", "sha256": run.get("innovlib_source_sha256"),
                "description": "sha256 over every file the innovlib package shipped at run time"}
    if project_url(task.project_root):
        innovlib["url"] = {"@id": project_url(task.project_root)}
    software = [crate.add(ContextEntity(crate, "#software-innovlib", properties=innovlib))]
    for package, version in sorted(run["versions"].items()):
        if package in ("innovlib", "python") or version is None:
            continue
        software.append(crate.add(ContextEntity(crate, crate_id_fragment(package, "software"), properties={
            "@type": "SoftwareApplication", "name": package, "version": version,
            "url": {"@id": f"https://pypi.org/project/{package}/"}})))
    if run.get("lock_sha256"):
        software.append(crate.add(ContextEntity(crate, "#software-requirements.lock", properties={
            "@type": "CreativeWork", "name": run.get("lock_file", "requirements.lock"),
            "description": "exact versions of every package installed (make installs from it)",
            "sha256": run["lock_sha256"]})))
    workflow["softwareRequirements"] = [{"@id": s.id} for s in software]

    # inputs: parameter values, datasets, files named by parameters
    inputs, formal = [], []
    for key, value in task.values.items():
        parameter = crate.add_formal_parameter(key, _parameter_type(value), identifier=crate_id_fragment(key, "param"),
                                               valueRequired=True)
        formal.append(parameter)
        inputs.append(crate.add(ContextEntity(crate, crate_id_fragment(key, "value"), properties={
            "@type": "PropertyValue", "name": key, "value": _plain_text(value),
            "exampleOfWork": {"@id": parameter.id}})))
    for key, record in task.files.items():
        inputs.append(crate.add(ContextEntity(crate, crate_id_fragment(key, "file"), properties={
            "@type": "File", "name": Path(record["path"]).name, "sha256": record["sha256"],
            "contentSize": str(record["bytes"]), "description": f"the file named by parameter '{key}'",
            "exampleOfWork": {"@id": crate_id_fragment(key, "param")}})))
    data_root = Path(run.get("data_dir") or ".")
    for dataset in run.get("datasets", []):
        path = Path(str(dataset.get("path", "")))
        shown = path.relative_to(data_root).as_posix() if path.is_relative_to(data_root) else path.name
        inputs.append(crate.add(ContextEntity(crate, crate_id_fragment(shown), properties={
            "@type": "File", "name": f"data/{shown}", "encodingFormat": "text/csv", "sha256": dataset.get("sha256"),
            "description": f"dataset '{dataset.get('dataset')}', resource '{dataset.get('resource')}' "
                           f"(descriptor sha256 {dataset.get('descriptor_sha256')})"})))
    workflow["input"] = [{"@id": p.id} for p in formal]

    # results: every output file, and run.json (written next, so described without a checksum)
    results = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        if relative == CRATE_FILE or relative.startswith(f"{WORKFLOW_FOLDER}/"):
            continue
        results.append(crate.add_file(path, relative, properties={
            "encodingFormat": _format(path), "sha256": file_sha256(path), "contentSize": str(path.stat().st_size)}))
    results.append(crate.add(File(crate, dest_path="run.json", properties={
        "encodingFormat": FORMATS[".json"],
        "description": "what the run read and wrote, with the sha256 of every other output file"})))

    crate.add_action(workflow, identifier=crate_id_fragment(run["run_id"], "run"), object=inputs, result=results,
                     properties={"name": f"innovlib run {run['run_id']} of {name}",
                                 "startTime": run["started_utc"], "endTime": run["ended_utc"],
                                 "actionStatus": {"@id": "http://schema.org/CompletedActionStatus"}})
    crate.metadata.write(folder)
    return folder / CRATE_FILE


# --- the facts run.json records ----------------------------------------------------------------------------

def git_state(project_root: Path | None = None) -> dict:
    """Current commit and whether the work tree has uncommitted changes (``unknown`` outside git)."""
    project_root = project_root or paths.project_root()
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=project_root, capture_output=True, text=True, check=True, timeout=60,
        ).stdout.strip()
        dirty = bool(
            subprocess.run(
                ["git", "status", "--porcelain", "--", "innovlib", "notebooks", "data"],
                cwd=project_root, capture_output=True, text=True, check=True, timeout=60,
            ).stdout.strip()
        )
        return {"commit": commit, "dirty": dirty}
    except (OSError, subprocess.SubprocessError):
        return {"commit": "unknown", "dirty": None}


def package_versions() -> dict:
    """Versions of Python and the key packages (``None`` for one not installed), recorded in run.json.

    Example
    -------
    >>> set(KEY_PACKAGES) <= set(package_versions())
    True
    """
    return dict(_package_metadata(_import_path_state())[0])


def citation_text(project_root: Path | None = None) -> str:
    """A one-line citation built from CITATION.cff."""
    import yaml

    path = Path(project_root or paths.project_root()) / "CITATION.cff"
    try:
        cff = yaml.safe_load(path.read_text(encoding="utf-8"))
        authors = "; ".join(a.get("name") or f"{a.get('family-names', '')}, {a.get('given-names', '')}"
                            for a in cff.get("authors", []))
        year = str(cff.get("date-released", ""))[:4]
    except (OSError, ValueError, AttributeError, TypeError, yaml.YAMLError):
        return "innovlib (see CITATION.cff)"
    return f"{authors} ({year}). {cff.get('title', 'innovlib')}, version {cff.get('version', '')}. {cff.get('url', '')}".strip()


def project_url(project_root: Path | None = None) -> str | None:
    """The project's public address from CITATION.cff (``repository-code``, else ``url``), when it gives one.

    Example
    -------
    >>> project_url(Path("/nonexistent")) is None
    True
    """
    import yaml

    try:
        cff = yaml.safe_load((Path(project_root or paths.project_root()) / "CITATION.cff").read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError):
        return None
    url = cff.get("repository-code") or cff.get("url") if isinstance(cff, dict) else None
    return url if isinstance(url, str) and url.startswith(("https://", "http://")) else None


def lock_file(project_root: Path | None = None) -> Path:
    """The lock file of exact package versions the Makefile installs from."""
    return Path(project_root or paths.project_root()) / "requirements.lock"


def installed_packages() -> dict[str, str]:
    """Every installed distribution's version, by lower-case name (recorded in run.json, compared by verify).

    Example
    -------
    >>> installed_packages()["pandas"] == package_versions()["pandas"]
    True
    """
    return dict(_package_metadata(_import_path_state())[1])


def _import_path_state() -> tuple:
    """Each folder Python imports from that holds package metadata (``*.dist-info``, ``*.egg-info``), with its
    modification time: installing, upgrading or removing a package adds or removes such an entry, and so changes
    this."""
    state = []
    for entry in sys.path:
        folder = os.path.abspath(entry or ".")
        try:
            if any(name.endswith((".dist-info", ".egg-info")) for name in os.listdir(folder)):
                state.append((folder, os.stat(folder).st_mtime_ns))
        except OSError:
            continue
    return tuple(state)


@functools.lru_cache(maxsize=1)
def _package_metadata(import_path_state: tuple) -> tuple[dict, dict]:
    """:func:`package_versions` and :func:`installed_packages` while the folders Python imports from are unchanged:
    reading every distribution's metadata is the slowest part of a run's record, and a run's workers, forked from
    the process that read it first, inherit it."""
    versions = {"python": platform.python_version()}
    for name in KEY_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    found: dict[str, str] = {}
    for dist in metadata.distributions():
        name = (dist.metadata.get("Name") or "").lower().replace("_", "-")
        if name:
            found[name] = dist.version
    return versions, dict(sorted(found.items()))
