"""The report: every claim in the catalogue with its verdict, gathered from the executed notebooks.

Reads ``outputs/*/claims.json`` of default-parameter runs, joins them with the claim catalogue, and writes
``outputs/report.json``, ``report.md`` and ``report.html``. A claim no notebook has checked yet is listed as
``unchecked``; counts by verdict open the report.

Every value from the outputs and the catalogue is escaped (HTML, and Markdown written as character
references); a source is a link only when it is an http(s) URL. A damaged or missing ``run.json`` or
``claims.json`` is skipped and named in ``problems``, never a crash. The files are written atomically, with the
outputs folder's lock held.

Example
-------
>>> from pathlib import Path
>>> rows = gather(Path("/nonexistent"))
>>> {r["verdict"] for r in rows}
{'unchecked'}
"""

from __future__ import annotations

import hashlib
import html
import json
import urllib.parse
from datetime import datetime, timezone
from pathlib import Path

from innovlib.claims import VERDICTS
from innovlib.data import is_http_url
from innovlib.errors import shorten
from innovlib.outputs import atomic_write_text, lock_outputs

VERDICT_ORDER = (*VERDICTS, "unchecked")


def _catalogue_records() -> list[dict]:
    from innovlib.data import load

    table = load("claims", check_rows=False)
    return table.astype(object).where(table.notna(), None).to_dict("records")


def _read_json(path: Path, problems: list[str]):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{path}: missing")
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        problems.append(f"{path}: damaged ({shorten(str(exc), 60)[1:-1]})")
    return None


def gather(outputs_dir: Path, problems: list[str] | None = None) -> list[dict]:
    """One row per claim (and per notebook that checked it), catalogue order; unchecked claims included.

    Output folders whose ``run.json`` or ``claims.json`` is missing, damaged or changed since the run are
    skipped and described in ``problems`` (when given).
    """
    problems = [] if problems is None else problems
    checked: dict[str, list[dict]] = {}
    for run_file in sorted(Path(outputs_dir).glob("*/run.json")):
        run = _read_json(run_file, problems)
        if not isinstance(run, dict):
            if run is not None:
                problems.append(f"{run_file}: damaged (not a JSON object)")
            continue
        if not run.get("default_parameters") or run.get("status") != "ok":
            continue
        claims_file = run_file.parent / "claims.json"
        if not claims_file.exists():
            problems.append(f"{claims_file}: missing")
            continue
        recorded = (run.get("outputs_sha256") or {}).get("claims.json") if isinstance(run.get("outputs_sha256"), dict) else None
        if recorded and hashlib.sha256(claims_file.read_bytes()).hexdigest() != recorded:
            problems.append(f"{claims_file}: changed since its run (damaged?)")
            continue
        verdicts = _read_json(claims_file, problems)
        if not isinstance(verdicts, list):
            if verdicts is not None:
                problems.append(f"{claims_file}: damaged (not a list of verdicts)")
            continue
        for verdict in verdicts:
            if not isinstance(verdict, dict) or verdict.get("verdict") not in VERDICTS or not verdict.get("claim_id"):
                problems.append(f"{claims_file}: skipped an entry that is not a verdict ({shorten(verdict)})")
                continue
            verdict = {**verdict, "notebook": verdict.get("notebook") or run.get("notebook") or run_file.parent.name,
                       "run_id": run.get("run_id")}
            checked.setdefault(str(verdict["claim_id"]), []).append(verdict)
    rows = []
    for claim in _catalogue_records():
        base = {
            "claim_id": claim["claim_id"], "article": claim["article"], "subject": claim["subject"],
            "claim": claim["claim"], "published": claim["published_value"], "unit": claim["unit"],
        }
        verdicts = checked.get(claim["claim_id"])
        if not verdicts:
            rows.append({**base, "verdict": "unchecked", "computed": None, "explanation": "", "source": None,
                         "notebook": None, "run_id": None})
            continue
        for v in verdicts:
            rows.append({**base, "verdict": v["verdict"], "computed": v.get("computed"),
                         "explanation": v.get("explanation", ""), "source": v.get("source"),
                         "notebook": v["notebook"], "run_id": v["run_id"]})
    return rows


def counts(rows: list[dict]) -> dict[str, int]:
    """Number of rows per verdict, in a fixed order."""
    return {v: sum(1 for r in rows if r["verdict"] == v) for v in VERDICT_ORDER}


def _value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " / ".join(_value(v) for v in value)
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


MARKDOWN_SPECIAL = set("&<>\"'`*_[]()|!#~{}\\$")


