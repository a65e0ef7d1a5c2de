"""WIPO's cluster size score as a small composite indicator, set up for the ``composite_index`` audit.

The Global Innovation Index ranks science and technology clusters by the plain sum of two shares: the cluster's
share of world PCT applications and its share of world scientific articles (``gii_clusters`` dataset, resource
``metric_values``). Here that score is a two-indicator framework and a replayable build, so the audit can ask how
the ranking moves with the choices behind it: normalisation, aggregation, weights and outlier treatment.

The analysis of the ``composite_index`` notebook (decided in :mod:`innovlib.findings.composite_index`), on top of
the generic engine: :mod:`innovlib.composite` imports nothing of ``clusters`` or of this module.

A cluster without published shares is kept as a gap and screened out by the build, never estimated; so imputation
is not one of the uncertain choices (it would invent the figures the screening leaves out).

Example
-------
>>> import pandas as pd
>>> from innovlib.composite import CompositeData, run_build
>>> fw = framework("wipo_size", [1.0, 1.0])
>>> data = CompositeData(pd.DataFrame({"pct_share": [10.1, 0.0], "pub_share": [1.5, 0.9]}, index=["A", "B"]))
>>> run_build(fw, data, build("none", "arithmetic")).results()["Index"].tolist()   # WIPO's sum, halved
[5.8, 0.45]
"""

from __future__ import annotations

import pandas as pd

from innovlib.clusters import shares_table
from innovlib.composite.build import Build, Step
from innovlib.composite.framework import Framework
from innovlib.composite.uncertainty import Choice, WeightNoise

#: The two indicators, from the ``metric_values`` metrics, with their names in the framework.
INDICATORS = {"pct_share": ("pct", "PCT applications, share of world (%)"),
              "pub_share": ("pub", "Scientific articles, share of world (%)")}
#: Arguments of the ``normalise`` step for each ``normalisation`` parameter value.
NORMALISATIONS = {"none": {"method": "none"}, "minmax": {"method": "minmax", "lower": 1, "upper": 100},
                  "zscore": {"method": "zscore", "mean": 10, "sd": 2}, "rank": {"method": "rank"}}
#: Arguments of the ``treat`` step: no treatment (nominal, as WIPO) or COINr's default winsorisation (up to five
#: points per indicator, then a log transform if the skew and kurtosis are still too high).
TREATMENTS = {"none": {"skip": tuple(INDICATORS)}, "winsorise": {"skip": ()}}
DATASET, FRAMEWORK = "gii_clusters", "wipo_size"


def framework(name: str, weights, dataset: str = DATASET) -> Framework:
    """The two shares (level 1) under one index (level 2), with the nominal ``weights`` of the PCT and publication
    shares; ``name`` must be ``"wipo_size"`` and ``dataset`` ``"gii_clusters"`` (the only ones wired up).

    Example
    -------
    >>> framework("wipo_size", [2.0, 1.0]).table.set_index("code")["weight"].tolist()
    [2.0, 1.0, 1.0]
    >>> framework("wipo_size", [1.0])
    Traceback (most recent call last):
    ...
    ValueError: parameter weights: expected 2 numbers (PCT share, publication share), got 1
    """
    if dataset != DATASET:
        raise ValueError(f"parameter dataset: '{dataset}' has no framework defined; expected '{DATASET}'")
    if name != FRAMEWORK:
        raise ValueError(f"parameter framework: '{name}' unknown; expected '{FRAMEWORK}'")
    if len(weights) != len(INDICATORS):
        raise ValueError(f"parameter weights: expected {len(INDICATORS)} numbers (PCT share, publication share), "
                         f"got {len(weights)}")
    return Framework(pd.DataFrame({
        "code": [*INDICATORS, "Index"], "name": [n for _, n in INDICATORS.values()] + ["Cluster size score"],
        "level": [1, 1, 2], "parent": ["Index", "Index", None], "direction": [1, 1, 1],
        "weight": [float(w) for w in weights] + [1.0], "unit": ["percent", "percent", "score"]}))


