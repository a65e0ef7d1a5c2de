"""The report: every published claim with its verdict, derived from the verdicts of its parts.

Reads ``outputs/*/claims.json`` of default-parameter runs, joins the part verdicts with the claim catalogue,
derives each claim's verdict from its parts (:func:`innovlib.claims.combine_parts`), and writes
``outputs/report.json``, ``report.md`` and ``report.html``. A part no notebook has checked is ``unchecked``,
and so is its claim. Contradicted claims come first; then claims by article. Every value from data or from a
notebook is escaped in HTML and Markdown (Markdown as numeric character references), and only http(s) URLs become
links. A damaged or missing ``run.json`` or ``claims.json`` is skipped and named in ``problems``, never a crash;
the files are written atomically, with the outputs folder's lock held.

Example
-------
>>> from pathlib import Path
>>> rows = gather(Path("/nonexistent"))
>>> {r["verdict"] for r in rows}
{'unchecked'}
"""

from __future__ import annotations

import functools
import json
import urllib.parse
from datetime import datetime, timezone
from pathlib import Path

from markupsafe import Markup  # jinja2's own escaping type

from innovlib.claims import COMBINE_RULE, VERDICTS, articles, claim_catalogue, combine_parts, format_value, part_anchor
from innovlib.data import is_http_url
from innovlib.errors import shorten
from innovlib.escaping import link_target, markdown_text  # one escaping function per context
from innovlib.outputs import atomic_write_text, lock_outputs
from innovlib.paths import PACKAGE_DIR

TEMPLATES = PACKAGE_DIR / "templates"  # report.md.j2 and report.html.j2
VERDICT_ORDER = ("contradicted", "reproduced", "confirmed_by_source", "not_checkable", "unchecked")
VERDICT_COLOURS = {"reproduced": "#dafbe1", "confirmed_by_source": "#dafbe1", "contradicted": "#ffebe9",
                   "not_checkable": "#fff8c5", "unchecked": "#eaeef2"}


