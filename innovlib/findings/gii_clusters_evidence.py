"""The evidence and the decisions of the gii_clusters notebook's claims (GII-01 to GII-08), for
:mod:`innovlib.findings.gii_clusters`, which words and records them (the two would pass 500 lines as one module).

For each claim, ``<claim>_evidence(...)`` reads the published figures into a frozen record of values (ranks,
shares, names, URLs; no sentence) and ``decide_<claim>(evidence)`` gives each part's :class:`~innovlib.findings.Decision`.

Example
-------
>>> from innovlib.data import load
>>> decide_gii_06(gii_06_evidence(load("gii_clusters", resource="intensity")))["GII-06a"].computed
45
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from innovlib import claims
from innovlib import clusters as cl
from innovlib.data import provenance_of
from innovlib.analyses.gii_clusters import METHOD_2025, SHENZHEN, TOKYO, Gap2025
from innovlib.findings import Decision, compare

SZ, TY = SHENZHEN, TOKYO
SJ = "San Jose–San Francisco"
STRONG_GRADES = ("primary", "official", "news")
HALF_STEP = 0.05  # shares are published to 0.1: a gap above two half steps cannot be a rounding artefact
INTERVAL = "{lower:.2f} < x < {upper:.2f}"  # how an interval of Tokyo–Yokohama's publication share x is recorded
# The claims as stated; GII-08a's article names the company CATL, read here as its cluster, Ningde.
CLAIMED_TOP5 = ["San Jose–San Francisco", "Cambridge", "Boston–Cambridge", "Ningde", "Oxford"]
CLAIMED_LEADERS = {"GII-08a": ("pct", ["Ningde", "San Jose–San Francisco", "Eindhoven"]),
                   "GII-08b": ("pub", ["Cambridge", "Oxford", "Ann Arbor"]),
                   "GII-08c": ("vc", ["San Jose–San Francisco", "Cambridge", "Austin"])}


def _urls(row) -> tuple[str, ...]:
    return tuple(claims.row_sources(row))


def _all_urls(rows: pd.DataFrame) -> tuple[str, ...]:
    return tuple(url for _, row in rows.iterrows() for url in claims.row_sources(row))


def reporters(urls) -> tuple[str, ...]:
    """The publishers, graded news or better, of the sources at ``urls``, each once.

    Example
    -------
    >>> reporters(["http://en.people.cn/n3/2025/1023/c90000-20380607.html", "https://yxiu.cn/finance/ch/392927.html"])
    ("People's Daily Online",)
    """
    found = [claims.lookup_source(url) for url in urls]
    return tuple(dict.fromkeys(s.publisher for s in found if s.grade in STRONG_GRADES))


def _statement(statements: pd.DataFrame | None, subject: str, statement: str) -> pd.Series | None:
    """The ``statements`` row of the 2025 edition saying ``statement`` about ``subject`` (``None`` when none does)."""
    if statements is None:
        return None
    rows = statements[(statements["edition"] == 2025) & (statements["subject"] == subject)
                      & (statements["statement"] == statement)]
    return rows.iloc[0] if len(rows) else None


def interval_text(interval: cl.Interval) -> str:
    """An interval of x as it is recorded.

    Example
    -------
    >>> interval_text(cl.Interval(1.1, 1.8))
    '1.10 < x < 1.80'
    """
    return INTERVAL.format(lower=interval.lower, upper=interval.upper)


# --- GII-01 ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Gii01Evidence:
    """GII-01: the 2025 ranks of the two clusters, and Shenzhen–Hong Kong–Guangzhou's ranks before 2025."""

    sz_rank: int
    ty_rank: int
    rank_sources: dict[str, tuple[str, ...]]  # cluster -> the sources of its 2025 rank
    strongest: tuple[str, str]  # (publisher, grade) of the strongest source of Shenzhen's rank
    with_vc_upper: float  # Shenzhen is ahead with VC deals while x is below this
    history: dict[int, int]  # edition -> published rank, before 2025
    history_sources: dict[int, tuple[str, ...]]
    first_time_sources: tuple[str, ...] | None  # a statement in words that 2025 is its first 1st place
    first_time_reporters: tuple[str, ...]  # the publishers, graded news or better, of that statement
    years_claimed: tuple[int, ...]  # the editions GII-01c says it was 2nd in
    rank_claimed: int
    from_words: tuple[int, ...]  # editions whose rank rests on reports in words (no ranking table found)

    @property
    def never_first(self) -> bool:
        return all(rank != 1 for rank in self.history.values())

    @property
    def years_missing(self) -> tuple[int, ...]:
        return tuple(e for e in self.years_claimed if e not in self.history)


