"""Verdicts of the ``city_industrial_innovation`` notebook: Time Weekly's account (TW-2025-11) of the 2025 Global
City Industrial Innovation Index.

The report itself is not public: each function reads the figures that reports of its launch published (the
``city_industrial_innovation`` dataset) and records a part's verdict through :class:`innovlib.claims.Audit`.
Sorting published scores re-reads published figures, so every check has ``basis="source"``. Each claim goes
evidence (``<claim>_evidence``: values only) → decision (``decide_<claim>``) → words (``WORDING``) → audit
(:mod:`innovlib.findings`); the claims no public account can settle (GCI-06 to GCI-09) have words only.

``composite`` is the ``scores`` resource filtered to the composite dimension of the run's edition
(:func:`innovlib.analyses.city_industrial_innovation.composite_scores`), ``published_scores`` its scored rows
with ranks and margins (:func:`innovlib.rankings.margins_to_next`).

Example
-------
>>> from innovlib import claims
>>> audit = claims.Audit(edition=2023)   # the claims are about 2025: shown, not recorded
>>> gci_07(audit)
>>> audit.recorded
[]
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from innovlib import claims
from innovlib.analyses.city_industrial_innovation import TOP_N, top_group
from innovlib.findings import Decision, compare, record
from innovlib.text import names, ordinal

#: The claims are about the 2025 edition.
ABOUT = {"edition": 2025}
ARTICLE = "TW-2025-11"

WORDING = {
    "scores_spread": ("The {n_scores} published scores lie within {spread:.2f} points; scores are published to two "
                      "decimals with no uncertainty analysis, and the indicator data are not public, so the "
                      "ranking's robustness cannot be tested."),
    "no_scores": "No composite scores are published for the {edition} edition (only ranks).",
    "gci_01a": "Sorting the published scores puts Shenzhen {sz_rank}.",
    "gci_01a_finding": ("Of the {n_scored} city scores published from the 2025 launch, Shenzhen's is {sz_rank}, "
                        "{gap:.2f} points behind Tokyo's, as the article says{weak}"),
    "gci_01a_weak": "; these scores are known only from secondary pages (reposts of the launch).",
    "gci_01b": ("Tokyo {tokyo_score:.2f}, Shenzhen {sz_score:.2f}: a gap of {gap:.2f} points ('very small' taken as "
                "under 0.1)."),
    "gci_01ab_missing": "Shenzhen's and Tokyo's scores in the {edition} edition",
    "gci_01c_missing_rank": "Shenzhen's rank in the {edition} edition",
    "gci_01c_missing_above": "the cities ranked above Shenzhen ({sz_rank})",
    "gci_01c_known": "Known: {above}.",
    "gci_01c": ("Shenzhen is {sz_rank} of the 27 cities{above}, so it is {position} among the Chinese cities. (The "
                "article's ranks of Beijing and Shanghai appear in no other source and are not used.)"),
    "gci_01c_above": "; the city ranked above it is {above}",
    "city_rank": "{city} ({country}) {rank}",
    "score_figure": "{city}'s score",
    "rank_figure": "{city}'s rank",
    "article_rank": "{city}'s published rank in the {edition} edition: {rank}.",
    "article_rank_missing": "an independent publication of {city}'s rank in the {edition} edition",
    "article_rank_named": "The launch reports found name it among the top ten but give no rank",
    "article_rank_unnamed": "No source found gives its rank",
    "article_rank_only": "{said}; only the article itself states {stated}, and it cannot confirm itself.",
    "gci_04a_stated": ("The launch report says {count} of the top ten are Asian{named}. Cities named in the top ten by "
                       "any source: {n_named} of {top_n}."),
    "gci_04a_stated_names": " and names them: {asian}",
    "gci_04a": "Cities named in the top ten: {n_named} of {top_n}; the Asian ones are {asian}.{bound}",
    "gci_04a_bound": " {missing} names are not published, so this count is a lower bound.",
    "gci_04b_missing": "the full top ten of the previous edition (only {n_previous} names are published: {previous})",
    "gci_05": "The three highest published scores belong to {top_three} (in that order).",
    "dimensions_missing": ("the {edition} dimension scores or ranks (the launch reports give composite scores and a "
                           "few indicator leaders, no dimension results): nothing on {what}"),
    "gci_07_missing": "Shenzhen's ICT-product and total exports for the report's data year (no public source with 41.3%)",
    "report_inputs_missing": "the {what} as used by the report",
    "gci_10": "Chinese cities named in the top ten: {chinese}.{bound}",
    "gci_10_exact": (" {missing} of the ten names are not published, but the launch report names all {count} Asian "
                     "cities of the top ten, so the unnamed ones are not Chinese and the count is exact."),
    "gci_10_bound": " {missing} of the ten names are not published, so this count is a lower bound.",
    "gci_10_city_figure": "{city} in the top ten",
    "gci_10_asian_figure": "the Asian cities of the top ten",
}
# What each dimension claim needs (GCI-06, GCI-08a, GCI-09a: a dimension; GCI-08b, GCI-09b-d: the report's inputs).
DIMENSIONS = {"GCI-06a": "environment", "GCI-06b": "output", "GCI-06c": "product and service output",
              "GCI-08a": "input", "GCI-09a": "performance"}
REPORT_INPUTS = {"GCI-08b": "input indicators' values for the Chinese cities", "GCI-09b": "cities' unicorn counts",
                 "GCI-09c": "cities' high-tech export shares", "GCI-09d": "cities' manufacturing value added"}


def scores_summary(published_scores: pd.DataFrame, edition: int) -> str:
    """One sentence on how close the published composite scores are, or that none is published.

    Example
    -------
    >>> scores_summary(pd.DataFrame({"score": [46.84, 46.79, 46.11]}), 2025)[:46]
    'The 3 published scores lie within 0.73 points;'
    >>> scores_summary(pd.DataFrame({"score": []}), 2023)
    'No composite scores are published for the 2023 edition (only ranks).'
    """
    if published_scores.empty:
        return WORDING["no_scores"].format(edition=edition)
    spread = published_scores["score"].max() - published_scores["score"].min()
    return WORDING["scores_spread"].format(n_scores=len(published_scores), spread=spread)


def _article_urls() -> set[str]:
    """The URLs the claims dataset records for the audited articles: never evidence for their own claims."""
    return {source["path"] for source in claims.articles().values()}


def _urls(row) -> tuple[str, ...]:
    """Every URL a row records (:func:`innovlib.claims.row_sources`) except the audited article's own."""
    return tuple(url for url in claims.row_sources(row) if url not in _article_urls())