def shares(metric_values: pd.DataFrame, edition: int) -> pd.DataFrame:
    """Each cluster's world shares of one edition, one column per indicator; a cluster listed without published
    shares keeps its row, empty, for the build's screening to remove and name.

    Example
    -------
    >>> long = pd.DataFrame({"edition": [2023] * 4, "cluster": ["Seoul", "Seoul", "Boston", "Boston"],
    ...                      "metric": ["pct", "pub", "pct", "pub"], "world_share": [5.1, 1.8, None, None]})
    >>> shares(long, 2023)
            pct_share  pub_share
    cluster
    Boston        NaN        NaN
    Seoul         5.1        1.8
    """
    listed = sorted(metric_values.loc[metric_values["edition"] == edition, "cluster"].unique())
    if not listed:
        raise ValueError(f"metric_values: no rows for edition {edition}")
    metrics = {metric: code for code, (metric, _) in INDICATORS.items()}
    wide = shares_table(metric_values, edition, list(metrics), complete=False).reindex(listed).rename(columns=metrics)
    return wide.rename_axis("cluster")


def build(normalisation: str, aggregation: str) -> Build:
    """Screen (only complete clusters), no treatment, normalise and aggregate, as the parameters name them.

    Tehran's published PCT share rounds to 0.0: a geometric mean of raw shares needs an explicit zero policy,
    so aggregation shifts a group to a minimum of 1 only when it meets a zero or negative value.

    Example
    -------
    >>> [step.name for step in build("minmax", "geometric").steps]
    ['screen', 'treat', 'normalise', 'aggregate']
    >>> build("log", "arithmetic")
    Traceback (most recent call last):
    ...
    ValueError: parameter normalisation: 'log' unknown; expected one of minmax, none, rank, zscore
    """
    if normalisation not in NORMALISATIONS:
        raise ValueError(f"parameter normalisation: '{normalisation}' unknown; expected one of "
                         f"{', '.join(sorted(NORMALISATIONS))}")
    return Build([Step("screen", {"min_availability": 1.0}), Step("treat", TREATMENTS["none"]),
                  Step("normalise", NORMALISATIONS[normalisation]),
                  Step("aggregate", {"method": aggregation, "nonpositive": "shift"})])


def uncertain_inputs(weight_noise: float) -> tuple[list[Choice], list[WeightNoise]]:
    """The uncertain choices of the audit: normalisation (none, min-max 1-100, rank), aggregation (arithmetic,
    geometric), treatment (none, winsorisation) and, when ``weight_noise`` > 0, the two weights within plus or minus
    that fraction of their nominal values.

    Example
    -------
    >>> choices, noise = uncertain_inputs(0.5)
    >>> [c.name for c in choices], noise[0].factor
    (['normalisation', 'aggregation', 'treatment'], 0.5)
    """
    choices = [Choice("normalise", [NORMALISATIONS[k] for k in ("none", "minmax", "rank")], name="normalisation"),
               Choice.values("aggregate", "method", ["arithmetic", "geometric"], name="aggregation"),
               Choice("treat", list(TREATMENTS.values()), name="treatment")]
    return choices, [WeightNoise(level=1, factor=weight_noise)] if weight_noise > 0 else []

#: Readable headers and cell values of this notebook's tables (:func:`innovlib.tables.show`).
LABELS = {"pct_share": "PCT share (% of world)", "pub_share": "publication share (% of world)",
          "std": "standard deviation", "count": "count", "args": "arguments", "PC1": "loading on PC1",
          "PC2": "loading on PC2", "nominal": "nominal weight", "effective": "effective weight",
          "correlation": "correlation with the index", "Index": "index score", "Nominal": "nominal rank",
          "Mean": "mean rank", "Median": "median rank", "Q5": "rank, 5th percentile", "Q95": "rank, 95th percentile",
          "S1": "first-order index S1", "S1_conf": "S1 confidence (±)", "ST": "total index ST",
          "ST_conf": "ST confidence (±)"}
