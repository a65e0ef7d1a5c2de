"""Sources, grades and the evidence rules every verdict obeys, and the reason a verdict carries.

A verdict carries its sources as :class:`Source` (URL, title, grade), looked up from the descriptors under
``data/`` so that grades live with the data. :func:`apply_evidence_rules` enforces the rules for every verdict,
whichever function made it: a confirmation resting only on ``secondary`` pages, or a contradiction resting on one
news report or on secondary pages, becomes ``not_checkable`` and says why. :func:`decide_reason` picks the reason
(:data:`REASONS`) from the evidence; a reason is never typed by hand.

Example
-------
>>> lookup_source("https://www.wipo.int/web/global-innovation-index/2025/innovation-clusters").grade
'primary'
>>> apply_evidence_rules("confirmed_by_source", (Source("https://blog.example/x", "a blog", "secondary"),), "source")[0]
'not_checkable'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from innovlib import outputs
from innovlib.checksums import file_sha256
from innovlib.claims.catalogue import audited_article_urls
from innovlib.claims.values import as_list, values_match
from innovlib.data import GRADES, graded_sources, read_descriptor
from innovlib.paths import data_dir

UNGRADED = "ungraded"  # a listed source whose descriptor gives no grade yet: weakest of all
GRADE_STRENGTH = {"primary": 3, "official": 2, "news": 1, "secondary": 0, UNGRADED: -1}

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
MULTI_FIGURE_COMPARISONS = ("greater than national",)  # a statement that compares two published figures
PERIOD_UNIT = ("date", "month", "period", "as of")  # words of a catalogue unit that make a part about a date


@dataclass(frozen=True)
class Source:
    """A source a verdict rests on: URL, title, publisher, grade (see ``shared`` grade definitions in README).

    Example
    -------
    >>> Source("https://www.reuters.com/x", "t", "news").grade
    'news'
    """

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
    """The graded sources of URLs (or sources), each once; an audited article is refused as evidence."""
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


def source_groups(sources: Any) -> list[tuple[str, tuple[Source, ...]]]:
    """Sources grouped by the figure they state: a dict ``{figure: urls}``, or one group for a plain list.

    Example
    -------
    >>> wipo = "https://www.wipo.int/web/global-innovation-index/2025/innovation-clusters"
    >>> [(figure, [s.grade for s in group]) for figure, group in source_groups({"the rank": [wipo]})]
    [('the rank', ['primary'])]
    >>> source_groups(None)
    [('', ())]
    """
    if isinstance(sources, dict):
        return [(str(figure), _sources(urls)) for figure, urls in sources.items()]
    return [("", _sources(sources))]


def flat_sources(groups: list[tuple[str, tuple[Source, ...]]]) -> tuple[Source, ...]:
    """Every source of the groups, each once, in order.

    Example
    -------
    >>> a, b = Source("https://a.example/1", "a", "news"), Source("https://b.example/2", "b", "primary")
    >>> [s.url for s in flat_sources([("x", (a, b)), ("y", (a,))])]
    ['https://a.example/1', 'https://b.example/2']
    """
    flat: dict[str, Source] = {}
    for _, group in groups:
        flat.update((source.url, source) for source in group)
    return tuple(flat.values())


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


def apply_rules_by_figure(verdict: str, groups: list[tuple[str, tuple[Source, ...]]],
                          basis: str | None) -> tuple[str, str]:
    """The evidence rules applied to each figure's sources; the weakest figure decides.

    Example
    -------
    >>> blog, office = Source("https://blog.example/x", "a blog", "secondary"), Source("https://o.gov/x", "o", "primary")
    >>> apply_rules_by_figure("confirmed_by_source", [("the city", (blog,)), ("the nation", (office,))], "source")[1][:34]
    'For the city: Only secondary or un'
    """
    for figure, group in groups:
        allowed, reason = apply_evidence_rules(verdict, group, basis)
        if allowed != verdict:
            return allowed, (f"For {figure}: {reason}" if figure else reason)
    return verdict, ""


def check_figures(part_id: str, published: Any, comparison: str, sources: Any) -> None:
    """Refuse a flat list of sources for a statement resting on several figures (several numbers, or a comparison
    of two published figures): its sources go per figure (``{figure: urls}``) so that the evidence rules apply to
    each, and one strong source cannot vouch for a figure it does not state. A set of names is one figure.

    Example
    -------
    >>> check_figures("X-01", [75.0, 59.0], "equals", ["https://a.example/1", "https://b.example/2"])
    Traceback (most recent call last):
    ...
    ValueError: X-01: the statement rests on several figures; give the sources per figure (sources={figure: [urls], ...}) so that each figure's evidence is checked
    >>> check_figures("X-01", ["Tokyo", "Seoul"], "equals", ["https://a.example/1", "https://b.example/2"])
    """
    numbers = isinstance(published, list) and len(published) > 1 and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in published)  # a set of names is one figure
    several = numbers or comparison in MULTI_FIGURE_COMPARISONS
    flat = sources is not None and not isinstance(sources, dict) and len(as_list(sources)) > 1
    if several and flat:
        raise ValueError(f"{part_id}: the statement rests on several figures; give the sources per figure "
                         "(sources={figure: [urls], ...}) so that each figure's evidence is checked")


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
