"""What the ``composite_index`` notebook finds: sentences built from the audit's computed values.

The notebook tests no published claim (the GII cluster claims get their verdicts in ``gii_clusters``): it audits how
robust a ranking built as a composite indicator is to the choices behind it. These functions turn its computed
tables (the ranking, rank intervals, Sobol indices, effective weights, per-unit sensitivity) into the sentences a
reader sees, so the prose is right for every parameter value. As in every findings module, the values come first
(``<reading>_evidence``: a frozen record, no sentence) and the words from the ``WORDING`` templates; with no claim
to decide, there is no decision step.

Example
-------
>>> import pandas as pd
>>> missing_shares(pd.DataFrame({"pct_share": [5.1, None]}, index=["Seoul", "Boston"]))
'2 clusters; without published shares: Boston.'
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from innovlib.text import names, ordinal

WORDING = {
    "missing_shares": "{n_clusters} clusters; without published shares: {missing}.",
    "screened_out": "Screened out: {removed}.",
    "consistency": ("Cronbach's alpha of the indicators: {alpha:.3f}; first principal component explains "
                    "{explained:.1%} of the standardised variance."),
    "replications": "{n_draws} replications, {n_configurations} distinct discrete configurations, {n_failed} failed.",
    "drivers_head": "Of the top {n_shown} units, {kept} rank whatever the assumptions{drivers}.",
    "kept_none": "none keeps its",
    "kept_one": "1 keeps its",
    "kept_many": "{n_fixed} keep their",
    "drivers": "; the assumption with the largest total index is {counts}",
    "driver_count": "{name} for {count} unit{plural}",
    "unit_fixed": "- {unit} ({rank}): the same rank under every combination of the assumptions.",
    "unit_left_out": "- {unit} ({rank}): left out of some runs, so its rank has no Sobol index.",
    "unit_driver": ("- {unit} ({rank}, rank sd {rank_sd:.1f}): mostly {first} (total index {total:.2f} ± "
                    "{half_width:.2f}, first order {first_order:.2f}){then}."),
    "unit_then": ", then {second} ({second_total:.2f})",
    "reading": ("- Nominal top five: {top_five}.\n"
                "- Top-five units whose 5-95% rank interval is their nominal rank alone: {stable}.\n"
                "- Widest interval in the top {top_n}: {widest} (ranks {widest_low:.0f} to {widest_high:.0f}).\n"
                "- Largest fall from the nominal to the median rank: {faller} ({faller_nominal:.0f} to "
                "{faller_median:.0f}).\n"
                "- Input with the largest total Sobol index: {driver} (ST = {driver_st:.2f}).\n"
                "- Effective weights: {weights}."),
    "weight": "{code} {weight:.2f}",
}


def missing_shares(shares: pd.DataFrame) -> str:
    """How many clusters there are and which lack a published share.

    Example
    -------
    >>> missing_shares(pd.DataFrame({"pct_share": [5.1]}, index=["Seoul"]))
    '1 clusters; without published shares: none.'
    """
    return WORDING["missing_shares"].format(n_clusters=len(shares),
                                            missing=names(shares.index[shares.isna().any(axis=1)]) or "none")


def build_log(build) -> pd.DataFrame:
    """The build's steps as a table: position, step name and arguments (``build`` a :class:`~innovlib.composite.Build`).

    Example
    -------
    >>> from innovlib.composite import Build, Step
    >>> build_log(Build([Step("normalise", {"method": "rank"})])).to_dict("records")
    [{'position': 0, 'step': 'normalise', 'args': {'method': 'rank'}}]
    """
    return pd.DataFrame(build.to_records())


def screened_out(result) -> str:
    """Which units the build's screening step removed (``result`` from :func:`innovlib.composite.run_build`).

    Example
    -------
    >>> from innovlib.composite import Build, CompositeData, Framework, Step, run_build
    >>> fw = Framework(pd.DataFrame({"code": ["x", "I"], "level": [1, 2], "parent": ["I", None]}))
    >>> data = CompositeData(pd.DataFrame({"x": [1.0, None]}, index=["A", "B"]))
    >>> screened_out(run_build(fw, data, Build([Step("screen", {"min_availability": 1.0}), Step("aggregate")])))
    'Screened out: B.'
    """
    removed = [report["removed"] for step, report in zip(result.build.steps, result.reports) if step.name == "screen"]
    return WORDING["screened_out"].format(removed=names(u for units in removed for u in units) or "none")


def consistency(alpha: float, pca_summary: pd.DataFrame) -> str:
    """Cronbach's alpha of the indicators and the variance share of the first principal component.

    Example
    -------
    >>> consistency(0.61234, pd.DataFrame({"explained": [0.7412, 0.2588]}, index=["PC1", "PC2"]))
    "Cronbach's alpha of the indicators: 0.612; first principal component explains 74.1% of the standardised variance."
    """
    return WORDING["consistency"].format(alpha=alpha, explained=pca_summary.loc["PC1", "explained"])


def replications(n_draws: int, n_configurations: int, n_failed: int) -> str:
    """What the uncertainty analysis ran.

    Example
    -------
    >>> replications(2000, 12, 0)
    '2000 replications, 12 distinct discrete configurations, 0 failed.'
    """
    return WORDING["replications"].format(n_draws=n_draws, n_configurations=n_configurations, n_failed=n_failed)


@dataclass(frozen=True)
class UnitDriver:
    """One unit's rank and what moves it: its assumptions by total Sobol index, largest first (empty when none has
    an index)."""

    unit: str
    nominal_rank: float
    rank_sd: float
    totals: tuple[tuple[str, float], ...]  # (assumption, total index), largest first
    half_width: float | None  # the bootstrap half-width of the largest total index
    first_order: float | None  # the first-order index of the same assumption


@dataclass(frozen=True)
class UnitDriversEvidence:
    """The ``top`` units by nominal rank, how many never move, and how often each assumption drives a unit."""

    units: tuple[UnitDriver, ...]
    n_fixed: int
    driver_counts: dict[str, int]  # assumption -> units it drives most, most first


def unit_drivers_evidence(units, top: int) -> UnitDriversEvidence:
    """The values :func:`unit_drivers` words (``units`` a :class:`innovlib.composite.sensitivity.UnitSensitivity`).

    Example
    -------
    >>> from innovlib.composite.sensitivity import UnitSensitivity
    >>> nan = float("nan")
    >>> units = UnitSensitivity(["A", "B"], ["normalisation", "weights level 1"], S1=np.array([[nan, nan], [0.5, 0.3]]),
    ...     S1_conf=np.zeros((2, 2)), ST=np.array([[nan, nan], [0.6, 0.35]]), ST_conf=np.array([[nan, nan], [0.1, 0.05]]),
    ...     nominal_ranks=np.array([1.0, 2.0]), rank_sd=np.array([0.0, 0.8]), n_runs=64)
    >>> e = unit_drivers_evidence(units, 2)
    >>> e.n_fixed, e.driver_counts, e.units[1].totals
    (1, {'normalisation': 1}, (('normalisation', 0.6), ('weights level 1', 0.35)))
    """
    st, s1, st_conf = units.frame("ST"), units.frame("S1"), units.frame("ST_conf")
    shown = np.argsort(units.nominal_ranks, kind="stable")[:top]
    drivers = st.iloc[shown].dropna(how="all").idxmax(axis=1).value_counts()
    found = []
    for position in shown:
        unit = units.units[position]
        row = st.loc[unit].dropna().sort_values(ascending=False)
        first = row.index[0] if len(row) else None
        found.append(UnitDriver(
            unit=unit, nominal_rank=float(units.nominal_ranks[position]), rank_sd=float(units.rank_sd[position]),
            totals=tuple((name, float(value)) for name, value in row.items()),
            half_width=None if first is None else float(st_conf.loc[unit, first]),
            first_order=None if first is None else float(s1.loc[unit, first])))
    return UnitDriversEvidence(units=tuple(found), n_fixed=int((units.rank_sd[shown] == 0).sum()),
                               driver_counts={name: int(count) for name, count in drivers.items()})


def _unit_line(driver: UnitDriver) -> str:
    fields = {"unit": driver.unit, "rank": ordinal(driver.nominal_rank)}
    if not driver.totals:  # no variance to apportion, or missing from some runs (then its rank does vary)
        return WORDING["unit_fixed" if driver.rank_sd == 0 else "unit_left_out"].format(**fields)
    (first, total), *rest = driver.totals
    then = WORDING["unit_then"].format(second=rest[0][0], second_total=rest[0][1]) if rest else ""
    return WORDING["unit_driver"].format(rank_sd=driver.rank_sd, first=first, total=total,
                                         half_width=driver.half_width, first_order=driver.first_order, then=then,
                                         **fields)


def unit_drivers(units, top: int) -> str:
    """For each of the ``top`` units by nominal rank, the assumption with the largest total Sobol index of its rank
    and how much of the rank's variance it carries (with its bootstrap half-width), or that the unit never moves.

    ``units`` is a :class:`innovlib.composite.sensitivity.UnitSensitivity`.

    Example
    -------
    >>> from innovlib.composite.sensitivity import UnitSensitivity
    >>> nan = float("nan")
    >>> units = UnitSensitivity(["A", "B"], ["normalisation", "weights level 1"], S1=np.array([[nan, nan], [0.5, 0.3]]),
    ...     S1_conf=np.zeros((2, 2)), ST=np.array([[nan, nan], [0.6, 0.35]]), ST_conf=np.array([[nan, nan], [0.1, 0.05]]),
    ...     nominal_ranks=np.array([1.0, 2.0]), rank_sd=np.array([0.0, 0.8]), n_runs=64)
    >>> print(unit_drivers(units, 2))
    Of the top 2 units, 1 keeps its rank whatever the assumptions; the assumption with the largest total index is
    normalisation for 1 unit.
    - A (1st): the same rank under every combination of the assumptions.
    - B (2nd, rank sd 0.8): mostly normalisation (total index 0.60 ± 0.10, first order 0.50), then weights level 1 (0.35).
    """
    e = unit_drivers_evidence(units, top)
    kept = (WORDING["kept_none"] if e.n_fixed == 0 else WORDING["kept_one"] if e.n_fixed == 1
            else WORDING["kept_many"].format(n_fixed=e.n_fixed))
    counts = [WORDING["driver_count"].format(name=name, count=count, plural="s" if count > 1 else "")
              for name, count in e.driver_counts.items()]
    head = WORDING["drivers_head"].format(n_shown=len(e.units), kept=kept,
                                          drivers=WORDING["drivers"].format(counts=names(counts)) if counts else "")
    return "\n".join([head] + [_unit_line(driver) for driver in e.units])


@dataclass(frozen=True)
class ReadingEvidence:
    """What the audit's tables say in a few values: the nominal top five and those that never move, the widest
    interval in the top ``top_n``, the largest fall, the main driver and the effective weights."""

    top_five: tuple[str, ...]
    stable: tuple[str, ...]
    top_n: int
    widest: str
    widest_interval: tuple[float, float]  # its 5% and 95% ranks
    faller: str
    faller_ranks: tuple[float, float]  # its nominal and median ranks
    driver: str
    driver_st: float
    effective_weights: dict[str, float]


def reading_evidence(rank_stats: pd.DataFrame, sobol: pd.DataFrame, weights_table: pd.DataFrame,
                     top_n: int) -> ReadingEvidence:
    """The values :func:`reading` words.

    Example
    -------
    >>> stats = pd.DataFrame({"Nominal": [1, 2, 3], "Median": [1.0, 3.0, 2.0], "Q5": [1.0, 1.0, 2.0],
    ...                       "Q95": [1.0, 3.0, 3.0]}, index=["A", "B", "C"])
    >>> e = reading_evidence(stats, pd.DataFrame({"ST": [0.2]}, index=["aggregation"]),
    ...                      pd.DataFrame({"effective": [1.0]}, index=["pct_share"]), 3)
    >>> e.stable, e.widest, e.widest_interval, e.faller, e.faller_ranks
    (('A',), 'B', (1.0, 3.0), 'B', (2.0, 3.0))
    """
    top = rank_stats[rank_stats["Nominal"] <= 5]
    stable = top[(top["Q5"] == top["Nominal"]) & (top["Q95"] == top["Nominal"])].index
    widest = rank_stats.head(top_n).assign(width=lambda d: d["Q95"] - d["Q5"]).sort_values("width").index[-1]
    faller = rank_stats.assign(shift=rank_stats["Median"] - rank_stats["Nominal"]).sort_values("shift").index[-1]
    driver = sobol["ST"].idxmax()
    return ReadingEvidence(
        top_five=tuple(top.index), stable=tuple(stable), top_n=top_n, widest=widest,
        widest_interval=(float(rank_stats.loc[widest, "Q5"]), float(rank_stats.loc[widest, "Q95"])),
        faller=faller, faller_ranks=(float(rank_stats.loc[faller, "Nominal"]), float(rank_stats.loc[faller, "Median"])),
        driver=driver, driver_st=float(sobol.loc[driver, "ST"]),
        effective_weights={code: float(weight) for code, weight in weights_table["effective"].items()})


def reading(rank_stats: pd.DataFrame, sobol: pd.DataFrame, weights_table: pd.DataFrame, top_n: int) -> str:
    """The audit in a few bullets: the nominal top five and which of them never move, the widest interval and the
    largest fall in the top ``top_n``, the input with the largest total Sobol index and the effective weights.

    Example
    -------
    >>> stats = pd.DataFrame({"Nominal": [1, 2], "Median": [1.0, 2.0], "Q5": [1.0, 1.0], "Q95": [1.0, 2.0]},
    ...                      index=["A", "B"])
    >>> sobol = pd.DataFrame({"ST": [0.7, 0.2]}, index=["normalisation", "aggregation"])
    >>> weights = pd.DataFrame({"effective": [0.9, 0.1]}, index=["pct_share", "pub_share"])
    >>> print(reading(stats, sobol, weights, 2))
    - Nominal top five: A and B.
    - Top-five units whose 5-95% rank interval is their nominal rank alone: A.
    - Widest interval in the top 2: B (ranks 1 to 2).
    - Largest fall from the nominal to the median rank: B (2 to 2).
    - Input with the largest total Sobol index: normalisation (ST = 0.70).
    - Effective weights: pct_share 0.90 and pub_share 0.10.
    """
    e = reading_evidence(rank_stats, sobol, weights_table, top_n)
    return WORDING["reading"].format(
        top_five=names(e.top_five), stable=names(e.stable) or "none", top_n=e.top_n, widest=e.widest,
        widest_low=e.widest_interval[0], widest_high=e.widest_interval[1], faller=e.faller,
        faller_nominal=e.faller_ranks[0], faller_median=e.faller_ranks[1], driver=e.driver, driver_st=e.driver_st,
        weights=names(WORDING["weight"].format(code=code, weight=weight)
                      for code, weight in e.effective_weights.items()))
