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

**A claim's verdict** is derived from its parts by one rule (:func:`combine_parts`): ``contradicted`` if any
part is contradicted, otherwise the weakest of its parts (reproduced > confirmed_by_source > not_checkable);
a part nobody checked makes the claim ``unchecked``.

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

VERDICTS = ("reproduced", "confirmed_by_source", "contradicted", "not_checkable")
BASES = ("recomputed", "source")
GRADES = ("primary", "official", "news", "secondary")
UNGRADED = "ungraded"  # a listed source whose descriptor gives no grade yet: weakest of all
NOTEBOOK_ENV = "INNOVLIB_NOTEBOOK"

# Strength of a verdict for "the weakest part decides"; contradicted is handled before strength counts.
VERDICT_STRENGTH = {"reproduced": 3, "confirmed_by_source": 2, "not_checkable": 1}
GRADE_STRENGTH = {"primary": 3, "official": 2, "news": 1, "secondary": 0, UNGRADED: -1}
COMBINE_RULE = (
    "A claim is contradicted if any part is contradicted; otherwise it takes the weakest verdict of its parts "
    "(reproduced > confirmed_by_source > not_checkable); a part without a verdict leaves the claim unchecked."
)


# --- sources and grades -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    """A source a verdict rests on: URL, title, publisher, grade (see ``shared`` grade definitions in README)."""

    url: str
    title: str
    grade: str
    publisher: str = ""
    dataset: str = ""

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
    from pathlib import Path

    from innovlib import outputs
    from innovlib.checksums import file_sha256
    from innovlib.data import dataset_names, read_descriptor

    index: dict[str, Source] = {}
    for name in dataset_names(Path(data_root)):
        descriptor = read_descriptor(name, Path(data_root))
        # Grades come from every descriptor, so a run that looks one up has read them all: record each dataset
        # (its first resource stands for the descriptor) so that the runner's cache sees a changed grade.
        first = descriptor["resources"][0]
        csv_path = Path(data_root) / name / first["path"]
        if csv_path.is_file():
            outputs.record_dataset(name, first["name"], file_sha256(csv_path), csv_path)
        for entry in descriptor.get("sources", []):
            url = entry.get("path", "")
            grade = entry.get("grade") if entry.get("grade") in GRADES else UNGRADED
            if not url:
                continue
            index.setdefault(url, Source(url, entry.get("title", ""), grade, entry.get("publisher", ""), name))
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
    from innovlib.paths import data_dir

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
    for url in urls:
        source = url if isinstance(url, Source) else lookup_source(str(url))
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

    from innovlib.data import load

    def records(resource: str) -> list[dict]:
        table = load("claims", resource=resource, root=Path(data_root))
        return table.astype(object).where(table.notna(), None).to_dict("records")

    claims_by_id = {row["claim_id"]: row for row in records("claims")}
    parts_by_id = {row["part_id"]: row for row in records("claim_parts")}
    for row_number, part in enumerate(parts_by_id.values(), start=2):
        if part["claim_id"] not in claims_by_id:
            from innovlib.data import DataValidationError

            raise DataValidationError(Path(data_root) / "claims" / "claim_parts.csv",
                                      f"claim {part['claim_id']!r} is not in claims.csv", row_number, "claim_id")
    return claims_by_id, parts_by_id


def _catalogue() -> tuple[dict[str, dict], dict[str, dict]]:
    from innovlib.paths import data_dir

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
    from innovlib.data import read_descriptor

    found = {}
    for source in read_descriptor("claims").get("sources", []):
        title = source.get("title", "")
        key = title[title.rfind("[article id ") + 12:].rstrip("]") if "[article id " in title else title
        found[key] = source
    return found


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