def gii_01_evidence(size: pd.DataFrame, ranks_published: pd.DataFrame, gap: Gap2025,
                    statements: pd.DataFrame | None = None) -> Gii01Evidence:
    """The values GII-01 rests on."""
    sz_row, ty_row = cl.published_rank_row(size, 2025, SZ), cl.published_rank_row(size, 2025, TY)
    best = max((claims.lookup_source(url) for url in _urls(sz_row)), key=lambda s: claims.GRADE_STRENGTH[s.grade])
    history = ranks_published[(ranks_published["cluster"] == SZ) & (ranks_published["edition"] < 2025)]
    history = history.set_index("edition")
    first_time = _statement(statements, SZ, "first_time_ranked_1st")
    rank_claimed, years = claims.parse_published(claims.lookup("GII-01c")["published_value"])
    notes = history["note"].where(history["note"].notna(), "").astype(str)
    return Gii01Evidence(
        sz_rank=int(sz_row["rank"]), ty_rank=int(ty_row["rank"]),
        rank_sources={SZ: _urls(sz_row), TY: _urls(ty_row)}, strongest=(best.publisher, best.grade),
        with_vc_upper=gap.with_vc.upper, history={int(e): int(r) for e, r in history["rank"].items()},
        history_sources={int(e): _urls(row) for e, row in history.iterrows()},
        first_time_sources=None if first_time is None else _urls(first_time),
        first_time_reporters=() if first_time is None else reporters(_urls(first_time)),
        years_claimed=tuple(range(2025 - int(years), 2025)), rank_claimed=int(rank_claimed),
        from_words=tuple(int(e) for e in history.index if notes[e].startswith("no GII")))


def decide_gii_01(e: Gii01Evidence) -> dict[str, Decision]:
    """GII-01a: the published 2025 rank; GII-01b: 'the first time', from a statement in words and ranks never 1st
    before; GII-01c: 2nd in each of the five editions before, when all five ranks are published.

    Example
    -------
    >>> e = Gii01Evidence(1, 2, {}, ("WIPO", "primary"), 1.8, {2023: 2, 2024: 2}, {}, None, (), (2023, 2024), 2, ())
    >>> {part: (d.verdict, d.computed) for part, d in decide_gii_01(e).items()}
    {'GII-01a': ('confirmed_by_source', 1), 'GII-01b': ('not_checkable', [2, 2]), 'GII-01c': ('confirmed_by_source', True)}
    """
    decided = {"GII-01a": compare("GII-01a", e.sz_rank)}
    if e.first_time_sources is not None and e.never_first:
        decided["GII-01b"] = compare("GII-01b", True)
    else:
        decided["GII-01b"] = Decision("not_checkable", computed=list(e.history.values()))
    if e.years_missing:
        decided["GII-01c"] = Decision("not_checkable",
                                      computed=[e.history[y] for y in e.years_claimed if y in e.history])
    else:
        decided["GII-01c"] = compare("GII-01c", all(e.history[y] == e.rank_claimed for y in e.years_claimed))
    return decided


# --- GII-02, GII-03: ranks and rises -----------------------------------------------------------------------------

@dataclass(frozen=True)
class RankMove:
    """A cluster's published 2025 rank and its 2024 rank, as the 2025 source gives it beside the new rank when it
    does (else as GII 2024's own list gives it, ``from_2025_source`` False)."""

    cluster: str
    rank: int
    sources: tuple[str, ...]
    previous: int | None
    previous_sources: tuple[str, ...]
    from_2025_source: bool

    @property
    def rise(self) -> int | None:
        """Places gained since 2024 (:func:`innovlib.clusters.rank_change`)."""
        if self.previous is None:
            return None
        return int(cl.rank_change(pd.Series({self.cluster: self.previous}), pd.Series({self.cluster: self.rank})).iloc[0])


def rank_move(size: pd.DataFrame, cluster: str, own_list_fallback: bool = True) -> RankMove:
    """A cluster's :class:`RankMove` (without ``own_list_fallback``, no 2024 rank unless the 2025 source gives one)."""
    row = cl.published_rank_row(size, 2025, cluster)
    previous, previous_row = cl.published_previous_rank(size, 2025, cluster)
    from_2025 = previous is not None
    if not from_2025 and own_list_fallback:
        previous_row = cl.published_rank_row(size, 2024, cluster)
        previous = int(previous_row["rank"])
    return RankMove(cluster, int(row["rank"]), _urls(row), previous,
                    () if previous_row is None else _urls(previous_row), from_2025)


