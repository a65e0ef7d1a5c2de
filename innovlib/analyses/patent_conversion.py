"""Patent industrialisation rates: CNIPA's *China Patent Survey* by patentee group, and published rates abroad.

CNIPA publishes, for each survey year, the share of valid invention patents that are industrialised, overall and by
patentee group (enterprises, universities, ...); only some groups and years are reported publicly, so a table of
the rates has gaps, which stay empty. Rates published elsewhere use other definitions (utilisation, commercial use,
an author's estimate): :func:`international_comparison` sets them side by side with their definitions and never
puts them on one scale. Every function is pure: tables in, a table or a text out.

Example
-------
>>> import pandas as pd
>>> rates = pd.DataFrame({"survey_year": [2023, 2024], "patentee_group": ["enterprises"] * 2,
...                       "metric": ["effective invention patent industrialization rate"] * 2,
...                       "value": [51.3, 53.3]})
>>> rates_by_group(invention_rates(rates))["enterprises"].tolist()
[51.3, 53.3]
"""

from __future__ import annotations

import pandas as pd

from innovlib.text import names

#: Economy names longer than this are pooled samples (several countries), shown under one short label.
LONGEST_ECONOMY_LABEL = 20
POOLED_LABEL = "Europe, IL, US, JP pooled"


def invention_rates(rates: pd.DataFrame) -> pd.DataFrame:
    """The rows about invention patents (utility models have their own, higher, rates), one per year and group.

    Parameters
    ----------
    rates : pandas.DataFrame
        Resource ``rates`` of the dataset ``patent_industrialization`` (a ``metric`` column naming the rate).

    Returns
    -------
    pandas.DataFrame
        The rows whose metric mentions invention patents, unchanged; of two rows for the same survey year and
        patentee group, the first is kept (a line through both would zigzag).

    Example
    -------
    >>> rates = pd.DataFrame({"survey_year": [2023, 2023], "patentee_group": ["all patentees"] * 2,
    ...                       "metric": ["effective invention patent industrialization rate",
    ...                                  "effective utility model industrialization rate"], "value": [39.6, 57.1]})
    >>> invention_rates(rates)["value"].tolist()
    [39.6]
    """
    return rates[rates["metric"].str.contains("invention")].drop_duplicates(["survey_year", "patentee_group"])


def rates_by_group(invention: pd.DataFrame) -> pd.DataFrame:
    """One row per survey year, one column per patentee group; a rate not published stays empty.

    Example
    -------
    >>> invention = pd.DataFrame({"survey_year": [2023, 2023, 2024], "value": [39.6, 51.3, 53.3],
    ...                           "patentee_group": ["all patentees", "enterprises", "enterprises"]})
    >>> rates_by_group(invention).loc[2024].isna().tolist()
    [True, False]
    """
    return invention.pivot_table(index="survey_year", columns="patentee_group", values="value", aggfunc="first")


def latest_overall_rate(invention: pd.DataFrame) -> pd.Series:
    """The row of the latest survey year that gives the rate of all patentees.

    Example
    -------
    >>> invention = pd.DataFrame({"survey_year": [2023, 2022, 2024], "value": [39.6, 36.7, 53.3],
    ...                           "patentee_group": ["all patentees", "all patentees", "enterprises"]})
    >>> latest = latest_overall_rate(invention)
    >>> int(latest["survey_year"]), float(latest["value"])
    (2023, 39.6)
    """
    return invention[invention["patentee_group"] == "all patentees"].sort_values("survey_year").iloc[-1]


def survey_summary(wide: pd.DataFrame, trends: tuple[str, ...] = ("enterprises", "all patentees"),
                   gaps_of: tuple[str, ...] = ("all patentees", "universities")) -> str:
    """Markdown: the first and last published rate of the groups ``trends``, then the years missing for ``gaps_of``.

    Parameters
    ----------
    wide : pandas.DataFrame
        A table from :func:`rates_by_group`.
    trends, gaps_of : tuple of str
        Patentee groups (columns of ``wide``) whose span, and whose missing survey years, are named.

    Example
    -------
    >>> wide = pd.DataFrame({"enterprises": [48.1, 53.3], "universities": [3.9, None]}, index=[2022, 2024])
    >>> print(survey_summary(wide, trends=("enterprises",), gaps_of=("universities",)))
    Published survey rates:
    - enterprises: 48.1% (2022) to 53.3% (2024)
    <BLANKLINE>
    Not found in public reports, so left empty: universities in 2023 and universities in 2024.
    """
    lines = []
    for group in trends:
        series = wide[group].dropna()
        lines.append(f"- {group}: {series.iloc[0]:.1f}% ({series.index[0]}) to {series.iloc[-1]:.1f}% "
                     f"({series.index[-1]})")
    absent = [f"{group} in {year}" for group in gaps_of for year in range(wide.index.min(), wide.index.max() + 1)
              if pd.isna(wide[group].get(year))]
    return ("Published survey rates:\n" + "\n".join(lines)
            + f"\n\nNot found in public reports, so left empty: {names(absent)}.")


def international_comparison(international: pd.DataFrame, china_latest: pd.Series) -> pd.DataFrame:
    """The rates published abroad and China's latest survey rate, each labelled with its period and definition.

    Parameters
    ----------
    international : pandas.DataFrame
        Resource ``international`` of ``patent_industrialization`` (economy, value, metric, reference_period).
    china_latest : pandas.Series
        China's latest overall rate (:func:`latest_overall_rate`).

    Returns
    -------
    pandas.DataFrame
        Columns ``label`` (economy and period, or "date not given"), ``value`` (%), ``metric`` and ``text``
        (the value with its definition, written next to its bar: the definitions differ).

    Example
    -------
    >>> abroad = pd.DataFrame({"economy": ["Japan"], "value": [48.4], "reference_period": ["FY2017"],
    ...                        "metric": ["patent utilization rate"]})
    >>> china = pd.Series({"survey_year": 2023, "value": 39.6})
    >>> international_comparison(abroad, china)["text"].tolist()
    ['48.4%: patent utilization rate', '39.6%: invention patent industrialization rate']
    """
    economy = international["economy"].where(international["economy"].str.len() <= LONGEST_ECONOMY_LABEL,
                                             POOLED_LABEL)
    period = international["reference_period"].fillna("").map(lambda p: f" ({p})" if p else " (date not given)")
    china = pd.DataFrame({"label": [f"China, CNIPA survey ({int(china_latest['survey_year'])})"],
                          "value": [china_latest["value"]], "metric": ["invention patent industrialization rate"]})
    table = pd.concat([international.assign(label=economy + period)[["label", "value", "metric"]], china])
    return table.assign(text=table["value"].map("{:g}%: ".format) + table["metric"])

#: Readable headers and cell values of this notebook's tables (:func:`innovlib.tables.show`).
LABELS = {"survey_year": "survey year", "value": "value (%)", "reference_period": "reference period"}