def _independent(composite: pd.DataFrame) -> pd.DataFrame:
    """The rows some source other than the audited article states."""
    return composite[[bool(_urls(row)) for _, row in composite.iterrows()]]


def _score_sources(composite: pd.DataFrame) -> tuple[str, ...]:
    scored = _independent(composite).dropna(subset=["score"])
    return tuple(dict.fromkeys(url for _, row in scored.iterrows() for url in _urls(row)))


# --- GCI-01 ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Gci01Evidence:
    """GCI-01: the published scores of Shenzhen and Tokyo, and the cities ranked above Shenzhen."""

    edition: int
    n_scored: int
    scores: dict[str, float]  # Shenzhen's and Tokyo's published scores (empty when either is missing)
    ranks_by_score: dict[str, int]  # their ranks among the published scores
    score_sources: tuple[str, ...]
    scores_secondary_only: bool
    pair_sources: dict[str, tuple[str, ...]]  # each of the two scores' sources
    sz_rank: int | None  # Shenzhen's rank in the index, from a source other than the article
    above: tuple[tuple[str, str, int], ...]  # (city, country, rank) of the known cities ranked above it
    rank_sources: dict[str, tuple[str, ...]]  # the sources of each rank down to Shenzhen's

    @property
    def gap(self) -> float | None:
        return self.scores["Tokyo"] - self.scores["Shenzhen"] if self.scores else None


