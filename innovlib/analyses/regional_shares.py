"""Regional share statements (Yangtze River Delta) and Greater Bay Area finance figures, as published.

CASTED's reports on the Yangtze River Delta (YRD) state its shares of national totals as thresholds ("over 30%",
"nearly 50%"), never as measurements: a statement is kept as its comparator and its figure, and is written back in
those words. Greater Bay Area (GBA) amounts are published in units of 100 million yuan; figures are shown in bn yuan
(ten such units). Every function is pure: a table in, a table out.

Example
-------
>>> import pandas as pd
>>> yrd = pd.DataFrame({"report_edition": ["2025"], "indicator": ["R&D personnel"], "comparator": ["over"],
...                     "share": [30.0]})
>>> stated(yrd).tolist()
['over 30%']
"""

from __future__ import annotations

import pandas as pd

#: 100 million yuan (the unit of Chinese reports) per bn yuan.
HUNDRED_MILLIONS_PER_BN = 10


def stated(statements: pd.DataFrame) -> pd.Series:
    """Each share statement in its report's words: the comparator, then the share to the whole percent.

    Example
    -------
    >>> stated(pd.DataFrame({"comparator": ["nearly"], "share": [50.0]})).tolist()
    ['nearly 50%']
    """
    return statements["comparator"] + " " + statements["share"].map("{:.0f}%".format)


def statements_by_edition(yrd: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator, one column per report edition, each cell the statement (empty: not stated).

    Example
    -------
    >>> yrd = pd.DataFrame({"report_edition": ["2024", "2025"], "indicator": ["R&D personnel", "exports"],
    ...                     "comparator": ["over", "nearly"], "share": [30.0, 50.0]})
    >>> statements_by_edition(yrd).to_dict("index")
    {'R&D personnel': {'2024': 'over 30%', '2025': ''}, 'exports': {'2024': '', '2025': 'nearly 50%'}}
    """
    return (yrd.assign(stated=stated(yrd))
            .pivot_table(index="indicator", columns="report_edition", values="stated", aggfunc="first")
            .fillna(""))


def edition_statements(yrd: pd.DataFrame, edition: str) -> pd.DataFrame:
    """The statements of one report edition, by indicator, largest share first, with their words (``stated``).

    Example
    -------
    >>> yrd = pd.DataFrame({"report_edition": ["2025", "2025", "2024"], "indicator": ["a", "b", "a"],
    ...                     "comparator": ["over", "nearly", "over"], "share": [30.0, 50.0, 30.0]})
    >>> edition_statements(yrd, "2025")["stated"].to_dict()
    {'b': 'nearly 50%', 'a': 'over 30%'}
    """
    current = yrd[yrd["report_edition"] == edition]
    return current.assign(stated=stated(current)).sort_values("share", ascending=False).set_index("indicator")


def shares_by_comparator(statements: pd.DataFrame) -> pd.DataFrame:
    """The shares of :func:`edition_statements` with one column per comparator (for stacked bars), order kept.

    Example
    -------
    >>> statements = pd.DataFrame({"comparator": ["nearly", "over"], "share": [50.0, 30.0]}, index=["b", "a"])
    >>> shares_by_comparator(statements).fillna(0).to_dict("index")
    {'b': {'nearly': 50.0, 'over': 0.0}, 'a': {'nearly': 0.0, 'over': 30.0}}
    """
    return statements.pivot(columns="comparator", values="share").reindex(statements.index)


def ip_securitisation_issued(gba: pd.DataFrame) -> pd.DataFrame:
    """Cumulative IP securitisation issued per city (the amounts, not the product counts), in bn yuan.

    Returns
    -------
    pandas.DataFrame
        The rows of ``gba`` giving an amount, with ``place`` (city and date of the figure) and ``bn`` (bn yuan).

    Example
    -------
    >>> gba = pd.DataFrame({"item": ["IP securitisation issuance (cumulative)", "IP securitisation products issued"],
    ...                     "city": ["Shenzhen", "Shenzhen"], "value": [228.29, 105.0],
    ...                     "unit": ["100 million CNY", "products"], "as_of": ["2024-06", "2024-06"]})
    >>> ip_securitisation_issued(gba)[["place", "bn"]].to_dict("records")
    [{'place': 'Shenzhen (2024-06)', 'bn': 22.829}]
    """
    issued = gba[gba["item"].str.startswith("IP securitisation") & (gba["unit"] == "100 million CNY")]
    return issued.assign(place=issued["city"] + " (" + issued["as_of"] + ")",
                         bn=issued["value"] / HUNDRED_MILLIONS_PER_BN)

#: Readable headers and cell values of this notebook's tables (:func:`innovlib.tables.show`).
LABELS = {"report_edition": "report edition", "as_of": "as of"}
