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

import json
import urllib.parse
from datetime import datetime, timezone
from pathlib import Path

from innovlib.claims import (COMBINE_RULE, GRADE_STRENGTH, REASONS, VERDICTS, articles, claim_catalogue, combine_parts,
                             contradicted_details, display_published, format_value, headline_of, part_anchor,
                             producers, reason_label)
from innovlib.claims.rendering import REPORT_COLUMNS, VERDICT_COLOURS, finding_record, template_environment
from innovlib.data import is_http_url
from innovlib.errors import shorten
from innovlib.escaping import link_target  # one escaping function per context
from innovlib.html_safety import CSP_META  # the one Content-Security-Policy of every page
from innovlib.outputs import atomic_write_text, lock_outputs, neutralise_formulas
from innovlib.report_freshness import record, report_inputs, unchanged_counts
from innovlib.runner import discover, intact_run, recover_outputs

VERDICT_ORDER = ("contradicted", "reproduced", "confirmed_by_source", "not_checkable", "unchecked")


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

    Example
    -------
    >>> from pathlib import Path
    >>> checked_parts(Path("/nonexistent"))
    {}
    """
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
            "claim_id": part["claim_id"], "article": part["article"], "topic": part["topic"], "subject": part["subject"],
            "claim": part["claim"], "parts": [],
        })
        found = checked.get(part["part_id"], {})
        claim["parts"].append({
            "part_id": part["part_id"], "statement": part["statement"], "published": part["published_value"],
            "unit": part["unit"], "published_display": display_published(part["published_value"], part["unit"],
                                                                          part["comparison"]),
            "headline": part["part_id"] in headline_of(part["claim_id"]),
            "reason": found.get("reason", ""), "reason_label": reason_label(found.get("reason", "")),
            "finding": found.get("finding", ""), "missing": found.get("missing", ""),
            "publisher": found.get("publisher", ""), "where": found.get("where", ""),
            "verdict": found.get("verdict", "unchecked"), "computed": found.get("computed"),
            "explanation": found.get("explanation", ""), "sources": found.get("sources", []),
            "about": found.get("about", {}), "notebook": found.get("notebook"), "run_id": found.get("run_id"),
            "commit": found.get("commit"), "output": found.get("output"), "cell": found.get("cell"),
            "href": _output_href(found) if found.get("notebook") else None,
            "provenance_note": found.get("provenance_note", ""),
        })
    for claim in rows.values():
        verdicts = {p["part_id"]: (None if p["verdict"] == "unchecked" else p["verdict"]) for p in claim["parts"]}
        claim["headline"] = headline_of(claim["claim_id"])
        claim["verdict"], claim["summary"] = combine_parts(verdicts, claim["headline"])
        claim["contradicted_details"] = contradicted_details(verdicts, claim["headline"])
        decisive = _decisive_part(claim)
        claim["reason"] = decisive.get("reason", "") if decisive else ""
        claim["reason_label"] = reason_label(claim["reason"])
        claim["anchor"] = claim_anchor(claim["claim_id"])
    return list(rows.values())


def claim_anchor(claim_id: str) -> str:
    """The HTML id of a claim's row in the report (``report.html#claim-GII-01``).

    Example
    -------
    >>> claim_anchor("GII-01")
    'claim-GII-01'
    """
    return "claim-" + part_anchor(claim_id).removeprefix("part-")


def _decisive_part(claim: dict) -> dict | None:
    """The headline part whose verdict the claim took (the first such part when the headline has several)."""
    head = [p for p in claim["parts"] if p["part_id"] in claim["headline"]]
    return next((p for p in head if p["verdict"] == claim["verdict"]), head[0] if head else None)


def _outlet(article_id: str, known: dict[str, dict]) -> str:
    """An article's outlet in English ('Time Weekly'), or its id when unknown."""
    publisher = known.get(article_id, {}).get("publisher") or article_id
    return publisher.split(" (")[0]


def _strongest(sources: list[dict]) -> dict:
    return max(sources, key=lambda s: GRADE_STRENGTH.get(s.get("grade"), -1), default={})


