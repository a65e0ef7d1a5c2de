"""Claims and verdicts: compare a published claim with what a notebook computes or a source publishes.

Every published claim has an id in the ``claims`` dataset (``data/claims/``). A claim that makes several
checkable statements is split into **parts** (``GII-06a``, ``GII-06b``); a claim with one statement has one
part whose id is the claim's own (``GII-02``). A notebook gives each part exactly one verdict:

``reproduced``
    recomputed from the underlying component data, within tolerance of the published figure (re-sorting
    published numbers is not a recomputation);
``confirmed_by_source``
    no recomputation possible, but a source graded ``news`` or better states a matching figure;
``contradicted``
    a recomputation, a ``primary``/``official`` source, or two independent ``news`` sources disagree;
``not_checkable``
    public data cannot settle it (the explanation says what is missing, or which sources conflict).

**Evidence rules.** A verdict carries its sources as a list of :class:`Source` (URL, title, grade), looked up
from the descriptors under ``data/`` so that grades live with the data. :func:`apply_evidence_rules` enforces
the rules above for every verdict, whichever function made it: a confirmation resting only on ``secondary``
pages, or a contradiction resting on one news report or on secondary pages, becomes ``not_checkable`` and
says why.

**A claim's verdict** is derived from its parts by one rule (:func:`combine_parts`, :data:`COMBINE_RULE`): the
catalogue names each claim's **headline** part(s), the statement the article leads with; the claim takes the
headline's verdict, and its other parts are **details** named beside it ("confirmed by source; details: 1
contradicted, 2 not checkable"). A contradicted detail is always named.

**Every verdict carries a reason** from a fixed vocabulary (:data:`REASONS`), decided by :func:`decide_reason` from
the evidence, not typed by hand: why a part is not checkable (only weak sources agree, weak sources disagree, no
public data) or contradicted (wrong value, outdated figure, wrong date or period, unlike compared).

**Verdicts are bound to parameters.** An :class:`Audit` knows the run's parameter values; each check declares
the values its claim is about (``about={"edition": 2025}``). In a run with other values the check still shows
what was computed, says that this run does not test the published claim, and records no verdict.

Example
-------
>>> audit = Audit(edition=2025)
>>> v = audit.evaluate("GII-02a", computed=3, about={"edition": 2025}, basis="source",
...                    sources=["https://www.wipo.int/web/global-innovation-index/2025/innovation-clusters"], explanation="WIPO's table")
>>> v.verdict, v.sources[0].grade
('confirmed_by_source', 'primary')
>>> Audit(edition=2024).evaluate("GII-02a", computed=3, about={"edition": 2025}, basis="source",
...                              sources=["https://www.wipo.int/web/global-innovation-index/2025/innovation-clusters"], explanation="x") is None
True
"""

from __future__ import annotations

import difflib
import functools
import html
import math
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from innovlib import outputs
from innovlib.checksums import file_sha256
from innovlib.data import GRADES, DataValidationError, graded_sources, is_http_url, load, read_descriptor
from innovlib.outputs import NOTEBOOK_ENV
from innovlib.paths import data_dir
from innovlib.text import format_value, names  # format_value: also claims.format_value, as before

VERDICTS = ("reproduced", "confirmed_by_source", "contradicted", "not_checkable")
BASES = ("recomputed", "source")
UNGRADED = "ungraded"  # a listed source whose descriptor gives no grade yet: weakest of all

# Strength of a verdict for "the weakest part decides"; contradicted is handled before strength counts.
VERDICT_STRENGTH = {"reproduced": 3, "confirmed_by_source": 2, "not_checkable": 1}
GRADE_STRENGTH = {"primary": 3, "official": 2, "news": 1, "secondary": 0, UNGRADED: -1}
COMBINE_RULE = (
    "A claim takes the verdict of its headline, the statement the article leads with (if the headline has "
    "several parts: contradicted if any is, otherwise the weakest, reproduced > confirmed by source > not "
    "checkable); its other parts are details, named beside the label, and a contradicted detail is always named. "
    "A headline part without a verdict leaves the claim unchecked."
)

# The reasons a verdict can carry: code -> (label a reader knows, what it means). decide_reason picks one.
REASONS = {
    "recomputed": ("recomputed", "recomputed from the component data and within tolerance of the published figure"),
    "source_states_it": ("stated by a strong source",
                         "a source graded news or better states the same figure"),
    "weak_sources_agree": ("matches, but only weak sources",
                           "the figure found agrees, but every source stating it is secondary (a repost, an "
                           "aggregator, a blog)"),
    "weak_sources_disagree": ("weak sources disagree",
                              "the figure found differs, but the sources stating it are too weak to contradict "
                              "the claim"),
    "no_public_data": ("no public data", "no public source gives the figure; the part names what would settle it"),
    "wrong_value": ("wrong value", "a recomputation or a strong source gives another figure"),
    "outdated_figure": ("outdated figure", "the published figure is that of an earlier edition or year"),
    "wrong_period": ("wrong date or period", "the figure belongs to another date or period than the one stated"),
    "unlike_compared": ("unlike compared", "the claim compares figures of different kinds"),
}
REASONS_BY_VERDICT = {
    "reproduced": ("recomputed",),
    "confirmed_by_source": ("source_states_it",),
    "not_checkable": ("weak_sources_agree", "weak_sources_disagree", "no_public_data", "unlike_compared"),
    "contradicted": ("wrong_value", "outdated_figure", "wrong_period", "unlike_compared"),
}


