"""How verdicts look: the one colour map, verdict and reason labels, anchors, source links, and the findings.

Every rendering of the findings (the notebook's own findings table, the runner's "Findings" cards, the report's
tables) comes from the jinja2 macros of ``templates/findings.md.j2`` and ``templates/findings.html.j2`` and from
*part records* (:func:`finding_record`); each table with the columns its place chooses. Markdown values pass one
escaper (:func:`innovlib.escaping.markdown_text`), link targets one checker (:func:`innovlib.escaping.link_target`),
and the HTML templates autoescape.

Example
-------
>>> record = finding_record({"part_id": "SEI-03a", "verdict": "reproduced", "reason": "recomputed",
...                          "explanation": "Recomputed from levels. Within 0.05 points.", "cell": 3})
>>> print(findings_table([record], [("part", "part"), ("verdict_bold", "verdict"), ("why", "why")]), end="")
| part | verdict | why |
|---|---|---|
| SEI-03a | **reproduced**: recomputed | Recomputed from levels. |
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Mapping
from dataclasses import asdict, is_dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from innovlib.claims.evidence import REASONS, Source
from innovlib.data import is_http_url
from innovlib.escaping import link_target, markdown_text
from innovlib.paths import PACKAGE_DIR
from innovlib.text import format_value, names

TEMPLATES = PACKAGE_DIR / "templates"
# The one colour map: dark text for a verdict's label on a white page (the notebook's display) and a light tint
# for its row in the report; every text colour keeps WCAG AA contrast (4.5:1) on white and on its own tint, and
# the report's black and grey (#57606a) text keep it on every tint (tests/claims/test_rendering.py).
VERDICT_COLOURS = {
    "reproduced": {"text": "#116329", "background": "#dafbe1"},
    "confirmed_by_source": {"text": "#116329", "background": "#dafbe1"},
    "contradicted": {"text": "#a40e26", "background": "#ffebe9"},
    "not_checkable": {"text": "#7d4e00", "background": "#fff8c5"},
    "unchecked": {"text": "#57606a", "background": "#eaeef2"},
}
REASON_LIMIT = 160  # characters of a one-line "why" beyond which its parenthesised asides are left out

# The columns of each findings table, as (column key of the templates' `cell` macro, header).
NOTEBOOK_COLUMNS = (("part_link", "claim part"), ("verdict", "verdict"), ("published", "published"),
                    ("found", "found"), ("explanation", "why"))
REPORT_COLUMNS = (("part_role", "claim / part"), ("statement", "statement"), ("published", "published"),
                  ("found", "found"), ("verdict", "verdict and reason"), ("explanation_sources", "why and sources"),
                  ("notebook_run", "notebook"))


def verdict_label(verdict: str) -> str:
    """The words a reader sees for a verdict code.

    Example
    -------
    >>> verdict_label("confirmed_by_source")
    'confirmed by source'
    """
    return str(verdict).replace("_", " ")


def reason_label(reason: str) -> str:
    """The words a reader sees for a reason code ('' for none).

    Example
    -------
    >>> reason_label("outdated_figure")
    'outdated figure'
    """
    return REASONS[reason][0] if reason in REASONS else ""


def part_anchor(part_id: str) -> str:
    """The HTML id of a claim part's verdict in an executed notebook (``#part-GII-06a`` links to it).

    Example
    -------
    >>> part_anchor("GII-06a")
    'part-GII-06a'
    >>> part_anchor("a b/<c>")
    'part-a-b--c-'
    """
    return "part-" + "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "-" for ch in str(part_id))


def source_html(source: Source) -> str:
    """A source as an HTML link with its grade; only http(s) URLs become links.

    Example
    -------
    >>> source_html(Source("javascript:alert(1)", "x", "secondary"))
    'x <span>(secondary)</span> javascript:alert(1)'
    """
    title = html.escape(source.title or source.url)
    grade = f"<span>({html.escape(source.grade)})</span>"
    if is_http_url(source.url):
        return f"<a href=\"{html.escape(source.url, quote=True)}\">{title}</a> {grade}"
    return f"{title} {grade} {html.escape(source.url)}"


def sentences(text: Any) -> list[str]:
    """A text's sentences: it splits after ``.``, ``!`` or ``?`` followed by a space and a capital, a digit, a quote
    or an opening parenthesis, never inside parentheses or brackets (an aside keeps its full stops), and never after
    a ``;`` (a clause is not a sentence).

    Example
    -------
    >>> sentences("Missing: the 2025 shares (WIPO, p. 3. Table 2). WIPO did not publish them; see 2024.")
    ['Missing: the 2025 shares (WIPO, p. 3. Table 2).', 'WIPO did not publish them; see 2024.']
    """
    text = " ".join(str(text or "").split())
    found, depth, start = [], 0, 0
    for position, char in enumerate(text):
        depth += (char in "([") - (char in ")]")
        if (depth <= 0 and char in ".!?" and text[position + 1: position + 2] == " "
                and re.match(r"[A-Z0-9(\"'“]", text[position + 2: position + 3])):
            found.append(text[start: position + 1])
            start = position + 2
    return [s for s in found + [text[start:]] if s]


def _without_asides(sentence: str) -> str:
    """A sentence without its parenthesised asides (a source's title, an example), spaces tidied."""
    previous = None
    while previous != sentence:
        previous, sentence = sentence, re.sub(r"\s*\([^()]*\)", "", sentence)
    return re.sub(r"\s+([,;:.!?])", r"\1", sentence).strip()


def one_line_reason(explanation: Any, limit: int = REASON_LIMIT) -> str:
    """The why of a verdict in one complete sentence: the explanation's first sentence, whole; when it is longer
    than ``limit`` characters, the same sentence without its parenthesised asides (a source's title); never cut
    mid-clause (the full explanation is shown beside it).

    Example
    -------
    >>> one_line_reason("Missing: the 2025 shares. WIPO did not publish them.")
    'Missing: the 2025 shares.'
    >>> one_line_reason("Only weak sources state it (a repost (secondary)); a confirmation needs news. Then x.", 60)
    'Only weak sources state it; a confirmation needs news.'
    """
    found = sentences(explanation)
    if not found:
        return ""
    first = found[0]
    shorter = _without_asides(first) if len(first) > limit else first
    return shorter if len(shorter) >= 12 else first


def _source_fields(source: Any) -> dict:
    """A source (a :class:`Source` or its dict in claims.json) as the templates read it."""
    fields = asdict(source) if is_dataclass(source) else dict(source) if isinstance(source, Mapping) else {}
    return {"url": fields.get("url") or "", "title": fields.get("title") or "", "grade": fields.get("grade") or "",
            "via": fields.get("via") or ""}


def finding_record(part: Mapping, *, href: str | None = None, published: str | None = None,
                   empty: str = "—") -> dict:
    """One row of a findings table, from a part's verdict (a claims.json entry, :meth:`Verdict.as_dict`, or a part of
    a report row): its id and anchor, statement, verdict and reason labels, one-line and full why, published and
    found as a reader reads them, sources with grades, and where it was decided (``href``, by default the anchor of
    its display in the same notebook; ``where``, the cell).

    ``published`` replaces the published value as shown (the report shows it as a reader writes it); ``empty`` is
    what "found" shows when nothing was found.

    Example
    -------
    >>> record = finding_record({"part_id": "GII-06a", "verdict": "contradicted", "reason": "wrong_value",
    ...                          "published": 45, "computed": [44.0, 3], "cell": 7})
    >>> record["verdict_label"], record["reason_label"], record["found"], record["href"], record["where"]
    ('contradicted', 'wrong value', '44 / 3', '#part-GII-06a', 'cell 7')
    """
    part_id = str(part.get("part_id") or "")
    computed, cell = part.get("computed"), part.get("cell")
    explanation = str(part.get("explanation") or "")
    return {
        "part_id": part_id, "anchor": part_anchor(part_id), "statement": str(part.get("statement") or ""),
        "verdict": str(part.get("verdict") or ""), "verdict_label": verdict_label(part.get("verdict") or ""),
        "reason_label": reason_label(str(part.get("reason") or "")),
        "why": one_line_reason(explanation), "explanation": explanation,
        "published": format_value(part.get("published")) if published is None else published,
        "found": empty if computed is None else format_value(computed),
        "sources": [_source_fields(s) for s in part.get("sources") or ()],
        "href": f"#{part_anchor(part_id)}" if href is None else href,
        "where": f"cell {cell}" if isinstance(cell, int) and not isinstance(cell, bool) else "verdict",
        "headline": part.get("headline"), "notebook": part.get("notebook"), "run_id": part.get("run_id"),
        "commit": part.get("commit"), "provenance_note": part.get("provenance_note") or "",
    }


def _markdown_value(value: Any) -> Markup:
    """Markdown's autoescape: every value a Markdown template prints, unless already safe (a macro's output, a
    checked link), as :func:`markdown_text`."""
    return value if isinstance(value, Markup) else Markup(markdown_text(value))


def _html_value(value: Any) -> Any:
    """Values an HTML template prints, as a reader should see them; autoescape then escapes the text."""
    return value if isinstance(value, str) else format_value(value)


def _http_link(url: Any) -> str | None:
    """A source URL as a link target, only when it is http(s)."""
    return link_target(url) if is_http_url(url) else None


def short_url(url: Any) -> str:
    """A URL as a link's label: without its scheme and a trailing slash.

    Example
    -------
    >>> short_url("https://www.thepaper.cn/")
    'www.thepaper.cn'
    """
    return re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", str(url or "")).rstrip("/")


@functools.lru_cache(maxsize=2)
def template_environment(kind: str) -> jinja2.Environment:
    """The jinja2 environment of innovlib's ``<name>.<kind>.j2`` templates (``md`` or ``html``), autoescape on.

    Markdown prints every value through :func:`markdown_text`; HTML autoescapes. The filters ``link`` (a link
    target: http(s), a relative path or a fragment) and ``http_link`` (http(s) only) give ``None`` for anything that
    may not be a link; ``label`` is :func:`verdict_label`, ``short_url`` :func:`short_url`.

    Example
    -------
    >>> template_environment("md").from_string("{{ x }} {{ u|http_link is none }}").render(x="a|b", u="javascript:x")
    'a&#124;b yes'
    """
    if kind not in ("md", "html"):
        raise ValueError(f"templates are 'md' or 'html', not {kind!r}")
    markdown = kind == "md"
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, finalize=_markdown_value if markdown else _html_value,
    )
    # in Markdown a checked, percent-encoded target is safe as it is; in HTML autoescape escapes it once more
    trusted = Markup if markdown else str
    environment.filters.update(
        label=verdict_label, short_url=short_url,
        link=lambda url: trusted(target) if (target := link_target(url)) else None,
        http_link=lambda url: trusted(target) if (target := _http_link(url)) else None,
    )
    return environment