def gci_01_evidence(composite: pd.DataFrame, published_scores: pd.DataFrame, edition: int) -> Gci01Evidence:
    """The values GCI-01 rests on."""
    ranked = published_scores.set_index("city")
    pair = {"Shenzhen", "Tokyo"} <= set(published_scores["city"])
    score_sources = _score_sources(composite)
    by_city = composite.set_index("city")
    known = _independent(composite).dropna(subset=["rank"])
    ranks = known.set_index("city")["rank"]
    sz_rank = int(ranks["Shenzhen"]) if "Shenzhen" in ranks.index else None
    above = known[known["rank"] < sz_rank].sort_values("rank") if sz_rank is not None else known.iloc[:0]
    return Gci01Evidence(
        edition=edition, n_scored=len(ranked),
        scores={city: float(ranked.loc[city, "score"]) for city in ("Tokyo", "Shenzhen")} if pair else {},
        ranks_by_score={city: int(ranked.loc[city, "rank"]) for city in ("Tokyo", "Shenzhen")} if pair else {},
        score_sources=score_sources,
        scores_secondary_only=all(claims.lookup_source(url).grade == "secondary" for url in score_sources),
        pair_sources={city: _urls(by_city.loc[city]) for city in ("Tokyo", "Shenzhen")} if pair else {},
        sz_rank=sz_rank,
        above=tuple((city, country, int(rank)) for city, country, rank
                    in zip(above["city"], above["country"], above["rank"])),
        rank_sources=({city: _urls(row) for city, row in known[known["rank"] <= sz_rank].set_index("city").iterrows()}
                      if sz_rank is not None else {}))


def decide_gci_01(evidence: Gci01Evidence) -> dict[str, Decision]:
    """GCI-01a: Shenzhen's rank by the published scores; GCI-01b: Tokyo 1st and a gap under 0.1 points; GCI-01c:
    Shenzhen's place among the Chinese cities, decided only when every city ranked above it is known.

    Example
    -------
    >>> e = Gci01Evidence(2025, 2, {"Tokyo": 47.0, "Shenzhen": 46.8}, {"Tokyo": 1, "Shenzhen": 2}, ("u",), False, {},
    ...                   3, (("Tokyo", "Japan", 1),), {})
    >>> {part: (d.verdict, d.computed) for part, d in decide_gci_01(e).items()}
    {'GCI-01a': ('confirmed_by_source', 2), 'GCI-01b': ('contradicted', False), 'GCI-01c': ('not_checkable', None)}
    """
    decided = {}
    if evidence.scores:
        gap = evidence.gap
        decided["GCI-01a"] = compare("GCI-01a", evidence.ranks_by_score["Shenzhen"])
        decided["GCI-01b"] = compare("GCI-01b", bool(evidence.ranks_by_score["Tokyo"] == 1 and 0 < gap < 0.1))
    else:
        decided["GCI-01a"] = decided["GCI-01b"] = Decision("not_checkable")
    if evidence.sz_rank is None or len(evidence.above) < evidence.sz_rank - 1:
        decided["GCI-01c"] = Decision("not_checkable")
    else:
        decided["GCI-01c"] = compare("GCI-01c", 1 + sum(country == "China" for _, country, _ in evidence.above))
    return decided