# --- sources and grades -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    """A source a verdict rests on: URL, title, publisher, grade (see ``shared`` grade definitions in README)."""

    url: str
    title: str
    grade: str
    publisher: str = ""
    dataset: str = ""
    original: str = ""  # for a repost that names its original: the outlet or office and date it reproduces
    via: str = ""  # ... and the repost's URL, through which the original's grade is taken

    @property
    def domain(self) -> str:
        """Host name without ``www.``, used to tell independent news sources apart.

        Example
        -------
        >>> Source("https://www.reuters.com/x", "t", "news").domain
        'reuters.com'
        """
        return urlparse(self.url).netloc.lower().removeprefix("www.")


@functools.lru_cache(maxsize=4)
def _source_index(data_root: str) -> dict[str, Source]:
    index: dict[str, Source] = {}
    listed = graded_sources(Path(data_root))  # raises when one URL is graded twice
    for url, entry in listed.items():
        grade = entry.get("grade") if entry.get("grade") in GRADES else UNGRADED
        index[url] = Source(url, entry.get("title", ""), grade, entry.get("publisher", ""), entry["dataset"],
                            entry.get("original", ""), entry.get("via", ""))
    # Grades come from every descriptor, so a run that looks one up has read them all: record each dataset
    # (its first resource stands for the descriptor) so that the runner's cache sees a changed grade.
    for name in sorted({entry["dataset"] for entry in listed.values()}):
        first = read_descriptor(name, Path(data_root))["resources"][0]
        csv_path = Path(data_root) / name / first["path"]
        if csv_path.is_file():
            outputs.record_dataset(name, first["name"], file_sha256(csv_path), csv_path)
    return index


def lookup_source(url: str) -> Source:
    """The graded :class:`Source` whose URL a descriptor under ``data/`` lists.

    Raises ``KeyError`` for a URL no descriptor lists: every source a verdict rests on must be recorded beside
    the data. A listed source without a valid grade is ``ungraded`` and counts for less than ``secondary``.

    Example
    -------
    >>> lookup_source("https://www.wipo.int/web/global-innovation-index/2025/innovation-clusters").grade
    'primary'
    """
    index = _source_index(str(Path(data_dir()).resolve()))
    if url not in index:
        raise KeyError(f"source {url!r} is not listed in any data/*/datapackage.json (add it there with a grade)")
    return index[url]


def _sources(urls: Any) -> tuple[Source, ...]:
    if urls is None:
        return ()
    if isinstance(urls, (str, Source)):
        urls = [urls]
    found, seen = [], set()
    audited = audited_article_urls()
    for url in urls:
        source = url if isinstance(url, Source) else lookup_source(str(url))
        if source.url in audited:
            raise ValueError(f"source {source.url!r} is an audited article: an article is never evidence for its "
                             "own claims")
        if source.url not in seen:
            seen.add(source.url)
            found.append(source)
    return tuple(found)


SOURCE_COLUMNS = ("source_url", "source_url_2", "other_source_urls")


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


def apply_evidence_rules(verdict: str, sources: tuple[Source, ...], basis: str | None) -> tuple[str, str]:
    """The verdict the evidence allows, and why it was lowered (empty when it stands).

    * ``confirmed_by_source`` needs a source graded news or better;
    * ``contradicted`` needs a recomputation, a primary/official source, or two independent news sources;
    * otherwise the part is ``not_checkable``.

    Example
    -------
    >>> blog = Source("https://blog.example/x", "a blog", "secondary")
    >>> apply_evidence_rules("confirmed_by_source", (blog,), "source")[0]
    'not_checkable'
    >>> paper = Source("https://news.example/x", "a paper", "news")
    >>> apply_evidence_rules("contradicted", (paper,), "source")[0]
    'not_checkable'
    >>> apply_evidence_rules("contradicted", (), "recomputed")
    ('contradicted', '')
    """
    strong = [s for s in sources if GRADE_STRENGTH[s.grade] >= GRADE_STRENGTH["official"]]
    news = [s for s in sources if s.grade == "news"]
    listed = "; ".join(f"{s.title or s.url} ({s.grade})" for s in sources) or "none"
    if verdict == "confirmed_by_source" and not (strong or news):
        return "not_checkable", (f"Only secondary or ungraded sources state the figure ({listed}); a confirmation "
                                 "needs a source graded news or better.")
    if verdict == "contradicted" and basis != "recomputed":
        if not strong and len({s.domain for s in news}) < 2:
            return "not_checkable", (
                f"The sources that disagree with the claim are too weak to contradict it ({listed}); a contradiction "
                "needs a recomputation, a primary or official source, or two independent news reports."
            )
    return verdict, ""


# --- the claim catalogue -----------------------------------------------------------------------------------

@functools.lru_cache(maxsize=4)
def _catalogue_rows(data_root: str) -> tuple[dict[str, dict], dict[str, dict]]:
    """(claims by id, parts by id) from the ``claims`` dataset."""
    from pathlib import Path

    def records(resource: str) -> list[dict]:
        table = load("claims", resource=resource, root=Path(data_root))
        return table.astype(object).where(table.notna(), None).to_dict("records")

    claims_by_id = {row["claim_id"]: row for row in records("claims")}
    parts_by_id = {row["part_id"]: row for row in records("claim_parts")}
    for row_number, part in enumerate(parts_by_id.values(), start=2):
        if part["claim_id"] not in claims_by_id:
            raise DataValidationError(Path(data_root) / "claims" / "claim_parts.csv",
                                      f"claim {part['claim_id']!r} is not in claims.csv", row_number, "claim_id")
    for row_number, claim in enumerate(claims_by_id.values(), start=2):
        stray = [p for p in claim["headline"].split() if parts_by_id.get(p, {}).get("claim_id") != claim["claim_id"]]
        if stray:
            raise DataValidationError(Path(data_root) / "claims" / "claims.csv",
                                      f"headline names {', '.join(stray)}, not a part of {claim['claim_id']} in "
                                      "claim_parts.csv", row_number, "headline")
    return claims_by_id, parts_by_id