@dataclass(frozen=True)
class Gii02Evidence:
    """GII-02: San Jose–San Francisco's move, and its rank in GII 2024's own list (a secondary page)."""

    move: RankMove
    own_2024: int | None


def gii_02_evidence(size: pd.DataFrame) -> Gii02Evidence:
    """The values GII-02 rests on."""
    own_2024 = size.query("edition == 2024 and cluster == @SJ")
    return Gii02Evidence(rank_move(size, SJ, own_list_fallback=False),
                         int(own_2024["rank"].iloc[0]) if len(own_2024) else None)


def decide_gii_02(e: Gii02Evidence) -> dict[str, Decision]:
    """GII-02a: the 2025 rank; GII-02b: the rise, only from the 2025 source's previous rank.

    Example
    -------
    >>> move = RankMove(SJ, 3, ("u",), None, (), False)
    >>> {part: (d.verdict, d.computed) for part, d in decide_gii_02(Gii02Evidence(move, 6)).items()}
    {'GII-02a': ('confirmed_by_source', 3), 'GII-02b': ('not_checkable', 3)}
    """
    return {"GII-02a": compare("GII-02a", e.move.rank),
            "GII-02b": (Decision("not_checkable", computed=e.move.rank) if e.move.previous is None
                        else compare("GII-02b", e.move.rise))}


@dataclass(frozen=True)
class Gii03Evidence:
    """GII-03: London's 2025 rank on VC deals, London's and Bengaluru's moves, and a source attributing
    Bengaluru's rise to VC deals."""

    london_vc_rank: int
    london_vc_sources: tuple[str, ...]
    moves: dict[str, RankMove]  # London, Bengaluru
    attribution_sources: tuple[str, ...] | None
    attribution_reporters: tuple[str, ...]


def gii_03_evidence(size: pd.DataFrame, metric_values: pd.DataFrame,
                    statements: pd.DataFrame | None = None) -> Gii03Evidence:
    """The values GII-03 rests on."""
    london_vc = metric_values.query("edition == 2025 and cluster == 'London' and metric == 'vc'").iloc[0]
    attribution = _statement(statements, "Bengaluru", "rise_due_to_vc_deals")
    return Gii03Evidence(int(london_vc["metric_rank"]), _urls(london_vc),
                         {cluster: rank_move(size, cluster) for cluster in ("London", "Bengaluru")},
                         None if attribution is None else _urls(attribution),
                         () if attribution is None else reporters(_urls(attribution)))


def decide_gii_03(e: Gii03Evidence) -> dict[str, Decision]:
    """GII-03a-e: the published ranks; GII-03f: the attribution to VC deals, stated by a source or open.

    Example
    -------
    >>> moves = {c: RankMove(c, r, ("u",), p, ("u",), True) for c, r, p in [("London", 8, 21), ("Bengaluru", 21, 56)]}
    >>> decide_gii_03(Gii03Evidence(5, ("u",), moves, None, ()))["GII-03f"]
    Decision(verdict='not_checkable', computed=35, published=None, stated=False, basis='source', tolerance=0.0)
    """
    london, bengaluru = e.moves["London"], e.moves["Bengaluru"]
    return {"GII-03a": compare("GII-03a", e.london_vc_rank),
            "GII-03b": compare("GII-03b", london.rank), "GII-03c": compare("GII-03c", london.previous),
            "GII-03d": compare("GII-03d", bengaluru.rank), "GII-03e": compare("GII-03e", bengaluru.previous),
            "GII-03f": (Decision("not_checkable", computed=bengaluru.rise) if e.attribution_sources is None
                        else Decision("confirmed_by_source", computed=bengaluru.rise, stated=True))}


# --- GII-04, GII-05: the metrics and the VC deals -----------------------------------------------------------------

@dataclass(frozen=True)
class Gii04Evidence:
    """GII-04: each 2025 metric's published leader, Shenzhen–Hong Kong–Guangzhou's own ranks, its overall rank."""

    leaders: dict[str, str | None]  # metric -> 1st cluster (None: not published)
    leader_sources: dict[str, tuple[str, ...]]
    sz_metric_ranks: dict[str, int]
    sz_rank: int
    sz_sources: tuple[str, ...]
    with_vc_upper: float  # x below which it is 1st, and the same allowing for rounding
    possible_upper: float