def findings_macros(kind: str):
    """The macros of ``templates/findings.<kind>.j2`` (``table``, ``row``, ``header``, ``cell``, ``not_tested``).

    Example
    -------
    >>> str(findings_macros("html").header([("part", "part"), ("verdict", "verdict")]))
    '<tr><th>part</th><th>verdict</th></tr>'
    """
    return template_environment(kind).get_template(f"findings.{kind}.j2").module


def findings_table(records: list[dict], columns, kind: str = "md") -> str:
    """A findings table of part records (:func:`finding_record`) with the given columns, in Markdown or HTML.

    Example
    -------
    >>> record = finding_record({"part_id": "X-01", "verdict": "not_checkable", "explanation": "a | b"})
    >>> print(findings_table([record], [("part", "part"), ("why", "why")]), end="")
    | part | why |
    |---|---|
    | X-01 | a &#124; b |
    """
    macros = findings_macros(kind)
    if kind == "html":
        return str(macros.table(records, columns, VERDICT_COLOURS))
    return str(macros.table(records, columns))


def findings_cards(records: list[dict]) -> str:
    """The findings as cards in Markdown (HTML blocks), one per part record (:func:`finding_record`): part and
    statement, verdict and reason labels with a link to the cell that decided it, the why in one sentence and the full
    explanation folded (``<details>``). A list of cards reads at any width, where a four-column table does not.

    Example
    -------
    >>> record = finding_record({"part_id": "X-01", "verdict": "reproduced", "reason": "recomputed", "cell": 3,
    ...                          "statement": "a <b>", "explanation": "Recomputed. Within 0.1 points."})
    >>> print(findings_cards([record]))
    <div class="innovlib-finding" style="border-left:4px solid #116329;padding:0 0 0 10px;margin:0 0 14px 0">
    <p style="margin:0"><b>X-01</b>: a &#60;b&#62;</p>
    <p style="margin:2px 0"><b style="color:#116329">reproduced</b>: recomputed · <a href="#part-X-01">decided in cell 3</a></p>
    <p style="margin:2px 0">Recomputed.</p>
    <details><summary>The full explanation</summary><p>Recomputed. Within 0.1 points.</p></details>
    </div>
    """
    return str(findings_macros("md").cards(records, VERDICT_COLOURS)).strip("\n")


