"""What the ``composite_index`` notebook finds: sentences built from the audit's computed values.

The notebook tests no published claim (the GII cluster claims get their verdicts in ``gii_clusters``): it audits how
robust a ranking built as a composite indicator is to the choices behind it. These functions turn its computed
tables (the ranking, rank intervals, Sobol indices, effective weights, per-unit sensitivity) into the sentences a
reader sees, so the prose is right for every parameter value.

Example
-------
>>> import pandas as pd
>>> missing_shares(pd.DataFrame({"pct_share": [5.1, None]}, index=["Seoul", "Boston"]))
'2 clusters; without published shares: Boston.'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from innovlib.text import names, ordinal


def missing_shares(shares: pd.DataFrame) -> str:
    """How many clusters there are and which lack a published share.

    Example
    -------
    >>> missing_shares(pd.DataFrame({"pct_share": [5.1]}, index=["Seoul"]))
    '1 clusters; without published shares: none.'
    """
    return (f"{len(shares)} clusters; without published shares: "
            f"{names(shares.index[shares.isna().any(axis=1)]) or 'none'}.")


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
    return f"Screened out: {names(u for units in removed for u in units) or 'none'}."


def consistency(alpha: float, pca_summary: pd.DataFrame) -> str:
    """Cronbach's alpha of the indicators and the variance share of the first principal component.

    Example
    -------
    >>> consistency(0.61234, pd.DataFrame({"explained": [0.7412, 0.2588]}, index=["PC1", "PC2"]))
    "Cronbach's alpha of the indicators: 0.612; first principal component explains 74.1% of the standardised variance."
    """
    return (f"Cronbach's alpha of the indicators: {alpha:.3f}; first principal component explains "
            f"{pca_summary.loc['PC1', 'explained']:.1%} of the standardised variance.")


def replications(n_draws: int, n_configurations: int, n_failed: int) -> str:
    """What the uncertainty analysis ran.

    Example
    -------
    >>> replications(2000, 12, 0)
    '2000 replications, 12 distinct discrete configurations, 0 failed.'
    """
    return f"{n_draws} replications, {n_configurations} distinct discrete configurations, {n_failed} failed."


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
    st, s1, st_conf = units.frame("ST"), units.frame("S1"), units.frame("ST_conf")
    shown = np.argsort(units.nominal_ranks, kind="stable")[:top]
    drivers = st.iloc[shown].dropna(how="all").idxmax(axis=1).value_counts()
    fixed = int((units.rank_sd[shown] == 0).sum())
    kept = "none keeps its" if fixed == 0 else "1 keeps its" if fixed == 1 else f"{fixed} keep their"
    counts = [f"{name} for {count} unit{'s' if count > 1 else ''}" for name, count in drivers.items()]
    lines = [f"Of the top {len(shown)} units, {kept} rank whatever the assumptions"
             + (f"; the assumption with the largest total index is {names(counts)}" if counts else "") + "."]
    for position in shown:
        unit, rank = units.units[position], ordinal(units.nominal_ranks[position])
        row = st.loc[unit].dropna().sort_values(ascending=False)
        if row.empty:  # no variance to apportion, or missing from some runs (then its rank does vary)
            lines.append(f"- {unit} ({rank}): " + ("the same rank under every combination of the assumptions."
                                                   if units.rank_sd[position] == 0 else
                                                   "left out of some runs, so its rank has no Sobol index."))
            continue
        first = row.index[0]
        then = f", then {row.index[1]} ({row.iloc[1]:.2f})" if len(row) > 1 else ""
        lines.append(f"- {unit} ({rank}, rank sd {units.rank_sd[position]:.1f}): mostly {first} (total index "
                     f"{row.iloc[0]:.2f} ± {st_conf.loc[unit, first]:.2f}, first order {s1.loc[unit, first]:.2f}){then}.")
    return "\n".join(lines)


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
    top = rank_stats[rank_stats["Nominal"] <= 5]
    stable = top[(top["Q5"] == top["Nominal"]) & (top["Q95"] == top["Nominal"])].index.tolist()
    widest = rank_stats.head(top_n).assign(width=lambda d: d["Q95"] - d["Q5"]).sort_values("width").index[-1]
    faller = rank_stats.assign(shift=rank_stats["Median"] - rank_stats["Nominal"]).sort_values("shift").index[-1]
    driver = sobol["ST"].idxmax()
    return "\n".join([
        f"- Nominal top five: {names(top.index)}.",
        f"- Top-five units whose 5-95% rank interval is their nominal rank alone: {names(stable) or 'none'}.",
        f"- Widest interval in the top {top_n}: {widest} (ranks {rank_stats.loc[widest, 'Q5']:.0f} to "
        f"{rank_stats.loc[widest, 'Q95']:.0f}).",
        f"- Largest fall from the nominal to the median rank: {faller} ({rank_stats.loc[faller, 'Nominal']:.0f} to "
        f"{rank_stats.loc[faller, 'Median']:.0f}).",
        f"- Input with the largest total Sobol index: {driver} (ST = {sobol.loc[driver, 'ST']:.2f}).",
        "- Effective weights: " + names(f"{c} {w:.2f}" for c, w in weights_table["effective"].items()) + ".",
    ])