def _source_name(source: dict) -> str:
    return (source.get("publisher") or source.get("title") or source.get("url") or "").split(" (")[0]


def _headline(claim: dict) -> list[str]:
    """A report row's headline part ids (every part, for a row built without the catalogue's headline)."""
    return claim.get("headline") or [p["part_id"] for p in claim.get("parts", [])]


def _published(part: dict) -> str:
    return part.get("published_display") or display_published(part.get("published"), part.get("unit"))


def _part_sentence(part: dict) -> str:
    """One sentence for a part: its own finding when the findings module gave one, else built from its values."""
    if part.get("finding"):
        return part["finding"]
    found = format_value(part["computed"]) if part.get("computed") is not None else ""
    said = f"the article gives {_published(part)}" + (f", the evidence {found}" if found else "")
    return f"{part['statement'].rstrip('.')}: {said}."


KEY_FINDINGS_MAX = 6


def key_findings(rows: list[dict], known_articles: dict[str, dict] | None = None) -> list[dict]:
    """The 3-6 sentences a reader sees first, built from the verdicts: what is confirmed and by whom, every
    contradicted part (headline or detail) and why, the open parts worth a reader's attention (weak sources that
    disagree, unlike compared), and what no public data can settle. Each sentence names the claims it is about.

    Example
    -------
    >>> part = {"part_id": "X-01", "statement": "X ranks 1st", "verdict": "confirmed_by_source", "reason":
    ...         "source_states_it", "reason_label": "stated by a strong source", "published_display": "1st",
    ...         "computed": 1, "finding": "", "sources": [{"publisher": "WIPO", "grade": "primary"}]}
    >>> row = {"claim_id": "X-01", "article": "A", "verdict": "confirmed_by_source", "headline": ["X-01"],
    ...        "parts": [part], "reason": "source_states_it", "anchor": "claim-X-01"}
    >>> [f["text"] for f in key_findings([row], {})][0]
    'Confirmed by WIPO (primary): X ranks 1st.'
    """
    known_articles = articles() if known_articles is None else known_articles
    findings: list[dict] = []

    def add(text: str, claims: list[dict]) -> None:
        findings.append({"text": " ".join(text.split()), "claims": [c["claim_id"] for c in claims],
                         "anchors": [claim_anchor(c["claim_id"]) for c in claims]})

    held = [r for r in rows if r["verdict"] in ("reproduced", "confirmed_by_source")]
    worded = [(c, p) for c in held for p in c["parts"] if p["part_id"] in _headline(c) and p.get("finding")]
    # the strongest evidence first: a confirmation by the figure's producer before one by a news report
    worded.sort(key=lambda cp: -GRADE_STRENGTH.get(_strongest(cp[1].get("sources", [])).get("grade"), -1))
    if worded:  # the confirmed headline a findings module put in words comes first
        add(worded[0][1]["finding"], [worded[0][0]])
    elif held:
        head = next(p for p in held[0]["parts"] if p["part_id"] in _headline(held[0]))
        source = _strongest(head.get("sources", []))
        who = f"{_source_name(source)} ({source.get('grade')})" if source else "a recomputation"
        add(f"Confirmed by {who}: {head['statement']}.", [held[0]])
    for claim in rows:
        for part in claim["parts"]:
            if part["verdict"] == "contradicted":
                role = "headline" if part["part_id"] in _headline(claim) else "a detail"
                add(f"Contradicted, {part.get('reason_label', '')} ({role} of {_outlet(claim['article'], known_articles)}'s "
                    f"claim {claim['claim_id']}): {_part_sentence(part)}", [claim])
    # open parts worth a reader's attention: unlike compared, then weak sources that disagree, then any other part
    # its findings module put in words; one per claim
    priority = {"unlike_compared": 0, "weak_sources_disagree": 1}
    notable = sorted(((claim, part) for claim in rows for part in claim["parts"] if part["verdict"] == "not_checkable"
                      and (part.get("reason") in priority or part.get("finding"))),
                     key=lambda cp: (priority.get(cp[1].get("reason"), 2), not cp[1].get("finding")))
    said: set[str] = set()
    for claim, part in notable:
        if claim["claim_id"] not in said and len(findings) < KEY_FINDINGS_MAX - 1:
            said.add(claim["claim_id"])
            add(f"Open, {part.get('reason_label', '')}: {_part_sentence(part)}", [claim])
    findings = findings[:KEY_FINDINGS_MAX - 1]  # the last place is kept for the counts
    open_claims = [r for r in rows if r["verdict"] == "not_checkable"]
    by_reason: dict[str, int] = {}
    for claim in open_claims:
        label = claim.get("reason_label") or "no reason"
        by_reason[label] = by_reason.get(label, 0) + 1
    reasons = ", ".join(f"{label}: {n}" for label, n in sorted(by_reason.items(), key=lambda kv: -kv[1]))
    contradicted = [r for r in rows if r["verdict"] == "contradicted"]
    add(f"Of {len(rows)} claims, {len(held)} hold on their headline (a source graded news or better states it, or it "
        f"was recomputed)" + (f", {len(contradicted)} are contradicted" if contradicted else "")
        + (f" and {len(open_claims)} cannot be settled with public data ({reasons}); what-would-settle-it.csv names, "
           "for every open part, the missing figure and who publishes it" if open_claims else "") + ".",
        held + contradicted + open_claims)
    return findings