def gci_01(audit: claims.Audit, composite: pd.DataFrame, published_scores: pd.DataFrame, edition: int) -> None:
    """GCI-01: Shenzhen 2nd of 27 (a), a very small gap behind Tokyo (b: under 0.1 points), 1st in China (c).

    Example
    -------
    >>> url = "https://www.163.com/dy/article/KEBS813F051492T3.html"
    >>> composite = pd.DataFrame({"city": ["Tokyo", "Shenzhen", "Beijing"], "country": ["Japan", "China", "China"],
    ...                           "score": [46.84, 46.79, 40.0], "rank": [1, 2, 5], "source_url": [url] * 3})
    >>> from innovlib.rankings import margins_to_next
    >>> audit = claims.Audit(edition=2025)
    >>> gci_01(audit, composite, margins_to_next(composite, "score", "city"), 2025)
    >>> [(v.part_id, v.computed) for v in audit.recorded]
    [('GCI-01a', 2), ('GCI-01b', True), ('GCI-01c', 1)]
    """
    e = gci_01_evidence(composite, published_scores, edition)
    decided = decide_gci_01(e)
    if e.scores:
        fields = {"sz_rank": ordinal(e.ranks_by_score["Shenzhen"]), "gap": e.gap, "n_scored": e.n_scored,
                  "tokyo_score": e.scores["Tokyo"], "sz_score": e.scores["Shenzhen"]}
        weak = WORDING["gci_01a_weak"] if e.scores_secondary_only else "."
        record(audit, "GCI-01a", decided["GCI-01a"], about=ABOUT, sources=list(e.score_sources),
               explanation=WORDING["gci_01a"].format(**fields),
               finding=WORDING["gci_01a_finding"].format(weak=weak, **fields))
        record(audit, "GCI-01b", decided["GCI-01b"], about=ABOUT, explanation=WORDING["gci_01b"].format(**fields),
               sources={WORDING["score_figure"].format(city=city): list(urls) for city, urls in e.pair_sources.items()})
    else:
        for part in ("GCI-01a", "GCI-01b"):
            record(audit, part, decided[part], about=ABOUT,
                   missing=WORDING["gci_01ab_missing"].format(edition=edition))
    if e.sz_rank is None:
        record(audit, "GCI-01c", decided["GCI-01c"], about=ABOUT,
               missing=WORDING["gci_01c_missing_rank"].format(edition=edition))
        return
    above = names(WORDING["city_rank"].format(city=city, country=country, rank=ordinal(rank))
                  for city, country, rank in e.above)
    if decided["GCI-01c"].verdict == "not_checkable":
        record(audit, "GCI-01c", decided["GCI-01c"], about=ABOUT,
               missing=WORDING["gci_01c_missing_above"].format(sz_rank=ordinal(e.sz_rank)),
               explanation=WORDING["gci_01c_known"].format(above=above or "none"))
        return
    record(audit, "GCI-01c", decided["GCI-01c"], about=ABOUT,
           sources={WORDING["rank_figure"].format(city=city): list(urls) for city, urls in e.rank_sources.items()},
           explanation=WORDING["gci_01c"].format(
               sz_rank=ordinal(e.sz_rank), position=ordinal(decided["GCI-01c"].computed),
               above=WORDING["gci_01c_above"].format(above=above) if e.above else ""))


# --- GCI-02, GCI-03: ranks only the article states ----------------------------------------------------------------

@dataclass(frozen=True)
class CityRankEvidence:
    """A city's rank as sources other than the audited article state it, and the article's own figure."""

    city: str
    edition: int
    rank: int | None
    sources: tuple[str, ...]
    named_in_top_10: bool
    stated_by_article: int


def city_rank_evidence(part_id: str, city: str, composite: pd.DataFrame, edition: int) -> CityRankEvidence:
    """The values a claim on one city's rank rests on (GCI-02: Beijing, GCI-03: Shanghai)."""
    by_city = _independent(composite).set_index("city")
    row = by_city.loc[city] if city in by_city.index else None
    return CityRankEvidence(
        city=city, edition=edition,
        rank=int(row["rank"]) if row is not None and pd.notna(row["rank"]) else None,
        sources=_urls(row) if row is not None else (),
        named_in_top_10=row is not None and bool(row.get("in_top_10")),
        stated_by_article=int(claims.lookup(part_id)["published_value"]))