def _read_json(path: Path, problems: list[str]):
    """JSON content of ``path``, or ``None`` when it is missing or damaged (noted in ``problems``)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{path}: missing")
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        problems.append(f"{path}: damaged ({shorten(str(exc), 60)[1:-1]})")
    return None


def checked_parts(outputs_dir: Path, problems: list[str] | None = None) -> dict[str, dict]:
    """The verdict of every part checked by a good default-parameter run, by part id.

    A folder counts only when it is an intact run (:func:`innovlib.runner.cache.intact_run`, the check the cache
    makes); others are skipped and described in ``problems`` (when given).
    """
    from innovlib.runner import discover, intact_run, recover_outputs

    problems = [] if problems is None else problems
    checked: dict[str, dict] = {}
    recover_outputs(Path(outputs_dir), progress=problems.append)  # an output a killed run moved aside counts
    notebooks = discover()
    for name in sorted(notebooks):
        folder = Path(outputs_dir) / name
        if not (folder / "run.json").exists():
            continue
        run, problem = intact_run(folder, name)
        if run is None:
            if problem:
                problems.append(f"{problem}; not used")
            continue
        if not run.get("default_parameters"):
            continue
        recorded_notebook = Path(str(run.get("notebook_path", notebooks[name]))).resolve()
        if run.get("notebook") != name or recorded_notebook != notebooks[name].resolve():
            problems.append(f"{folder / 'run.json'}: written by another notebook than {notebooks[name]}; not used")
            continue
        claims_file = folder / "claims.json"
        verdicts = _read_json(claims_file, problems)
        if not isinstance(verdicts, list):
            if verdicts is not None:
                problems.append(f"{claims_file}: damaged (not a list of verdicts)")
            continue
        for verdict in verdicts:
            if not isinstance(verdict, dict) or verdict.get("verdict") not in VERDICTS or not verdict.get("part_id"):
                problems.append(f"{claims_file}: skipped an entry that is not a verdict ({shorten(verdict)})")
                continue
            checked[str(verdict["part_id"])] = {
                **verdict, "notebook": verdict.get("notebook") or run.get("notebook") or name,
                "run_id": run.get("run_id"), "commit": (run.get("git") or {}).get("commit"),
                "output": folder.name, "provenance_note": _provenance_note(run),
            }
    return checked


def _provenance_note(run: dict) -> str:
    """What the commit does not pin: inputs outside the repository, or uncommitted changes ('' when pinned)."""
    git = run.get("git") if isinstance(run.get("git"), dict) else {}
    if git.get("outside_repository"):
        return "inputs outside the repository: " + ", ".join(map(str, git["outside_repository"]))
    if git.get("dirty") or git.get("dirty") is None:
        return "uncommitted changes" if git.get("dirty") else "commit unknown"
    return ""


def gather(outputs_dir: Path, problems: list[str] | None = None) -> list[dict]:
    """One row per claim, with its parts and derived verdict; catalogue order (see :func:`checked_parts`)."""
    checked = checked_parts(outputs_dir, problems)
    table = claim_catalogue()
    table = table.astype(object).where(table.notna(), None)
    rows: dict[str, dict] = {}
    for part in table.to_dict("records"):
        claim = rows.setdefault(part["claim_id"], {
            "claim_id": part["claim_id"], "article": part["article"], "subject": part["subject"],
            "claim": part["claim"], "parts": [],
        })
        found = checked.get(part["part_id"], {})
        claim["parts"].append({
            "part_id": part["part_id"], "statement": part["statement"], "published": part["published_value"],
            "unit": part["unit"], "verdict": found.get("verdict", "unchecked"), "computed": found.get("computed"),
            "explanation": found.get("explanation", ""), "sources": found.get("sources", []),
            "about": found.get("about", {}), "notebook": found.get("notebook"), "run_id": found.get("run_id"),
            "commit": found.get("commit"), "output": found.get("output"), "cell": found.get("cell"),
            "href": _output_href(found) if found.get("notebook") else None,
            "provenance_note": found.get("provenance_note", ""),
        })
    for claim in rows.values():
        verdicts = {p["part_id"]: (None if p["verdict"] == "unchecked" else p["verdict"]) for p in claim["parts"]}
        claim["verdict"], claim["summary"] = combine_parts(verdicts)
    return list(rows.values())


def counts(rows: list[dict]) -> dict[str, int]:
    """Number of claims per verdict, in a fixed order."""
    return {v: sum(1 for r in rows if r["verdict"] == v) for v in VERDICT_ORDER}


def part_counts(rows: list[dict]) -> dict[str, int]:
    """Number of claim parts per verdict."""
    parts = [p for r in rows for p in r["parts"]]
    return {v: sum(1 for p in parts if p["verdict"] == v) for v in VERDICT_ORDER}


def ordered(rows: list[dict]) -> list[dict]:
    """Contradicted claims first, then by article and catalogue order."""
    articles = list(dict.fromkeys(r["article"] for r in rows))
    return sorted(rows, key=lambda r: (r["verdict"] != "contradicted", articles.index(r["article"])))


def safe_href(url) -> str | None:
    """The URL, percent-encoded where Markdown or HTML could misread it, when it is http(s); else ``None``.

    Example
    -------
    >>> safe_href("javascript:alert(1)") is None, safe_href("https://wipo.int/x y")
    (True, None)
    """
    if not is_http_url(url):
        return None
    return link_target(url)


def _output_href(part: dict) -> str:
    """Relative link from the report to the cell of the notebook page that decided the part (its anchor)."""
    page = urllib.parse.quote(f"{part['output']}/{part['notebook']}.html")
    part_id = part.get("part_id")
    return f"{page}#{part_anchor(str(part_id))}" if part_id else page


def _where(part: dict) -> str:
    """'cell 12' when the cell that decided the part is known, else 'verdict'."""
    return f"cell {part['cell']}" if isinstance(part.get("cell"), int) else "verdict"


def _markdown_value(value) -> Markup:
    """Markdown's autoescape: every value printed by the Markdown template, unless already safe (a macro's output,
    a checked link), as :func:`markdown_text`."""
    return value if isinstance(value, Markup) else Markup(markdown_text(value))


def _html_value(value):
    """Values the HTML template prints, as a reader should see them; autoescape then escapes the text."""
    return value if isinstance(value, str) else format_value(value)


@functools.lru_cache(maxsize=2)
def _templates(kind: str):
    """The jinja2 environment of ``report.<kind>.j2`` (``md`` or ``html``): autoescape on, for its own markup.

    In Markdown a link target is safe once percent-encoded (:func:`safe_href`); in HTML it is escaped as well.
    """
    import jinja2

    markdown = kind == "md"
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_markdown_value if markdown else _html_value,
    )
    trusted = Markup if markdown else str
    environment.filters.update(
        label=lambda verdict: verdict.replace("_", " "),
        where=_where,
        href=lambda url: trusted(href) if (href := safe_href(url)) else None,
        # a row's own href is quoted again: idempotent for the links gather() builds, inert for anything else
        output_href=lambda part: trusted(
            link_target(str(part.get("href") or _output_href(part))) or "#"),
    )
    return environment


def _render(kind: str, rows: list[dict], generated: str) -> str:
    return _templates(kind).get_template(f"report.{kind}.j2").render(
        generated=generated, rule=COMBINE_RULE, claim_counts=counts(rows), part_counts=part_counts(rows),
        articles=articles(), claims=ordered(rows), colours=VERDICT_COLOURS,
    )


def to_markdown(rows: list[dict], generated: str) -> str:
    """The report as Markdown (``templates/report.md.j2``): counts, the rule, then every claim with its parts.

    Example
    -------
    >>> row = {"claim_id": "X-1", "article": "A", "subject": "s", "claim": "c <b>", "verdict": "unchecked",
    ...        "summary": "unchecked", "parts": []}
    >>> [line for line in to_markdown([row], "now").splitlines() if line.startswith("| **X-1")]
    ['| **X-1** (A) | c &#60;b&#62; | | | **unchecked** | | |']
    """
    return _render("md", rows, generated)


def to_html(rows: list[dict], generated: str) -> str:
    """The report as one self-contained HTML page (``templates/report.html.j2``; no scripts, no external requests).

    Example
    -------
    >>> row = {"claim_id": "X-1", "article": "A", "subject": "s", "claim": "c <b>", "verdict": "unchecked",
    ...        "summary": "unchecked", "parts": []}
    >>> "<td colspan='3'>c &lt;b&gt;</td>" in to_html([row], "now")
    True
    """
    return _render("html", rows, generated)


def write_report(outputs_dir: Path, problems: list[str] | None = None, notify=None) -> dict[str, int]:
    """Write ``report.json``, ``report.md`` and ``report.html`` into ``outputs_dir``; return counts by verdict.

    Each file is replaced atomically, with the outputs folder's lock held. Folders skipped because their
    ``run.json`` or ``claims.json`` is missing or damaged are described in ``problems`` (when given); ``notify``
    is called with a message when another run holds the lock and this one waits.
    """
    outputs_dir = Path(outputs_dir)
    with lock_outputs(outputs_dir, notify=notify):
        rows = gather(outputs_dir, problems)
        generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
        payload = {"generated_utc": generated, "rule": COMBINE_RULE, "counts": counts(rows),
                   "part_counts": part_counts(rows), "claims": rows}
        atomic_write_text(outputs_dir / "report.json",
                          json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")
        atomic_write_text(outputs_dir / "report.md", to_markdown(rows, generated))
        atomic_write_text(outputs_dir / "report.html", to_html(rows, generated))
    return counts(rows)