def markdown_text(value, limit: int = 2000) -> str:
    """Text safe inside generated Markdown (and the HTML made from it): every character that HTML or Markdown
    would interpret is written as a numeric character reference, line breaks become spaces, and the text is cut
    to ``limit`` characters.

    Example
    -------
    >>> markdown_text("<img src=x onerror=alert(1)> [a](javascript:x)")
    '&#60;img src=x onerror=alert&#40;1&#41;&#62; &#91;a&#93;&#40;javascript:x&#41;'
    """
    text = " ".join(str(value).split())
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return "".join(f"&#{ord(ch)};" if ch in MARKDOWN_SPECIAL else ch for ch in text)


def _safe_href(url) -> str | None:
    """The URL, percent-encoded where Markdown or HTML could misread it, when it is http(s); else ``None``."""
    if not is_http_url(url):
        return None
    return urllib.parse.quote(url, safe=":/?#@!$&'*+,;=%-._~")


def _notebook_href(notebook: str) -> str:
    return urllib.parse.quote(f"{notebook}/{notebook}.html")


def to_markdown(rows: list[dict], generated: str) -> str:
    md = markdown_text
    head = [
        "# innovlib report: published claims and their verdicts", "",
        f"Generated {md(generated)} UTC from the executed notebooks under `outputs/`.", "",
        "| verdict | claims |", "|---|---|",
        *[f"| {v} | {n} |" for v, n in counts(rows).items()], "",
        "| claim | article | claim text | published | computed | verdict | why | notebook |",
        "|---|---|---|---|---|---|---|---|",
    ]
    body = []
    for r in rows:
        why = md(r["explanation"] or "")
        href = _safe_href(r.get("source"))
        if href:
            why += f" ([source](<{href}>))"
        elif r.get("source"):
            why += f" (source: {md(r['source'], 200)})"
        notebook = f"[{md(r['notebook'])}](<{_notebook_href(str(r['notebook']))}>)" if r["notebook"] else ""
        body.append(
            f"| {md(r['claim_id'])} | {md(r['article'])} | {md(r['claim'])} | "
            f"{md(_value(r['published']))} {md(r['unit'] or '')} | "
            f"{md(_value(r['computed']))} | **{md(r['verdict'])}** | {why} | {notebook} |"
        )
    return "\n".join(head + body) + "\n"


def to_html(rows: list[dict], generated: str) -> str:
    colours = {"reproduced": "#dafbe1", "confirmed_by_source": "#dafbe1", "contradicted": "#ffebe9",
               "not_checkable": "#fff8c5", "unchecked": "#eaeef2"}
    esc = html.escape
    summary = "".join(f"<tr><td>{esc(v)}</td><td>{n}</td></tr>" for v, n in counts(rows).items())
    lines = []
    for r in rows:
        href = _safe_href(r.get("source"))
        if href:
            source = f" <a href='{esc(href)}' rel='noopener noreferrer'>source</a>"
        else:
            source = f" (source: {esc(shorten(str(r['source']), 200)[1:-1])})" if r.get("source") else ""
        notebook = (f"<a href='{esc(_notebook_href(str(r['notebook'])))}'>{esc(str(r['notebook']))}</a>"
                    if r["notebook"] else "")
        lines.append(
            f"<tr style='background:{colours.get(r['verdict'], '#ffffff')}'><td>{esc(str(r['claim_id']))}</td>"
            f"<td>{esc(str(r['article']))}</td>"
            f"<td>{esc(str(r['claim']))}</td><td>{esc(_value(r['published']))} {esc(str(r['unit'] or ''))}</td>"
            f"<td>{esc(_value(r['computed']))}</td><td><b>{esc(str(r['verdict']))}</b></td>"
            f"<td>{esc(str(r['explanation'] or ''))}{source}</td><td>{notebook}</td></tr>"
        )
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>innovlib report</title>"
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}</style></head><body>"
        f"<h1>innovlib report: published claims and their verdicts</h1><p>Generated {esc(generated)} UTC.</p>"
        f"<table><tr><th>verdict</th><th>claims</th></tr>{summary}</table><br>"
        "<table><tr><th>claim</th><th>article</th><th>claim text</th><th>published</th><th>computed</th>"
        f"<th>verdict</th><th>why</th><th>notebook</th></tr>{''.join(lines)}</table></body></html>\n"
    )


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
        atomic_write_text(outputs_dir / "report.json",
                          json.dumps({"generated_utc": generated, "counts": counts(rows), "claims": rows},
                                     indent=2, ensure_ascii=False, default=str) + "\n")
        atomic_write_text(outputs_dir / "report.md", to_markdown(rows, generated))
        atomic_write_text(outputs_dir / "report.html", to_html(rows, generated))
    return counts(rows)