def decide_city_rank(part_id: str, evidence: CityRankEvidence) -> dict[str, Decision]:
    """A rank no independent source states stays open: the article cannot confirm itself.

    Example
    -------
    >>> decide_city_rank("GCI-02", CityRankEvidence("Beijing", 2025, None, (), True, 5))["GCI-02"].verdict
    'not_checkable'
    """
    return {part_id: Decision("not_checkable") if evidence.rank is None else compare(part_id, evidence.rank)}


def _city_rank(audit: claims.Audit, part: str, city: str, composite: pd.DataFrame, edition: int) -> None:
    e = city_rank_evidence(part, city, composite, edition)
    decision = decide_city_rank(part, e)[part]
    if e.rank is not None:
        record(audit, part, decision, about=ABOUT, sources=list(e.sources),
               explanation=WORDING["article_rank"].format(city=city, edition=edition, rank=ordinal(e.rank)))
        return
    said = WORDING["article_rank_named" if e.named_in_top_10 else "article_rank_unnamed"]
    record(audit, part, decision, about=ABOUT,
           missing=WORDING["article_rank_missing"].format(city=city, edition=edition),
           explanation=WORDING["article_rank_only"].format(said=said, stated=ordinal(e.stated_by_article)))


def gci_02(audit: claims.Audit, composite: pd.DataFrame, edition: int) -> None:
    """GCI-02: Beijing 5th (only the article itself states it)."""
    _city_rank(audit, "GCI-02", "Beijing", composite, edition)


def gci_03(audit: claims.Audit, composite: pd.DataFrame, edition: int) -> None:
    """GCI-03: Shanghai 9th (only the article itself states it)."""
    _city_rank(audit, "GCI-03", "Shanghai", composite, edition)


# --- GCI-04, GCI-10: counts in the top ten ------------------------------------------------------------------------

@dataclass(frozen=True)
class TopTenEvidence:
    """The top ten as the sources name it, and a source's statement of how many of them are Asian."""

    named: tuple[str, ...]  # cities named in the top ten by a source other than the article
    asian: tuple[str, ...]
    chinese: tuple[str, ...]
    city_sources: dict[str, tuple[str, ...]]  # each named city's sources
    stated_asian: int | None  # how many top-ten cities a source says are Asian
    stated_names_them: bool  # whether that source names them all
    stated_sources: tuple[str, ...]
    previous_named: tuple[str, ...]  # the previous edition's top-ten cities named

    @property
    def missing(self) -> int:
        return TOP_N - len(self.named)

    @property
    def all_asian_named(self) -> bool:
        """A source names all the Asian cities of the top ten: the unnamed ones are not Asian, so not Chinese."""
        return self.stated_asian is not None and self.stated_names_them and self.stated_asian == len(self.asian)


def _stated_count(counts: pd.DataFrame | None, edition: int, group_by: str, group: str) -> pd.Series | None:
    if counts is None:
        return None
    rows = counts[(counts["edition"] == edition) & (counts["group_by"] == group_by) & (counts["group"] == group)
                  & (counts["top_n"] == TOP_N)]
    return rows.iloc[0] if len(rows) else None


def top_ten_evidence(composite: pd.DataFrame, counts: pd.DataFrame | None = None,
                     scores: pd.DataFrame | None = None) -> TopTenEvidence:
    """The values GCI-04 and GCI-10 rest on (``counts``: the ``group_counts`` resource; ``scores``: every edition's
    rows, for the previous editions' top ten).
    """
    top = _independent(top_group(composite))
    stated = _stated_count(counts, ABOUT["edition"], "continent", "Asia")
    previous = (top_group(scores[(scores["dimension"] == "composite") & (scores["edition"] < ABOUT["edition"])])
                if scores is not None else None)
    return TopTenEvidence(
        named=tuple(top["city"]), asian=tuple(top.loc[top["continent"] == "Asia", "city"]),
        chinese=tuple(top.loc[top["country"] == "China", "city"]),
        city_sources={city: _urls(row) for city, row in top.set_index("city").iterrows()},
        stated_asian=None if stated is None else int(stated["count"]),
        stated_names_them=stated is not None and bool(stated["named"]),
        stated_sources=() if stated is None else tuple(claims.row_sources(stated)),
        previous_named=() if previous is None else tuple(previous["city"]))