def format_value(value: Any) -> str:
    """A value as a reader should see it: numbers without float noise, lists joined with ' / '.

    Example
    -------
    >>> format_value([75.0, 59, "Tokyo"])
    '75 / 59 / Tokyo'
    >>> format_value(None)
    '—'
    >>> format_value(True)
    'yes'
    """
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return " / ".join(format_value(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {format_value(v)}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return str(value)


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

    def as_dict(self) -> dict:
        return asdict(self)

    def _repr_html_(self) -> str:
        """The verdict as a small table whose id is :func:`part_anchor` of the part, so that the findings table
        and the report can link to the place in the notebook where the verdict was made."""
        colour = VERDICT_COLOURS[self.verdict]
        rows = [
            ("claim", f"<b>{html.escape(self.part_id)}</b> ({html.escape(self.article)}): "
                      f"{html.escape(self.statement or self.claim)}"),
            ("verdict", f"<b style='color:{colour}'>{html.escape(self.verdict.replace('_', ' '))}</b>"),
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
    from innovlib.data import is_http_url

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


def _make_verdict(row: dict, verdict: str, published: Any, computed: Any, explanation: str, *,
                  sources: list[tuple[str, tuple[Source, ...]]], basis: str | None, tolerance: float | None,
                  about: dict) -> Verdict:
    """A :class:`Verdict` with the evidence rules applied; the catalogue's text stands in for a missing value."""
    allowed, reason = _apply_rules_by_figure(verdict, sources, basis)
    if reason:  # why the verdict was lowered comes first: it is what a one-line summary must say
        explanation = f"{reason} {explanation.strip()}"
    return Verdict(
        part_id=row["part_id"], claim_id=row["claim_id"], verdict=allowed,
        published=_plain(published) if published is not None else row.get("published_value"),
        computed=_plain(computed), explanation=explanation.strip(), basis=basis, tolerance=tolerance,
        sources=_flat(sources), about=_plain(dict(about)), article=row.get("article") or "",
        claim=row.get("claim") or "", statement=row.get("statement") or "",
    )


def evaluate(part_id: str, computed: Any, *, basis: str = "recomputed", tolerance: float = 0.0,
             explanation: str, sources: Any = None, published: Any = None, about: dict | None = None) -> Verdict:
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

    Example
    -------
    >>> evaluate("GII-04b", computed=True, explanation="its combined score is the highest").verdict
    'reproduced'
    """
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
                         tolerance=tolerance, about=about or {})


def decide(part_id: str, verdict: str, *, explanation: str, computed: Any = None, sources: Any = None,
           published: Any = None, basis: str | None = None, about: dict | None = None) -> Verdict:
    """An explicit verdict (for what :func:`evaluate` cannot compare, e.g. a partial match), with the rules applied.

    Example
    -------
    >>> decide("GCI-07", "not_checkable", explanation="Missing: the export share").verdict
    'not_checkable'
    """
    if verdict not in VERDICTS:
        raise ValueError(f"verdict must be one of {VERDICTS}, not {verdict!r}")
    if not explanation or not explanation.strip():
        raise ValueError(f"{part_id}: an explanation is required")
    found = _source_groups(sources)
    if verdict == "confirmed_by_source" and not _flat(found):
        raise ValueError(f"{part_id}: confirmed_by_source needs the sources stating the figure (sources=[url, ...])")
    if verdict == "reproduced" and basis != "recomputed":
        raise ValueError(f"{part_id}: 'reproduced' needs basis='recomputed' (a value computed from component data)")
    return _make_verdict(lookup(part_id), verdict, published, computed, explanation, sources=found, basis=basis,
                         tolerance=None, about=about or {})


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

def combine_parts(part_verdicts: dict[str, str | None]) -> tuple[str, str]:
    """A claim's verdict from its parts' verdicts (``None`` = the part was not checked), and a summary.

    See :data:`COMBINE_RULE`.

    Example
    -------
    >>> combine_parts({"GII-06a": "confirmed_by_source", "GII-06b": "not_checkable"})
    ('not_checkable', 'not checkable: 1 of 2 parts confirmed by source, 1 not checkable')
    >>> combine_parts({"X-01a": "reproduced", "X-01b": "contradicted"})[0]
    'contradicted'
    >>> combine_parts({"X-01": "reproduced"})
    ('reproduced', 'reproduced')
    >>> combine_parts({"X-01a": "not_checkable", "X-01b": "not_checkable"})
    ('not_checkable', 'not checkable: all 2 parts')
    """
    values = list(part_verdicts.values())
    if any(v is None for v in values):
        verdict = "unchecked"
    elif "contradicted" in values:
        verdict = "contradicted"
    else:
        verdict = min(values, key=VERDICT_STRENGTH.__getitem__)
    if len(values) == 1:
        return verdict, verdict.replace("_", " ")
    if len(set(values)) == 1:
        return verdict, f"{verdict.replace('_', ' ')}: all {len(values)} parts"
    tally = []
    for name in (*VERDICTS, None):
        n = sum(1 for v in values if v == name)
        if n:
            tally.append((n, (name or "unchecked").replace("_", " ")))
    first_n, first_name = tally[0]
    rest = ", ".join(f"{n} {name}" for n, name in tally[1:])
    summary = f"{verdict.replace('_', ' ')}: {first_n} of {len(values)} parts {first_name}" + (f", {rest}" if rest else "")
    return verdict, summary


# --- recording in a notebook --------------------------------------------------------------------------------

def _publish(verdict: Verdict) -> Verdict:
    """Show the verdict in the notebook (when there is one) and hand it to the runner with the anchor of its
    display (:func:`part_anchor`): the runner finds the cell that shows it and records that cell with the verdict."""
    from innovlib import outputs

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
        from innovlib import outputs

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
                      computed: Any = None, sources: Any = None) -> None:
        """Record that public data cannot settle a claim part; ``missing`` names what data is missing."""
        self.record(part_id, "not_checkable", about=about, computed=computed, sources=sources,
                           explanation=missing_explanation(missing, explanation))

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
            cells = [v.part_id, v.verdict.replace("_", " "), format_value(v.published), format_value(v.computed),
                     v.explanation]
            shown = [html.escape(c, quote=False).replace("|", "\\|").replace("[", "\\[").replace("\n", " ")
                     for c in cells]
            shown[0] = f"[{shown[0]}](#{part_anchor(v.part_id)})"  # to the verdict's display above
            lines.append("| " + " | ".join(shown) + " |")
    else:
        lines.append("This run recorded no verdict.")
    if audit.not_tested:
        from innovlib.text import names

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