def gii_04_evidence(size: pd.DataFrame, metric_values: pd.DataFrame, gap: Gap2025) -> Gii04Evidence:
    """The values GII-04 rests on."""
    sz_rows = metric_values.query("edition == 2025 and cluster == @SZ").set_index("metric")
    leader_rows = metric_values[(metric_values["edition"] == 2025) & (metric_values["metric_rank"] == 1)]
    sz_row = cl.published_rank_row(size, 2025, SZ)
    return Gii04Evidence(
        leaders=cl.metric_leaders(metric_values, 2025, METHOD_2025),
        leader_sources={row.metric: _urls(row) for _, row in leader_rows.iterrows()},
        sz_metric_ranks={m: int(r) for m, r in sz_rows["metric_rank"].dropna().items()},
        sz_rank=int(sz_row["rank"]), sz_sources=_urls(sz_row), with_vc_upper=gap.with_vc.upper,
        possible_upper=float(gap.feasibility.loc[(f"with VC: {SZ} ahead of {TY}", "possible"), "x upper"]))


def decide_gii_04(e: Gii04Evidence) -> dict[str, Decision]:
    """GII-04a: it leads on no metric, decided when every metric's leader is published; GII-04b: its 2025 rank.

    Example
    -------
    >>> e = Gii04Evidence({"pct": TY, "pub": None}, {}, {}, 1, ("u",), 1.8, 2.05)
    >>> decide_gii_04(e)["GII-04a"]  # doctest: +NORMALIZE_WHITESPACE
    Decision(verdict='not_checkable', computed={'pct': 'Tokyo–Yokohama', 'pub': None}, published=None, stated=False,
             basis='source', tolerance=0.0)
    """
    if any(cluster is None for cluster in e.leaders.values()):
        leads_none = Decision("not_checkable", computed=dict(e.leaders))
    else:
        leads_none = compare("GII-04a", SZ not in e.leaders.values())
    return {"GII-04a": leads_none, "GII-04b": compare("GII-04b", e.sz_rank)}


@dataclass(frozen=True)
class Gii05Evidence:
    """GII-05: when VC deals entered, how many clusters moved up, the two clusters' 2025 shares and the interval of
    Tokyo–Yokohama's unpublished publication share x, and the sources attributing the changes to VC deals."""

    metrics_2023: tuple[str, ...]
    vc_first_edition: int
    method_sources: dict[str, str]  # "2023 appendix" / "blog" -> URL
    blog_title: str
    n_moved: int  # clusters with published 2024 and 2025 ranks
    n_moved_up: int
    reshaped_sources: tuple[str, ...] | None
    reshaped_reporters: tuple[str, ...]
    vc_shares: dict[str, float]
    vc_sources: dict[str, tuple[str, ...]]
    x: float | None  # Tokyo–Yokohama's 2025 publication share when published
    x_certain: bool  # x is where rounding cannot reverse either ordering
    x_possible: bool  # x is where some unrounded shares allow both orderings
    both: str  # the interval of x where both orderings hold
    share_sources: dict[tuple[str, str], tuple[str, ...]]  # (cluster, metric) -> sources
    attribution_sources: tuple[str, ...] | None
    attribution_reporter: tuple[str, ...]  # the publisher of its first source, graded news or better
    attribution_note: str | None

    @property
    def vc_gap(self) -> float:
        return self.vc_shares[SZ] - self.vc_shares[TY]