def _catalogue() -> tuple[dict[str, dict], dict[str, dict]]:
    return _catalogue_rows(str(data_dir()))


def claim_catalogue():
    """The claim parts joined with their claims, one row per part (a DataFrame).

    Example
    -------
    >>> table = claim_catalogue()
    >>> table.set_index("part_id").loc["GII-06b", "claim_id"]
    'GII-06'
    """
    import pandas as pd

    claims_by_id, parts_by_id = _catalogue()
    rows = [{**claims_by_id[p["claim_id"]], **p} for p in parts_by_id.values()]
    columns = ["part_id", "claim_id", "article", "topic", "subject", "claim", "statement",
               "published_value", "unit", "comparison"]
    return pd.DataFrame(rows)[columns]


def lookup(part_id: str) -> dict:
    """The catalogue row of a claim part, joined with its claim; an unknown id suggests close ones.

    Example
    -------
    >>> lookup("GII-06a")["claim_id"]
    'GII-06'
    """
    claims_by_id, parts_by_id = _catalogue()
    if part_id not in parts_by_id:
        hint = ""
        if part_id in claims_by_id:
            parts = [p for p, row in parts_by_id.items() if row["claim_id"] == part_id]
            hint = f" Claim {part_id} has parts {', '.join(parts)}: check each part."
        else:
            close = difflib.get_close_matches(part_id, parts_by_id, n=3)
            hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise KeyError(f"unknown claim part {part_id!r} (not in data/claims/claim_parts.csv).{hint}")
    part = parts_by_id[part_id]
    return {**claims_by_id[part["claim_id"]], **part}


def articles() -> dict[str, dict]:
    """Article id → its source entry (title, publisher, date, URL) in the claims dataset's descriptor.

    Example
    -------
    >>> articles()["TW-2025-11"]["publisher"]
    'Time Weekly (时代周报)'
    """
    found = {}
    for source in read_descriptor("claims").get("sources", []):
        title = source.get("title", "")
        key = title[title.rfind("[article id ") + 12:].rstrip("]") if "[article id " in title else title
        found[key] = source
    return found


def producers() -> dict[str, dict]:
    """Claim topic → who publishes the figures that would settle its open parts, and where (``publisher``,
    ``where``, ``where_url``), from the claims dataset's ``producers`` resource.

    Example
    -------
    >>> producers()["gii_clusters_2025"]["publisher"]
    'WIPO'
    """
    table = load("claims", resource="producers")
    table = table.astype(object).where(table.notna(), "")
    return {row["topic"]: row for row in table.to_dict("records")}


def audited_article_urls() -> frozenset[str]:
    """The URLs of the audited articles (and of the reposts they are read through), never evidence for a claim.

    Example
    -------
    >>> "http://www.zhongyi333.com/gushi/479443.html" in audited_article_urls()
    True
    """
    urls = set()
    for source in articles().values():
        urls.update(u for u in (source.get("path"), source.get("via")) if u)
    return frozenset(urls)


def headline_of(claim_id: str) -> list[str]:
    """The part id(s) of a claim's headline, the statement the article leads with (the catalogue's choice).

    Example
    -------
    >>> headline_of("GII-01")
    ['GII-01a']
    """
    claims_by_id, _ = _catalogue()
    return claims_by_id[claim_id]["headline"].split()


def parts_of(claim_id: str) -> list[str]:
    """The part ids of a claim, in catalogue order.

    Example
    -------
    >>> parts_of("GII-06")
    ['GII-06a', 'GII-06b', 'GII-06c']
    """
    _, parts_by_id = _catalogue()
    return [p for p, row in parts_by_id.items() if row["claim_id"] == claim_id]


# --- values ------------------------------------------------------------------------------------------------

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 11th, 21st ...

    Example
    -------
    >>> [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 21, 45)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '21st', '45th']
    """
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def display_published(value: Any, unit: str | None = None, comparison: str | None = None) -> str:
    """A catalogue figure as a reader would write it: 'July 2025', '2nd of 27 cities', '42.3% of GDP',
    'about 33.3% of national total', 'more than 27 bn CNY'; '—' when the statement has no figure.

    Example
    -------
    >>> display_published("7", "month of 2025 (date of the count)")
    'July 2025 (date of the count)'
    >>> display_published("2", "rank of 27 cities"), display_published("45", "rank on innovation intensity")
    ('2nd of 27 cities', '45th on innovation intensity')
    >>> display_published("33.3", "percent of GDP", "approx"), display_published("27", "bn CNY", "greater than")
    ('about 33.3% of GDP', 'more than 27 bn CNY')
    >>> display_published("150/50/10", "bn CNY"), display_published("6", "count"), display_published(None, "set")
    ('150 / 50 / 10 bn CNY', '6', '—')
    """
    figure = parse_published(value) if isinstance(value, str) or value is None else value
    if figure is None:
        return "—"
    unit = (unit or "").strip()
    text = format_value(figure)
    number = isinstance(figure, (int, float)) and not isinstance(figure, bool)
    whole = number and float(figure).is_integer()
    if unit.startswith("month of ") and whole and 1 <= int(figure) <= 12:
        shown = f"{MONTHS[int(figure) - 1]} {unit.removeprefix('month of ')}"
    elif unit.startswith("rank") and whole:
        rest = unit.removeprefix("rank").strip()
        shown = f"{ordinal(int(figure))} {rest}" if rest.split(" ")[0] in ("of", "on", "among", "by") else (
            f"{ordinal(int(figure))}" + (f" ({rest})" if rest else ""))
    elif unit.startswith("percent"):
        shown = f"{text}%{unit.removeprefix('percent')}"
    elif unit in ("count", ""):
        shown = text
    else:
        shown = f"{text} {unit}"
    prefix = {"approx": "about ", "greater than": "more than "}.get(comparison or "", "")
    return prefix + shown.strip()


def parse_published(text: str | None) -> float | str | list | None:
    """Turn a catalogue ``published_value`` into a number, a list of numbers, or keep the text.

    Example
    -------
    >>> parse_published("75/59/42")
    [75.0, 59.0, 42.0]
    >>> parse_published("42.3")
    42.3
    >>> parse_published("") is None
    True
    """
    if text is None or str(text).strip() == "":
        return None
    parts = str(text).split("/")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        return str(text)
    return numbers[0] if len(numbers) == 1 else numbers


def _as_list(value: Any) -> list:
    if hasattr(value, "tolist"):
        value = value.tolist()
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _plain(value: Any) -> Any:
    """numpy/pandas scalars and arrays as plain Python, so verdicts serialise to JSON."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "item"):
        return value.item()
    return value