def settle_rows(rows: list[dict], by_topic: dict[str, dict] | None = None) -> list[dict]:
    """One row per part that is not checkable: what is missing, who publishes it and where it would be found.

    For a part resting only on weak sources, what is missing is a source graded news or better stating it. Who
    publishes it and where come from the part's verdict when its findings module named them, else from the
    claim topic's producer (:func:`innovlib.claims.producers`, passed as ``by_topic``).

    Example
    -------
    >>> part = {"part_id": "X-01", "statement": "s", "verdict": "not_checkable", "reason": "no_public_data",
    ...         "reason_label": "no public data", "missing": "the 2025 shares", "publisher": "WIPO",
    ...         "where": "GII 2025 appendix", "explanation": "e", "sources": []}
    >>> settle_rows([{"claim_id": "X-01", "parts": [part]}])[0]["missing"]
    'the 2025 shares'
    """
    by_topic = {} if by_topic is None else by_topic
    table = []
    for claim in rows:
        producer = by_topic.get(claim.get("topic"), {})
        for part in claim["parts"]:
            if part["verdict"] != "not_checkable":
                continue
            missing = part.get("missing") or ""
            if not missing and part.get("reason") in ("weak_sources_agree", "weak_sources_disagree"):
                missing = f"a source graded news or better stating: {part['statement']}"
            table.append({"part_id": part["part_id"], "claim_id": claim["claim_id"], "statement": part["statement"],
                          "reason": part.get("reason", ""), "missing": missing,
                          "publisher": part.get("publisher") or producer.get("publisher", ""),
                          "where": part.get("where") or producer.get("where", ""),
                          "where_url": "" if part.get("where") else producer.get("where_url", ""),
                          "weak_sources": " | ".join(s.get("url", "") for s in part.get("sources", [])
                                                     if s.get("grade") not in ("primary", "official", "news"))})
    return table