def decide_gci_04(evidence: TopTenEvidence) -> dict[str, Decision]:
    """GCI-04a: the stated count of Asian cities, else the count of those named; GCI-04b stays open (the previous
    top ten is not published in full).

    Example
    -------
    >>> e = TopTenEvidence(("Tokyo", "Shenzhen"), ("Tokyo", "Shenzhen"), ("Shenzhen",), {}, 6, True, ("u",), ())
    >>> {part: (d.verdict, d.computed) for part, d in decide_gci_04(e).items()}
    {'GCI-04a': ('confirmed_by_source', 6), 'GCI-04b': ('not_checkable', None)}
    """
    count = evidence.stated_asian if evidence.stated_asian is not None else len(evidence.asian)
    return {"GCI-04a": compare("GCI-04a", count), "GCI-04b": Decision("not_checkable")}


def gci_04(audit: claims.Audit, scores: pd.DataFrame, composite: pd.DataFrame,
           counts: pd.DataFrame | None = None) -> None:
    """GCI-04: six of the top ten are Asian (a), more than in the previous edition (b).

    ``counts`` is the ``group_counts`` resource: a source's statement of how many top-ten cities are Asian. Without
    one, the count of Asian cities rests on the names published and says how many names are missing.
    """
    e = top_ten_evidence(composite, counts, scores)
    decided = decide_gci_04(e)
    fields = {"n_named": len(e.named), "top_n": TOP_N, "asian": names(e.asian), "missing": e.missing}
    if e.stated_asian is not None:
        named = WORDING["gci_04a_stated_names"].format(**fields) if e.stated_names_them else ""
        record(audit, "GCI-04a", decided["GCI-04a"], about=ABOUT, sources=list(e.stated_sources),
               explanation=WORDING["gci_04a_stated"].format(count=e.stated_asian, named=named, **fields))
    else:
        bound = WORDING["gci_04a_bound"].format(**fields) if e.missing else ""
        record(audit, "GCI-04a", decided["GCI-04a"], about=ABOUT,
               explanation=WORDING["gci_04a"].format(bound=bound, **fields),
               sources=list(dict.fromkeys(url for city in e.asian for url in e.city_sources[city])))
    record(audit, "GCI-04b", decided["GCI-04b"], about=ABOUT,
           missing=WORDING["gci_04b_missing"].format(n_previous=len(e.previous_named), previous=names(e.previous_named)))


def decide_gci_10(evidence: TopTenEvidence) -> dict[str, Decision]:
    """GCI-10: the Chinese cities named in the top ten (exact when every Asian one is named, else a lower bound).

    Example
    -------
    >>> e = TopTenEvidence(("Tokyo", "Shenzhen"), ("Tokyo", "Shenzhen"), ("Shenzhen",), {}, None, False, (), ())
    >>> decide_gci_10(e)["GCI-10"].computed
    1
    """
    return {"GCI-10": compare("GCI-10", len(evidence.chinese))}


