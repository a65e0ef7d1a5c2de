"""The Global City Industrial Innovation Index (SJTU) as reports of its launch publish it.

The report and its indicator data are not public: these functions shape the published composite scores, ranks and
top-ten membership (the ``city_industrial_innovation`` dataset) for display and for the claim checks of
:mod:`innovlib.findings.city_industrial_innovation`; nothing is recomputed from indicators.

Example
-------
>>> import pandas as pd
>>> scores = pd.DataFrame({"edition": [2025, 2025], "dimension": ["composite", "composite"], "city": ["Tokyo", "Paris"],
...                        "in_top_10": [True, None]})
>>> top_group(composite_scores(scores, 2025))["city"].tolist()
['Tokyo']
"""

from __future__ import annotations

import pandas as pd

#: The report publishes membership of its top ten only.
TOP_N = 10


def composite_scores(scores: pd.DataFrame, edition: int) -> pd.DataFrame:
    """The composite-index rows of one edition (scores, ranks and top-ten membership as published).

    Example
    -------
    >>> scores = pd.DataFrame({"edition": [2025, 2025, 2023], "dimension": ["composite", "input", "composite"],
    ...                        "city": ["Tokyo", "Tokyo", "Tokyo"]})
    >>> composite_scores(scores, 2025).index.tolist()
    [0]
    """
    return scores[(scores["dimension"] == "composite") & (scores["edition"] == edition)]


def top_group(composite: pd.DataFrame) -> pd.DataFrame:
    """The cities a source names in the top ten (unknown membership counts as not named).

    Example
    -------
    >>> top_group(pd.DataFrame({"city": ["A", "B", "C"], "in_top_10": [True, None, False]}))["city"].tolist()
    ['A']
    """
    return composite[composite["in_top_10"].astype("boolean").fillna(False).astype(bool)]


def margin_labels(published_scores: pd.DataFrame) -> pd.Series:
    """The text after each bar: the score and its lead over the next city (none after the last).

    Example
    -------
    >>> table = pd.DataFrame({"score": [46.84, 46.79], "margin_to_next": [0.05, None], "next": ["Shenzhen", None]})
    >>> margin_labels(table).tolist()
    ['46.84  (+0.05 over Shenzhen)', '46.79']
    """
    lead = "  (+" + published_scores["margin_to_next"].map("{:.2f}".format) + " over " + published_scores["next"] + ")"
    return published_scores["score"].map("{:.2f}".format) + lead.where(published_scores["next"].notna(), "")

#: Readable headers and cell values of this notebook's tables (:func:`innovlib.tables.show`).
LABELS = {"score": "composite score (points)", "in_top_10": f"in the top {TOP_N}",
          "margin_to_next": "margin to the next city (points)", "next": "next city"}