def claim_reviews(rows: list[dict], known_articles: dict[str, dict], generated: str,
                  page: str = "report.html") -> list[dict]:
    """One schema.org ``ClaimReview`` per claim (JSON-LD), as fact-check aggregators read them.

    ``reviewRating.alternateName`` is the label a reader sees and its reason; ``itemReviewed`` is the claim as
    it appeared in the article (a ``CreativeWork`` with its date); ``url`` is the claim's anchor in the report.

    Example
    -------
    >>> row = {"claim_id": "X-01", "article": "A", "claim": "c", "verdict": "not_checkable",
    ...        "summary": "not checkable", "reason": "no_public_data", "anchor": "claim-X-01"}
    >>> review = claim_reviews([row], {"A": {"title": "t", "path": "https://e.example/a", "publisher": "P",
    ...                                      "date_published": "2025-11"}}, "2026-12-06 10:00:00")[0]
    >>> review["reviewRating"]["alternateName"], review["itemReviewed"]["appearance"]["datePublished"]
    ('not checkable: no public data', '2025-11')
    """
    reviews = []
    for claim in rows:
        article = known_articles.get(claim["article"], {})
        label = claim["summary"] + (f": {reason_label(claim['reason'])}" if claim.get("reason") else "")
        reason = claim.get("reason", "")
        appearance = {"@type": "CreativeWork", "headline": article.get("title", claim["article"]),
                      "datePublished": article.get("date_published", ""),
                      "publisher": {"@type": "Organization", "name": article.get("publisher", "")}}
        if safe_href(article.get("path")):
            appearance["url"] = safe_href(article.get("path"))
        reviews.append({
            "@context": "https://schema.org", "@type": "ClaimReview",
            "url": f"{page}#{claim_anchor(claim['claim_id'])}", "claimReviewed": claim["claim"],
            "datePublished": generated[:10], "author": {"@type": "Organization", "name": "innovlib"},
            "itemReviewed": {"@type": "Claim", "datePublished": article.get("date_published", ""),
                             "author": {"@type": "Organization", "name": _outlet(claim["article"], known_articles)},
                             "appearance": appearance},
            "reviewRating": {"@type": "Rating", "alternateName": label,
                             "ratingExplanation": REASONS[reason][1] if reason in REASONS else claim["summary"]},
        })
    return reviews


def counts(rows: list[dict]) -> dict[str, int]:
    """Number of claims per verdict, in a fixed order.

    Example
    -------
    >>> counts([{"verdict": "reproduced"}, {"verdict": "unchecked"}, {"verdict": "reproduced"}])
    {'contradicted': 0, 'reproduced': 2, 'confirmed_by_source': 0, 'not_checkable': 0, 'unchecked': 1}
    """
    return {v: sum(1 for r in rows if r["verdict"] == v) for v in VERDICT_ORDER}


def part_counts(rows: list[dict]) -> dict[str, int]:
    """Number of claim parts per verdict.

    Example
    -------
    >>> part_counts([{"parts": [{"verdict": "contradicted"}, {"verdict": "unchecked"}]}])["contradicted"]
    1
    """
    parts = [p for r in rows for p in r["parts"]]
    return {v: sum(1 for p in parts if p["verdict"] == v) for v in VERDICT_ORDER}


def ordered(rows: list[dict]) -> list[dict]:
    """Contradicted claims first, then by article and catalogue order.

    Example
    -------
    >>> rows = [{"claim_id": "A-1", "article": "A", "verdict": "reproduced"},
    ...         {"claim_id": "B-1", "article": "B", "verdict": "not_checkable"},
    ...         {"claim_id": "B-2", "article": "B", "verdict": "contradicted"},
    ...         {"claim_id": "A-2", "article": "A", "verdict": "unchecked"}]
    >>> [r["claim_id"] for r in ordered(rows)]
    ['B-2', 'A-1', 'A-2', 'B-1']
    """
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


def _part_record(part: dict) -> dict:
    """A report part as a findings-table row (:func:`innovlib.claims.rendering.finding_record`): published as a reader
    writes it, nothing shown when nothing was found, and linked to the cell of its notebook page."""
    href = (part.get("href") or _output_href(part)) if part.get("notebook") else None
    return finding_record(part, href=href, published=_published(part), empty="")