def values_match(computed: Any, published: Any, tolerance: float = 0.0, comparison: str = "equals") -> bool:
    """Whether a computed value matches a published one.

    Numbers match within an absolute ``tolerance``; lists element-wise (same length); text exactly.
    With ``comparison="greater than"`` a number matches when it exceeds the published one.

    Example
    -------
    >>> values_match([75, 59, 42], [75.0, 59.0, 42.0])
    True
    >>> values_match(7.24, 7.2, tolerance=0.05)
    True
    >>> values_match(5.3, 5, comparison="greater than")
    True
    """
    computed_items, published_items = _as_list(computed), _as_list(published)
    if len(computed_items) != len(published_items):
        return False
    for c, p in zip(computed_items, published_items):
        numeric = isinstance(c, (int, float)) and isinstance(p, (int, float)) and not isinstance(c, bool)
        if numeric:
            if math.isnan(float(c)):
                return False
            if comparison == "greater than":
                if not float(c) > float(p):
                    return False
            elif abs(float(c) - float(p)) > tolerance + 1e-12:
                return False
        elif c != p:
            return False
    return True


# --- verdicts ----------------------------------------------------------------------------------------------

VERDICT_COLOURS = {"reproduced": "#1a7f37", "confirmed_by_source": "#1a7f37", "contradicted": "#cf222e",
                   "not_checkable": "#9a6700"}


@dataclass(frozen=True)
class Verdict:
    """One claim part's verdict, as shown in the notebook and saved in ``claims.json``."""

    part_id: str
    claim_id: str
    verdict: str
    published: Any
    computed: Any
    explanation: str
    basis: str | None = None
    tolerance: float | None = None
    sources: tuple[Source, ...] = ()
    about: dict = field(default_factory=dict)
    article: str = ""
    claim: str = ""
    statement: str = ""
    notebook: str = field(default_factory=lambda: os.environ.get(NOTEBOOK_ENV, ""))
    reason: str = ""  # a code of REASONS, decided by decide_reason
    finding: str = ""  # one sentence a reader can quote, built from computed values ('' = none supplied)
    missing: str = ""  # for no_public_data: the figure that would settle the part
    publisher: str = ""  # ... who publishes (or would publish) it
    where: str = ""  # ... and where it would be found
    earlier: dict = field(default_factory=dict)  # earlier editions' or years' figures {label: value}
    unlike: tuple = ()  # (what the published figure measures, what it is compared with)

    def as_dict(self) -> dict:
        return asdict(self)

    def _repr_html_(self) -> str:
        """The verdict as a small table whose id is :func:`part_anchor` of the part, so that the findings table
        and the report can link to the place in the notebook where the verdict was made."""
        colour = VERDICT_COLOURS[self.verdict]
        rows = [
            ("claim", f"<b>{html.escape(self.part_id)}</b> ({html.escape(self.article)}): "
                      f"{html.escape(self.statement or self.claim)}"),
            ("verdict", f"<b style='color:{colour}'>{html.escape(self.verdict.replace('_', ' '))}</b>"
                        f" — {html.escape(reason_label(self.reason))}"),
            ("published", html.escape(format_value(self.published))),
            ("found", html.escape(format_value(self.computed))),
            ("why", html.escape(self.explanation)),
        ]
        for source in self.sources:
            rows.append(("source", source_html(source)))
        body = "".join(f"<tr><th style='text-align:left;vertical-align:top'>{k}</th>"
                       f"<td style='text-align:left;overflow-wrap:anywhere'>{v}</td></tr>" for k, v in rows)
        return (f"<table id=\"{html.escape(part_anchor(self.part_id), quote=True)}\" style='max-width:100%'>"
                f"{body}</table>")

    def __str__(self) -> str:
        return (
            f"{self.part_id}: {self.verdict} (published {format_value(self.published)}, "
            f"found {format_value(self.computed)}): {self.explanation}"
        )


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


def _source_groups(sources: Any) -> list[tuple[str, tuple[Source, ...]]]:
    """Sources grouped by the figure they state: a dict ``{figure: urls}``, or one group for a plain list."""
    if isinstance(sources, dict):
        return [(str(figure), _sources(urls)) for figure, urls in sources.items()]
    return [("", _sources(sources))]