def gci_10(audit: claims.Audit, composite: pd.DataFrame, counts: pd.DataFrame | None = None) -> None:
    """GCI-10: three of the top ten are Chinese cities.

    The count is exact when every Chinese city of the top ten must be among the names published: when a source
    states how many top-ten cities are Asian and names them all (``counts``), the unnamed ones are not Asian, so
    not Chinese. Otherwise, with names missing, it is a lower bound.
    """
    e = top_ten_evidence(composite, counts)
    if not e.missing:
        bound = ""
    else:
        bound = WORDING["gci_10_exact" if e.all_asian_named else "gci_10_bound"].format(missing=e.missing,
                                                                                         count=e.stated_asian)
    figures = {WORDING["gci_10_city_figure"].format(city=city): list(e.city_sources[city]) for city in e.chinese}
    if e.all_asian_named and e.missing:
        figures[WORDING["gci_10_asian_figure"]] = list(e.stated_sources)
    record(audit, "GCI-10", decide_gci_10(e)["GCI-10"], about=ABOUT, sources=figures,
           explanation=WORDING["gci_10"].format(chinese=names(e.chinese), bound=bound))


# --- GCI-05 ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Gci05Evidence:
    """GCI-05: the three cities with the highest published scores, best first."""

    top_three: tuple[str, ...]
    sources: tuple[str, ...]


def gci_05_evidence(composite: pd.DataFrame, published_scores: pd.DataFrame) -> Gci05Evidence:
    """The values GCI-05 rests on."""
    return Gci05Evidence(tuple(published_scores.head(3)["city"]), _score_sources(composite))


def decide_gci_05(evidence: Gci05Evidence) -> dict[str, Decision]:
    """The top three compared with Shenzhen, Tokyo and New York as a set.

    Example
    -------
    >>> decide_gci_05(Gci05Evidence(("New York", "Tokyo", "Shenzhen"), ("u",)))["GCI-05"].verdict
    'confirmed_by_source'
    """
    claimed = sorted(["Shenzhen", "Tokyo", "New York"])
    return {"GCI-05": compare("GCI-05", sorted(evidence.top_three), published=claimed)}


def gci_05(audit: claims.Audit, composite: pd.DataFrame, published_scores: pd.DataFrame) -> None:
    """GCI-05: the top three are Shenzhen, Tokyo and New York (in any order)."""
    e = gci_05_evidence(composite, published_scores)
    record(audit, "GCI-05", decide_gci_05(e)["GCI-05"], about=ABOUT, sources=list(e.sources),
           explanation=WORDING["gci_05"].format(top_three=names(e.top_three)))


# --- GCI-06 to GCI-09: no public account gives dimension results -------------------------------------------------

def _open(audit: claims.Audit, part: str, edition: int) -> None:
    missing = (WORDING["dimensions_missing"].format(edition=edition, what=DIMENSIONS[part]) if part in DIMENSIONS
               else WORDING["report_inputs_missing"].format(what=REPORT_INPUTS[part]))
    record(audit, part, Decision("not_checkable"), about=ABOUT, missing=missing)


def gci_06(audit: claims.Audit, edition: int) -> None:
    """GCI-06: Shenzhen best of the Chinese top-ten cities on environment (a) and output (b), 1st on product and
    service output (c): no public account gives dimension results."""
    for part in ("GCI-06a", "GCI-06b", "GCI-06c"):
        _open(audit, part, edition)


def gci_07(audit: claims.Audit) -> None:
    """GCI-07: ICT products are 41.3% of Shenzhen's exports (no public source with the figure)."""
    record(audit, "GCI-07", Decision("not_checkable"), about=ABOUT, missing=WORDING["gci_07_missing"])


def gci_08(audit: claims.Audit, edition: int) -> None:
    """GCI-08: Beijing leads the Chinese cities on input (a), thanks to researchers and R&D funding (b)."""
    for part in ("GCI-08a", "GCI-08b"):
        _open(audit, part, edition)


def gci_09(audit: claims.Audit, edition: int) -> None:
    """GCI-09: Beijing and Shanghai ahead of Shenzhen on performance (a) with more unicorns (b); Shenzhen ahead on
    high-tech exports (c) and manufacturing value added (d)."""
    for part in ("GCI-09a", "GCI-09b", "GCI-09c", "GCI-09d"):
        _open(audit, part, edition)