def _render(kind: str, rows: list[dict], generated: str) -> str:
    """``report.<kind>.j2`` in the one template environment of the findings tables; the claims' parts as part
    records (:func:`_part_record`)."""
    known = articles()
    claims = [{**claim, "parts": [_part_record(p) for p in claim["parts"]]} for claim in ordered(rows)]
    return template_environment(kind).get_template(f"report.{kind}.j2").render(
        generated=generated, rule=COMBINE_RULE, claim_counts=counts(rows), part_counts=part_counts(rows),
        articles=known, claims=claims, colours=VERDICT_COLOURS, columns=REPORT_COLUMNS,
        key_findings=key_findings(rows, known), reviews=claim_reviews(rows, known, generated) if kind == "html" else [],
        with_contradicted_details=sum(1 for r in rows if r.get("contradicted_details")),
        reasons={code: label for code, (label, _) in REASONS.items()},
        csp_meta=CSP_META if kind == "html" else "",
    )


def to_markdown(rows: list[dict], generated: str) -> str:
    """The report as Markdown (``templates/report.md.j2``): counts, the rule, then every claim with its parts.

    Example
    -------
    >>> row = {"claim_id": "X-1", "article": "A", "subject": "s", "claim": "c <b>", "verdict": "unchecked",
    ...        "summary": "unchecked", "parts": [], "anchor": claim_anchor("X-1")}
    >>> [line for line in to_markdown([row], "now").splitlines() if "**X-1**" in line]
    ['| <a id="claim-X-1"></a>**X-1** (A) | c &#60;b&#62; | | | **unchecked** | | |']
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


SETTLE_FILE = "what-would-settle-it.csv"
SETTLE_COLUMNS = ("part_id", "claim_id", "statement", "reason", "missing", "publisher", "where", "where_url",
                  "weak_sources")


def settle_csv(table: list[dict]) -> str:
    """:func:`settle_rows` as CSV text; a cell a spreadsheet would run as a formula starts with an apostrophe.

    Example
    -------
    >>> settle_csv([{"part_id": "X-01", "missing": "=1+1"}]).splitlines()[1]
    "X-01,,,,'=1+1,,,,"
    """
    import pandas as pd

    frame = pd.DataFrame(table, columns=list(SETTLE_COLUMNS)).astype(object).fillna("")
    return neutralise_formulas(frame).to_csv(index=False, lineterminator="\n")


def write_report(outputs_dir: Path, problems: list[str] | None = None, notify=None) -> dict[str, int]:
    """Write ``report.json``, ``report.md``, ``report.html`` and ``what-would-settle-it.csv`` into ``outputs_dir``;
    return counts by verdict.

    Each file is replaced atomically, with the outputs folder's lock held. When nothing the report is made of has
    changed since it was written (:mod:`innovlib.report_freshness` checks its inputs and each file), it is left as
    it is and its counts are returned. Folders skipped because their
    ``run.json`` or ``claims.json`` is missing or damaged are described in ``problems`` (when given); ``notify``
    is called with a message when another run holds the lock and this one waits.
    """
    outputs_dir = Path(outputs_dir)
    problems = [] if problems is None else problems
    with lock_outputs(outputs_dir, notify=notify):
        # First what every report does to its folder (an output a killed run moved aside is put back; a linked
        # staging or trash folder is refused), then whether the report on disk is already the one to write.
        recover_outputs(outputs_dir, progress=problems.append)
        inputs = report_inputs(outputs_dir)
        unchanged = unchanged_counts(outputs_dir, inputs)
        if unchanged is not None:  # the report on disk is the one these inputs make (checked file by file)
            problems.extend(unchanged[1])
            return unchanged[0]
        met = len(problems)
        rows = gather(outputs_dir, problems)
        generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
        payload = {"generated_utc": generated, "rule": COMBINE_RULE, "counts": counts(rows),
                   "part_counts": part_counts(rows), "reasons": {k: {"label": v[0], "meaning": v[1]}
                                                                  for k, v in REASONS.items()},
                   "key_findings": key_findings(rows), "claims": rows}
        atomic_write_text(outputs_dir / "report.json",
                          json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")
        atomic_write_text(outputs_dir / SETTLE_FILE, settle_csv(settle_rows(rows, producers())))
        atomic_write_text(outputs_dir / "report.md", to_markdown(rows, generated))
        atomic_write_text(outputs_dir / "report.html", to_html(rows, generated))
        record(outputs_dir, inputs, problems[met:])
    return counts(rows)