def gii_05_evidence(size: pd.DataFrame, metric_values: pd.DataFrame, ranks_published: pd.DataFrame, gap: Gap2025,
                    statements: pd.DataFrame | None = None) -> Gii05Evidence:
    """The values GII-05 rests on."""
    source_of = {s["key"]: s["path"] for s in provenance_of(size)["sources"]}
    metrics_by_edition = metric_values.groupby("edition")["metric"].unique()
    blog = claims.lookup_source(source_of["WIPOBLOG"])
    ranks = ranks_published.pivot(index="cluster", columns="edition", values="rank")
    moved = ranks[[2024, 2025]].dropna()
    reshaped = _statement(statements, "top 100", "vc_metric_reshaped_ranking")
    vc_rows = metric_values.query("edition == 2025 and metric == 'vc' and cluster in [@SZ, @TY]")
    share_rows = metric_values.query("edition == 2025 and cluster in [@SZ, @TY]")
    x = gap.tokyo_pub_2025
    attribution = _statement(statements, SZ, "top_change_due_to_vc_deals")
    return Gii05Evidence(
        metrics_2023=tuple(sorted(metrics_by_edition.get(2023, []))),
        vc_first_edition=int(metric_values.loc[metric_values["metric"] == "vc", "edition"].min()),
        method_sources={"2023 appendix": source_of["WIPO23R"], "blog": blog.url}, blog_title=blog.title,
        n_moved=len(moved), n_moved_up=int((moved[2025] < moved[2024]).sum()),
        reshaped_sources=None if reshaped is None else _urls(reshaped),
        reshaped_reporters=() if reshaped is None else reporters(_urls(reshaped)),
        vc_shares={c: float(gap.known.loc[c, "vc"]) for c in (SZ, TY)},
        vc_sources={row["cluster"]: _urls(row) for _, row in vc_rows.iterrows()},
        x=None if pd.isna(x) else float(x), x_certain=bool(pd.notna(x) and gap.certain.contains(x)),
        x_possible=bool(pd.notna(x) and gap.both_possible.contains(x)), both=interval_text(gap.both),
        share_sources={(row["cluster"], row["metric"]): _urls(row) for _, row in share_rows.iterrows()},
        attribution_sources=None if attribution is None else _urls(attribution),
        attribution_reporter=() if attribution is None else reporters(_urls(attribution)[:1]),
        attribution_note=None if attribution is None else attribution["note"])


def decide_gii_05(e: Gii05Evidence) -> dict[str, Decision]:
    """GII-05a: VC deals new in 2025; GII-05b: the reshaped ranking, from a report of it; GII-05c: the VC gap beyond
    rounding; GII-05d: a published x decides it unless rounding allows both answers, else a report of the
    attribution confirms it on the interval of x where the published figures agree.

    Example
    -------
    >>> from dataclasses import replace
    >>> e = Gii05Evidence(("pct", "pub"), 2025, {}, "", 40, 20, None, (), {SZ: 2.9, TY: 2.2}, {}, 1.0, False, True,
    ...                   "1.10 < x < 1.80", {}, None, (), None)
    >>> [(d.verdict, d.computed) for d in decide_gii_05(e).values()]
    [('confirmed_by_source', True), ('not_checkable', 20), ('confirmed_by_source', True), ('not_checkable', 1.0)]
    >>> decide_gii_05(replace(e, x=1.5, x_certain=True))["GII-05d"].verdict
    'confirmed_by_source'
    """
    decided = {"GII-05a": compare("GII-05a", e.vc_first_edition == 2025 and "vc" not in e.metrics_2023),
               "GII-05b": (compare("GII-05b", True) if e.reshaped_sources is not None
                           else Decision("not_checkable", computed=e.n_moved_up)),
               "GII-05c": compare("GII-05c", bool(e.vc_gap > 2 * HALF_STEP))}
    if e.x is not None and (e.x_certain or not e.x_possible):
        decided["GII-05d"] = compare("GII-05d", e.x_certain)
    elif e.x is not None:
        decided["GII-05d"] = Decision("not_checkable", computed=e.x)
    elif e.attribution_sources is not None:
        decided["GII-05d"] = Decision("confirmed_by_source", computed=e.both, stated=True)
    else:
        decided["GII-05d"] = Decision("not_checkable", computed=e.both)
    return decided


# --- GII-06 to GII-08: innovation intensity ----------------------------------------------------------------------

@dataclass(frozen=True)
class Gii06Evidence:
    """GII-06: Shenzhen–Hong Kong–Guangzhou's intensity rank and what is published of its per-capita figures."""

    position: int
    sources: tuple[str, ...]
    has_per_capita_ranks: bool
    per_million: dict[str, float] | None  # its published per-million values (None: no such row)


def gii_06_evidence(intensity: pd.DataFrame) -> Gii06Evidence:
    """The values GII-06 rests on."""
    overall = intensity.query("edition == 2025 and measure == 'overall' and cluster == @SZ").iloc[0]
    per_capita = intensity.query("edition == 2025 and cluster == @SZ and measure.str.endswith('_per_capita')",
                                 engine="python")
    values = intensity.query("edition == 2025 and cluster == @SZ and measure == 'per_million_values'")
    per_million = None
    if len(values):
        per_million = {name: float(values[column].iloc[0]) for name, column in
                       [("PCT applications", "pct_per_million"), ("publications", "pub_per_million"),
                        ("VC deals", "vc_per_million")] if pd.notna(values[column].iloc[0])}
    return Gii06Evidence(int(overall["position"]), _urls(overall), not per_capita.empty, per_million)