def _flat(groups: list[tuple[str, tuple[Source, ...]]]) -> tuple[Source, ...]:
    flat: dict[str, Source] = {}
    for _, group in groups:
        flat.update((source.url, source) for source in group)
    return tuple(flat.values())


def _apply_rules_by_figure(verdict: str, groups: list[tuple[str, tuple[Source, ...]]],
                           basis: str | None) -> tuple[str, str]:
    """The evidence rules applied to each figure's sources; the weakest figure decides."""
    for figure, group in groups:
        allowed, reason = apply_evidence_rules(verdict, group, basis)
        if allowed != verdict:
            return allowed, (f"For {figure}: {reason}" if figure else reason)
    return verdict, ""


PERIOD_UNIT = ("date", "month", "period", "as of")  # words of a catalogue unit that make a part about a date


def decide_reason(verdict: str, *, lowered_from: str = "", unit: str = "", published: Any = None,
                  computed: Any = None, sources: tuple[Source, ...] = (), missing: str = "",
                  earlier: dict | None = None, unlike: tuple = (), tolerance: float = 0.0) -> str:
    """The reason (a code of :data:`REASONS`) a verdict carries, decided from the evidence.

    * reproduced: ``recomputed``; confirmed by source: ``source_states_it``;
    * contradicted: ``unlike_compared`` when the claim compares two different kinds of figure (``unlike``),
      ``outdated_figure`` when the published figure equals an earlier edition's or year's (``earlier``),
      ``wrong_period`` when the part is about a date or period (its catalogue unit), else ``wrong_value``;
    * not checkable: ``unlike_compared`` as above; ``weak_sources_disagree`` / ``weak_sources_agree`` when the
      evidence rules lowered a contradiction / a confirmation, or when only weak sources give a figure that
      differs from / equals the published one; else ``no_public_data``.

    Example
    -------
    >>> decide_reason("contradicted", published=75, earlier={"GEI 2024": 75})
    'outdated_figure'
    >>> decide_reason("contradicted", unit="month of 2025 (date of the count)")
    'wrong_period'
    >>> decide_reason("not_checkable", lowered_from="confirmed_by_source")
    'weak_sources_agree'
    >>> blog = Source("https://blog.example/x", "a blog", "secondary")
    >>> decide_reason("not_checkable", published=75.0, computed=115, sources=(blog,))
    'weak_sources_disagree'
    >>> decide_reason("not_checkable", missing="the 2025 shares")
    'no_public_data'
    """
    if verdict == "reproduced":
        return "recomputed"
    if verdict == "confirmed_by_source":
        return "source_states_it"
    if unlike:
        return "unlike_compared"
    if verdict == "contradicted":
        if published is not None and any(values_match(value, published, tolerance)
                                         for value in (earlier or {}).values()):
            return "outdated_figure"
        if any(word in (unit or "").lower() for word in PERIOD_UNIT):
            return "wrong_period"
        return "wrong_value"
    if lowered_from == "contradicted":
        return "weak_sources_disagree"
    if lowered_from == "confirmed_by_source":
        return "weak_sources_agree"
    weak_only = sources and all(GRADE_STRENGTH[s.grade] < GRADE_STRENGTH["news"] for s in sources)
    if not missing and weak_only and computed is not None and published is not None and not isinstance(computed, bool):
        agrees = values_match(computed, published, tolerance)
        return "weak_sources_agree" if agrees else "weak_sources_disagree"
    return "no_public_data"


def reason_label(reason: str) -> str:
    """The words a reader sees for a reason code ('' for none).

    Example
    -------
    >>> reason_label("outdated_figure")
    'outdated figure'
    """
    return REASONS[reason][0] if reason in REASONS else ""


def _make_verdict(row: dict, verdict: str, published: Any, computed: Any, explanation: str, *,
                  sources: list[tuple[str, tuple[Source, ...]]], basis: str | None, tolerance: float | None,
                  about: dict, context: dict) -> Verdict:
    """A :class:`Verdict` with the evidence rules applied and its reason decided; the catalogue's text stands in
    for a missing value. ``context`` holds the optional evidence of :func:`evaluate`/:func:`decide`."""
    allowed, lowered = _apply_rules_by_figure(verdict, sources, basis)
    if lowered:  # why the verdict was lowered comes first: it is what a one-line summary must say
        explanation = f"{lowered} {explanation.strip()}"
    unlike = tuple(context.get("unlike") or ())
    if unlike and (len(unlike) != 2 or unlike[0] == unlike[1]):
        raise ValueError(f"{row['part_id']}: unlike=(what the figure measures, what it is compared with) names "
                         "two different kinds of figure")
    published = _plain(published) if published is not None else row.get("published_value")
    reason = decide_reason(
        allowed, lowered_from=verdict if allowed != verdict else "", unit=row.get("unit") or "",
        published=parse_published(published) if isinstance(published, str) else published,
        computed=_plain(computed), sources=_flat(sources), missing=context.get("missing", ""),
        earlier=context.get("earlier"), unlike=unlike, tolerance=tolerance or 0.0,
    )
    return Verdict(
        part_id=row["part_id"], claim_id=row["claim_id"], verdict=allowed, published=published,
        computed=_plain(computed), explanation=explanation.strip(), basis=basis, tolerance=tolerance,
        sources=_flat(sources), about=_plain(dict(about)), article=row.get("article") or "",
        claim=row.get("claim") or "", statement=row.get("statement") or "", reason=reason,
        finding=" ".join(str(context.get("finding") or "").split()), missing=context.get("missing", ""),
        publisher=context.get("publisher", ""), where=context.get("where", ""),
        earlier=_plain(dict(context.get("earlier") or {})), unlike=unlike,
    )


