"""The report: every claim in the catalogue with its verdict, gathered from the executed notebooks.

Reads ``outputs/*/claims.json`` of default-parameter runs, joins them with the claim catalogue, and writes
``outputs/report.json``, ``report.md`` and ``report.html``. A claim no notebook has checked yet is listed as
``unchecked``; counts by verdict open the report.

Example
-------
>>> from pathlib import Path
>>> rows = gather(Path("/nonexistent"))
>>> {r["verdict"] for r in rows}
{'unchecked'}
"""

from __future__ import annotations

import html
import json
import os
from datetime import datetime, timezone
from pathlib import Path

from innovlib.claims import VERDICTS

VERDICT_ORDER = (*VERDICTS, "unchecked")


def _catalogue_records() -> list[dict]:
    from innovlib.data import load

    table = load("claims", check_rows=False)
    return table.astype(object).where(table.notna(), None).to_dict("records")


def gather(outputs_dir: Path) -> list[dict]:
    """One row per claim (and per notebook that checked it), catalogue order; unchecked claims included."""
    checked: dict[str, list[dict]] = {}
    for run_file in sorted(Path(outputs_dir).glob("*/run.json")):
        run = json.loads(run_file.read_text(encoding="utf-8"))
        if not run.get("default_parameters") or run.get("status") != "ok":
            continue
        claims_file = run_file.parent / "claims.json"
        if not claims_file.exists():
            continue
        for verdict in json.loads(claims_file.read_text(encoding="utf-8")):
            verdict = {**verdict, "notebook": verdict.get("notebook") or run["notebook"], "run_id": run["run_id"]}
            checked.setdefault(verdict["claim_id"], []).append(verdict)
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


def to_markdown(rows: list[dict], generated: str) -> str:
    head = [
        "# innovlib report: published claims and their verdicts", "",
        f"Generated {generated} UTC from the executed notebooks under `outputs/`.", "",
        "| verdict | claims |", "|---|---|",
        *[f"| {v} | {n} |" for v, n in counts(rows).items()], "",
        "| claim | article | claim text | published | computed | verdict | why | notebook |",
        "|---|---|---|---|---|---|---|---|",
    ]
    body = []
    for r in rows:
        why = (r["explanation"] or "").replace("|", "\\|").replace("\n", " ")
        if r.get("source"):
            why += f" ([source]({r['source']}))"
        notebook = f"[{r['notebook']}]({r['notebook']}/{r['notebook']}.html)" if r["notebook"] else ""
        text = r["claim"].replace("|", "\\|")
        body.append(
            f"| {r['claim_id']} | {r['article']} | {text} | {_value(r['published'])} {r['unit'] or ''} | "
            f"{_value(r['computed'])} | **{r['verdict']}** | {why} | {notebook} |"
        )
    return "\n".join(head + body) + "\n"


def to_html(rows: list[dict], generated: str) -> str:
    colours = {"reproduced": "#dafbe1", "confirmed_by_source": "#dafbe1", "contradicted": "#ffebe9",
               "not_checkable": "#fff8c5", "unchecked": "#eaeef2"}
    summary = "".join(f"<tr><td>{v}</td><td>{n}</td></tr>" for v, n in counts(rows).items())
    lines = []
    for r in rows:
        source = f" <a href='{html.escape(r['source'])}'>source</a>" if r.get("source") else ""
        notebook = (f"<a href='{r['notebook']}/{r['notebook']}.html'>{r['notebook']}</a>" if r["notebook"] else "")
        lines.append(
            f"<tr style='background:{colours[r['verdict']]}'><td>{r['claim_id']}</td><td>{r['article']}</td>"
            f"<td>{html.escape(r['claim'])}</td><td>{html.escape(_value(r['published']))} {html.escape(r['unit'] or '')}</td>"
            f"<td>{html.escape(_value(r['computed']))}</td><td><b>{r['verdict']}</b></td>"
            f"<td>{html.escape(r['explanation'] or '')}{source}</td><td>{notebook}</td></tr>"
        )
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>innovlib report</title>"
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}</style></head><body>"
        f"<h1>innovlib report: published claims and their verdicts</h1><p>Generated {generated} UTC.</p>"
        f"<table><tr><th>verdict</th><th>claims</th></tr>{summary}</table><br>"
        "<table><tr><th>claim</th><th>article</th><th>claim text</th><th>published</th><th>computed</th>"
        f"<th>verdict</th><th>why</th><th>notebook</th></tr>{''.join(lines)}</table></body></html>\n"
    )


def _atomic_write(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def write_report(outputs_dir: Path) -> dict[str, int]:
    """Write ``report.json``, ``report.md`` and ``report.html`` into ``outputs_dir``; return counts by verdict."""
    outputs_dir = Path(outputs_dir)
    outputs_dir.mkdir(parents=True, exist_ok=True)
    rows = gather(outputs_dir)
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    _atomic_write(outputs_dir / "report.json",
                  json.dumps({"generated_utc": generated, "counts": counts(rows), "claims": rows},
                             indent=2, ensure_ascii=False, default=str) + "\n")
    _atomic_write(outputs_dir / "report.md", to_markdown(rows, generated))
    _atomic_write(outputs_dir / "report.html", to_html(rows, generated))
    return counts(rows)