def decide_gii_06(e: Gii06Evidence) -> dict[str, Decision]:
    """GII-06a: the published intensity rank; GII-06b and c stay open (no populations, no full per-capita ranks).

    Example
    -------
    >>> [d.verdict for d in decide_gii_06(Gii06Evidence(45, ("u",), False, None)).values()]
    ['confirmed_by_source', 'not_checkable', 'not_checkable']
    """
    return {"GII-06a": compare("GII-06a", e.position), "GII-06b": Decision("not_checkable"),
            "GII-06c": Decision("not_checkable", computed=e.position)}


@dataclass(frozen=True)
class Gii07Evidence:
    """GII-07: WIPO's five most intensive clusters of 2025 and 2024, and Ningde's position in each source."""

    top5: tuple[str, ...]
    top5_sources: tuple[str, ...]
    ningde: tuple[tuple[int, str], ...]  # (position, publisher) per source
    previous: tuple[str, ...]  # GII 2024's five, in the data's order
    previous_by_position: tuple[str, ...]
    previous_sources: tuple[str, ...]


def gii_07_evidence(intensity: pd.DataFrame) -> Gii07Evidence:
    """The values GII-07 rests on."""
    wipo = intensity.query("edition == 2025 and measure == 'overall' and source_key == 'WIPO25'").sort_values("position")
    top5_rows = wipo[wipo["position"] <= 5]
    ningde = intensity.query("edition == 2025 and cluster == 'Ningde' and measure == 'overall'")
    previous = intensity.query("edition == 2024 and measure == 'overall' and position <= 5")
    return Gii07Evidence(
        tuple(top5_rows["cluster"]), _all_urls(top5_rows),
        tuple((int(row["position"]), claims.lookup_source(_urls(row)[0]).publisher) for _, row in ningde.iterrows()),
        tuple(previous["cluster"]), tuple(previous.sort_values("position")["cluster"]), _all_urls(previous))


def decide_gii_07(e: Gii07Evidence) -> dict[str, Decision]:
    """GII-07a: the top five as a set; GII-07b: Ningde in 2025's five and not in 2024's; GII-07c stays open.

    Example
    -------
    >>> e = Gii07Evidence(tuple(CLAIMED_TOP5), (), (), ("A", "B", "C", "D", "Ningde"), (), ())
    >>> [d.verdict for d in decide_gii_07(e).values()]
    ['confirmed_by_source', 'contradicted', 'not_checkable']
    """
    new = "Ningde" in e.top5 and "Ningde" not in e.previous and len(e.previous) == 5
    return {"GII-07a": compare("GII-07a", sorted(e.top5), published=sorted(CLAIMED_TOP5)),
            "GII-07b": compare("GII-07b", bool(new)), "GII-07c": Decision("not_checkable")}


@dataclass(frozen=True)
class Gii08Evidence:
    """GII-08: the published per-capita leaders of each metric and how many intensive clusters WIPO lists."""

    leaders: dict[str, tuple[str, ...]]  # part -> the first clusters on its metric, as many as the claim names
    sources: dict[str, tuple[str, ...]]
    n_overall: int


def gii_08_evidence(intensity: pd.DataFrame) -> Gii08Evidence:
    """The values GII-08 rests on."""
    per_capita = intensity[(intensity["edition"] == 2025) & intensity["measure"].str.endswith("_per_capita")]
    leaders, sources = {}, {}
    for part, (metric, claimed) in CLAIMED_LEADERS.items():
        rows = per_capita[per_capita["measure"] == f"{metric}_per_capita"].sort_values("position")
        leaders[part], sources[part] = tuple(rows["cluster"].head(len(claimed))), _all_urls(rows)
    overall = intensity.query("edition == 2025 and measure == 'overall' and source_key == 'WIPO25'")
    return Gii08Evidence(leaders, sources, len(overall))


def decide_gii_08(e: Gii08Evidence) -> dict[str, Decision]:
    """GII-08a-c: each metric's leaders as a set; GII-08d (the 25 most intensive clusters) stays open.

    Example
    -------
    >>> e = Gii08Evidence({"GII-08b": ("Oxford", "Cambridge", "Ann Arbor")}, {}, 5)
    >>> [d.verdict for d in decide_gii_08(e).values()]
    ['confirmed_by_source', 'not_checkable']
    """
    decided = {part: compare(part, sorted(found), published=sorted(CLAIMED_LEADERS[part][1]))
               for part, found in e.leaders.items()}
    return {**decided, "GII-08d": Decision("not_checkable")}