def evaluate(part_id: str, computed: Any, *, basis: str = "recomputed", tolerance: float = 0.0,
             explanation: str, sources: Any = None, published: Any = None, about: dict | None = None,
             **context: Any) -> Verdict:
    """Decide a claim part's verdict from a computed value or a source's figure (pure; nothing is shown or saved).

    Parameters
    ----------
    part_id : str
        Id of a claim part in the catalogue (the claim id itself for a one-part claim).
    computed : number, list, str or bool
        What the notebook recomputed (``basis="recomputed"``) or what a source publishes (``basis="source"``).
        A bool says whether a statement holds.
    basis : {"recomputed", "source"}
        How ``computed`` was obtained. "recomputed" is only for values computed from component data.
    tolerance : float
        Absolute tolerance for numbers (e.g. 0.05 for a figure published to one decimal).
    explanation : str
        How the value was obtained, in a sentence a reader can follow.
    sources : str, list of str, or dict
        URLs of the sources stating the figure; each must be listed, with a grade, in a ``data/`` descriptor.
        Required with ``basis="source"``. When the claim rests on several figures (a city's rate against the
        national rate), give ``{figure: [urls]}``: the evidence rules apply to each figure and the weakest decides.
    published : optional
        The published figure, when the catalogue's text cannot be compared directly (e.g. a list of names).
    about : dict, optional
        The parameter values the claim is about (recorded with the verdict).
    **context
        Evidence that decides the reason (:func:`decide_reason`) and what a reader is told:
        ``earlier={label: value}`` (earlier editions' or years' figures), ``unlike=(what the published figure
        measures, what it is compared with)``, ``finding`` (one quotable sentence built from computed values),
        and for a part that stays open ``missing``, ``publisher`` and ``where`` (what would settle it, who
        publishes it, where it would be found).

    Example
    -------
    >>> evaluate("GII-04b", computed=True, explanation="its combined score is the highest").verdict
    'reproduced'
    """
    _check_context(part_id, context)
    if basis not in BASES:
        raise ValueError(f"basis must be one of {BASES}, not {basis!r}")
    if not explanation or not explanation.strip():
        raise ValueError(f"{part_id}: an explanation is required")
    found = _source_groups(sources)
    if basis == "source" and not _flat(found):
        raise ValueError(f"{part_id}: basis='source' needs the sources stating the figure (sources=[url, ...])")
    row = lookup(part_id)
    comparison = row.get("comparison") or "equals"
    if published is None:
        published = parse_published(row.get("published_value"))
    _check_figures(part_id, published, comparison, sources)
    computed = _plain(computed)
    if isinstance(computed, bool):
        holds = computed
    else:
        if published is None:
            raise ValueError(
                f"{part_id}: the catalogue gives no figure to compare with; pass published=..., "
                "or computed=True/False for whether the claim holds"
            )
        holds = values_match(computed, published, tolerance, "greater than" if comparison == "greater than" else "equals")
    if holds:
        verdict = "reproduced" if basis == "recomputed" else "confirmed_by_source"
    else:
        verdict = "contradicted"
    return _make_verdict(row, verdict, published, computed, explanation, sources=found, basis=basis,
                         tolerance=tolerance, about=about or {}, context=context)


CONTEXT_KEYS = ("earlier", "unlike", "finding", "missing", "publisher", "where")
MULTI_FIGURE_COMPARISONS = ("greater than national",)  # a statement that compares two published figures


def _check_context(part_id: str, context: dict) -> None:
    unknown = sorted(set(context) - set(CONTEXT_KEYS))
    if unknown:
        raise TypeError(f"{part_id}: unknown argument(s) {', '.join(unknown)}; the evidence a verdict takes is "
                        f"{', '.join(CONTEXT_KEYS)}")


def _check_figures(part_id: str, published: Any, comparison: str, sources: Any) -> None:
    """A statement resting on several figures (several numbers, or a comparison of two published figures) needs its
    sources per figure (``{figure: urls}``), so that the evidence rules apply to each: a flat list would let one
    strong source vouch for a figure it does not state. A set of names (the five most intensive clusters) is one
    figure."""
    numbers = isinstance(published, list) and len(published) > 1 and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in published)  # a set of names is one figure
    several = numbers or comparison in MULTI_FIGURE_COMPARISONS
    flat = sources is not None and not isinstance(sources, dict) and len(_as_list(sources)) > 1
    if several and flat:
        raise ValueError(f"{part_id}: the statement rests on several figures; give the sources per figure "
                         "(sources={figure: [urls], ...}) so that each figure's evidence is checked")