def not_tested_markdown(records: list[Mapping]) -> str:
    """The paragraph that names the parts a run did not test, the parameter values it used and those the claims are
    about (records with ``part_id``, ``about`` and ``parameters``, as ``not_tested.jsonl`` holds them).

    Example
    -------
    >>> not_tested_markdown([{"part_id": "GII-01", "about": {"edition": 2025}, "parameters": {"edition": 2024}}])[:62]
    '**This run does not test the published claim parts GII-01**: i'
    """
    parts = list(dict.fromkeys(str(r.get("part_id")) for r in records))
    wanted: dict = {}
    used: dict = {}
    for record in records:
        for key, value in (record.get("about") or {}).items():
            wanted.setdefault(str(key), value)
        for key, value in (record.get("parameters") or {}).items():
            used.setdefault(str(key), value)
    return str(findings_macros("md").not_tested(
        names(parts), names(f"{k} = {format_value(used.get(k))}" for k in wanted),
        names(f"{k} = {format_value(v)}" for k, v in wanted.items())))


def findings_section(records: list[dict], columns, not_tested: list[Mapping]) -> str:
    """A findings section in Markdown: the table of what a run recorded (or that it recorded none), then the
    parts it did not test.

    Example
    -------
    >>> findings_section([], NOTEBOOK_COLUMNS, [])
    'This run recorded no verdict.'
    """
    lines = [findings_table(records, columns).rstrip("\n") if records else "This run recorded no verdict."]
    if not_tested:
        lines += ["", not_tested_markdown(not_tested)]
    return "\n".join(lines)