def decide(part_id: str, verdict: str, *, explanation: str, computed: Any = None, sources: Any = None,
           published: Any = None, basis: str | None = None, about: dict | None = None, **context: Any) -> Verdict:
    """An explicit verdict (for what :func:`evaluate` cannot compare, e.g. a partial match), with the rules applied.

    ``context`` takes the evidence :func:`evaluate` describes (``earlier``, ``unlike``, ``finding``, ``missing``,
    ``publisher``, ``where``).

    Example
    -------
    >>> v = decide("GCI-07", "not_checkable", explanation="Missing: the export share", missing="the export share")
    >>> v.verdict, v.reason
    ('not_checkable', 'no_public_data')
    """
    _check_context(part_id, context)
    if verdict not in VERDICTS:
        raise ValueError(f"verdict must be one of {VERDICTS}, not {verdict!r}")
    if not explanation or not explanation.strip():
        raise ValueError(f"{part_id}: an explanation is required")
    found = _source_groups(sources)
    if verdict == "confirmed_by_source" and not _flat(found):
        raise ValueError(f"{part_id}: confirmed_by_source needs the sources stating the figure (sources=[url, ...])")
    if verdict == "reproduced" and basis != "recomputed":
        raise ValueError(f"{part_id}: 'reproduced' needs basis='recomputed' (a value computed from component data)")
    row = lookup(part_id)
    _check_figures(part_id, published if published is not None else parse_published(row.get("published_value")),
                   row.get("comparison") or "equals", sources)
    return _make_verdict(row, verdict, published, computed, explanation, sources=found, basis=basis,
                         tolerance=None, about=about or {}, context=context)


def missing_explanation(missing: str, explanation: str = "") -> str:
    """The explanation of a not-checkable verdict: what is missing first.

    Example
    -------
    >>> missing_explanation("the 2025 shares", "WIPO did not publish them.")
    'Missing: the 2025 shares. WIPO did not publish them.'
    """
    if not missing or not missing.strip():
        raise ValueError("say what data is missing")
    text = f"Missing: {missing.strip().rstrip('.')}."
    return text + (f" {explanation.strip()}" if explanation and explanation.strip() else "")


# --- deriving a claim's verdict from its parts ---------------------------------------------------------------

def _label(verdict: str) -> str:
    return verdict.replace("_", " ")


def _weakest(verdicts: list[str | None]) -> str:
    """contradicted if any is, unchecked if any part has no verdict, else the weakest."""
    if "contradicted" in verdicts:
        return "contradicted"
    if any(v is None for v in verdicts):
        return "unchecked"
    return min(verdicts, key=VERDICT_STRENGTH.__getitem__)


def combine_parts(part_verdicts: dict[str, str | None], headline: list[str] | None = None) -> tuple[str, str]:
    """A claim's verdict from its parts' verdicts (``None`` = the part was not checked), and a summary.

    The claim takes the verdict of its headline part(s) (all parts when ``headline`` is not given); the other
    parts are details, counted beside it; a contradicted detail always shows. See :data:`COMBINE_RULE`.

    Example
    -------
    >>> combine_parts({"GII-01a": "confirmed_by_source", "GII-01b": "not_checkable",
    ...                "GII-01c": "not_checkable"}, headline=["GII-01a"])
    ('confirmed_by_source', 'confirmed by source; details: 2 not checkable')
    >>> combine_parts({"U-1a": "confirmed_by_source", "U-1b": "contradicted"}, headline=["U-1a"])
    ('confirmed_by_source', 'confirmed by source; details: 1 contradicted')
    >>> combine_parts({"X-01": "reproduced"})
    ('reproduced', 'reproduced')
    >>> combine_parts({"X-01a": "not_checkable", "X-01b": None}, headline=["X-01a", "X-01b"])
    ('unchecked', 'unchecked: 1 of 2 headline parts not checked')
    """
    headline = list(headline) if headline else list(part_verdicts)
    unknown = [p for p in headline if p not in part_verdicts]
    if unknown:
        raise KeyError(f"headline part(s) {', '.join(unknown)} are not among the claim's parts")
    head = [part_verdicts[p] for p in headline]
    verdict = _weakest(head)
    if verdict == "unchecked":
        summary = f"unchecked: {sum(v is None for v in head)} of {len(head)} headline parts not checked"
    else:
        summary = _label(verdict)
    details = [v for p, v in part_verdicts.items() if p not in headline]
    tally = [f"{n} {_label(name or 'unchecked')}" for name in ("contradicted", *VERDICTS[:2], "not_checkable", None)
             if (n := sum(1 for v in details if v == name))]
    if tally:
        summary += "; details: " + ", ".join(tally)
    return verdict, summary


def contradicted_details(part_verdicts: dict[str, str | None], headline: list[str]) -> list[str]:
    """The detail parts (not in the headline) that are contradicted: never hidden behind a headline's label.

    Example
    -------
    >>> contradicted_details({"U-1a": "confirmed_by_source", "U-1b": "contradicted"}, ["U-1a"])
    ['U-1b']
    """
    return [p for p, v in part_verdicts.items() if v == "contradicted" and p not in headline]


# --- recording in a notebook --------------------------------------------------------------------------------

def _publish(verdict: Verdict) -> Verdict:
    """Show the verdict in the notebook (when there is one) and hand it to the runner with the anchor of its
    display (:func:`part_anchor`): the runner finds the cell that shows it and records that cell with the verdict."""
    outputs.record_claim({**verdict.as_dict(), "anchor": part_anchor(verdict.part_id)})
    _display(verdict)
    return verdict


def _display(obj: Any) -> None:
    try:
        from IPython import get_ipython
        from IPython.display import display

        if get_ipython() is not None:
            display(obj)
    except ImportError:  # plain Python without IPython: nothing to show
        pass


@dataclass(frozen=True)
class NotTested:
    """Shown instead of a verdict when a run's parameters are not those a claim is about."""

    part_id: str
    about: dict
    parameters: dict
    computed: Any

    def __str__(self) -> str:
        wanted = ", ".join(f"{k} = {format_value(v)}" for k, v in self.about.items())
        this = ", ".join(f"{k} = {format_value(self.parameters.get(k))}" for k in self.about)
        return (f"{self.part_id}: not tested by this run ({this}); the published claim is about {wanted}, so no "
                f"verdict is recorded. Found here: {format_value(self.computed)}.")

    def _repr_html_(self) -> str:
        return (f"<p id=\"{html.escape(part_anchor(self.part_id), quote=True)}\" style='color:#57606a'>"
                f"<i>{html.escape(str(self))}</i></p>")


class Audit:
    """Records verdicts for one run, only for the parameter values each claim is about.

    Parameters
    ----------
    **parameters
        The run's parameter values (the notebook's parameters cell).

    Example
    -------
    >>> audit = Audit(edition=2023)
    >>> audit.tests({"edition": 2025})
    False
    >>> audit.tests({})
    True
    """

    def __init__(self, **parameters: Any) -> None:
        self.parameters = _plain(dict(parameters))
        self.recorded: list[Verdict] = []
        self.not_tested: list[NotTested] = []

    def tests(self, about: dict) -> bool:
        """Whether this run has the parameter values ``about`` (every named parameter must be declared)."""
        unknown = [k for k in about if k not in self.parameters]
        if unknown:
            raise KeyError(f"about names parameters this run does not have: {', '.join(unknown)}")
        return all(_plain(self.parameters[k]) == _plain(v) for k, v in about.items())

    def _bound(self, part_id: str, about: dict | None, computed: Any) -> bool:
        if about is None:
            raise ValueError(f"{part_id}: say which parameter values the claim is about (about={{...}}; {{}} for none)")
        lookup(part_id)  # an unknown id is an error in every run, tested or not
        if self.tests(about):
            return True
        skipped = NotTested(part_id, dict(about), self.parameters, _plain(computed))
        self.not_tested.append(skipped)
        outputs.record_not_tested({"part_id": part_id, "about": _plain(dict(about)),
                                   "parameters": {k: self.parameters.get(k) for k in about},
                                   "anchor": part_anchor(part_id)})
        _display(skipped)
        return False

    def evaluate(self, part_id: str, computed: Any, *, about: dict, **kwargs) -> Verdict | None:
        """:func:`evaluate` when this run tests the claim, else ``None`` (pure; nothing shown or saved)."""
        if about is None or not self.tests(about):
            return None
        return evaluate(part_id, computed, about=about, **kwargs)

    def check(self, part_id: str, computed: Any, *, about: dict, **kwargs) -> None:
        """Evaluate a claim part (see :func:`evaluate`), show the verdict and save it with the run.

        Nothing is returned (so a notebook cell does not show the verdict twice); see :attr:`recorded`.
        """
        if self._bound(part_id, about, computed):
            self._keep(evaluate(part_id, computed, about=about, **kwargs))

    def record(self, part_id: str, verdict: str, *, about: dict, **kwargs) -> None:
        """Record an explicit verdict (see :func:`decide`), show it and save it with the run."""
        if self._bound(part_id, about, kwargs.get("computed")):
            self._keep(decide(part_id, verdict, about=about, **kwargs))

    def not_checkable(self, part_id: str, *, missing: str, about: dict, explanation: str = "",
                      computed: Any = None, sources: Any = None, **context: Any) -> None:
        """Record that public data cannot settle a claim part; ``missing`` names what data is missing, and
        ``publisher`` and ``where`` (optional) who publishes it and where it would be found."""
        self.record(part_id, "not_checkable", about=about, computed=computed, sources=sources,
                    explanation=missing_explanation(missing, explanation), missing=missing.strip().rstrip("."),
                    **context)

    def _keep(self, verdict: Verdict) -> None:
        """Save and show a verdict; a part gets one verdict per run."""
        if any(v.part_id == verdict.part_id for v in self.recorded):
            raise ValueError(f"{verdict.part_id} already has a verdict in this run")
        self.recorded.append(verdict)
        _publish(verdict)

    def verdict_of(self, part_id: str) -> str | None:
        """The verdict recorded for a part in this run (``None`` when it was not tested)."""
        return next((v.verdict for v in self.recorded if v.part_id == part_id), None)


def findings_markdown(audit: Audit) -> str:
    """A findings section built from what a run recorded: one row per part (its id links to the verdict's
    display), then what the run did not test.

    Example
    -------
    >>> print(findings_markdown(Audit(edition=2024)))
    This run recorded no verdict.
    """
    lines = []
    if audit.recorded:
        lines += ["| claim part | verdict | published | found | why |", "|---|---|---|---|---|"]
        for v in audit.recorded:
            verdict = v.verdict.replace("_", " ") + (f": {reason_label(v.reason)}" if v.reason else "")
            cells = [v.part_id, verdict, format_value(v.published), format_value(v.computed),
                     v.explanation]
            shown = [html.escape(c, quote=False).replace("|", "\\|").replace("[", "\\[").replace("\n", " ")
                     for c in cells]
            shown[0] = f"[{shown[0]}](#{part_anchor(v.part_id)})"  # to the verdict's display above
            lines.append("| " + " | ".join(shown) + " |")
    else:
        lines.append("This run recorded no verdict.")
    if audit.not_tested:
        wanted = {}
        for skipped in audit.not_tested:
            for key, value in skipped.about.items():
                wanted.setdefault(key, value)
        this = names(f"{k} = {format_value(audit.parameters[k])}" for k in wanted)
        claim_values = names(f"{k} = {format_value(v)}" for k, v in wanted.items())
        lines += ["", f"**This run does not test the published claims {html.escape(names(s.part_id for s in audit.not_tested))}**: "
                  f"it uses {html.escape(this)}, while they are about {html.escape(claim_values)}. Their verdicts come "
                  "from a run with those values."]
    return "\n".join(lines)
