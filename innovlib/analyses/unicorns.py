"""Read a unicorn company list (CB Insights layout) and count companies by city, industry and year joined.

A company list is a file a user brings, such as the public CB Insights list of 1,037 unicorns joined up to
2022-02-28. Such files are messy: valuations are written ``$140 `` (billions, as the header ``Valuation ($B)``
says), amounts raised ``$7.44B``, ``$140M`` or ``$500K``, and ``None`` stands for a missing value.
:func:`load_company_list` turns the file into a tidy table with numbers in billions of US dollars, and rejects
a malformed row with an error naming the file, the row (spreadsheet numbering: the header is row 1) and the
column. The counting functions are pure: a table in, a table out.

Published counts of unicorns (GEI, Hurun, Zhongguancun forum reports) live in the dataset ``unicorn_counts``;
this module only counts what a given list contains.

Example
-------
>>> parse_usd_billions("$7.44B")
7.44
>>> parse_usd_billions("$140 ", bare_unit="B")
140.0
>>> parse_usd_billions("None") is None
True
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from pathlib import Path

import pandas as pd

from innovlib.data import DataValidationError
from innovlib.errors import shorten
from innovlib.escaping import code_span, markdown_text
from innovlib.outputs import USER_INPUT_ATTR
from innovlib.textfiles import TextDecodeError, decode_text

# Header of the CB Insights list as published (including its spelling "Inverstors").
EXPECTED_COLUMNS = [
    "Company", "Valuation ($B)", "Date Joined", "Country", "City", "Industry", "Select Inverstors",
    "Founded Year", "Total Raised", "Financial Stage", "Investors Count", "Deal Terms", "Portfolio Exits",
]
MISSING_MARKERS = {"", "None"}
# "$140 ", "$100.30", "$7.44B", "$140M", "$500K" (spaces around the number are tolerated).
MONEY_PATTERN = re.compile(r"^\s*\$\s*(\d+(?:\.\d+)?)\s*([BMK]?)\s*$")
UNIT_IN_BILLIONS = {"B": 1.0, "M": 1e-3, "K": 1e-6}
# Spelling variants in the published list, folded so that counts by industry are not split.
INDUSTRY_SPELLINGS = {"artificial intelligence": "Artificial intelligence", "finttech": "Fintech"}


class CompanyListError(DataValidationError):
    """A company list does not have the expected layout or holds a value that cannot be read."""


def parse_usd_billions(text: str, bare_unit: str = "") -> float | None:
    """Read an amount written like ``$7.44B``, ``$140M``, ``$500K`` or ``$140 `` as billions of US dollars.

    Parameters
    ----------
    text : str
        The cell as written. ``None`` or an empty cell means missing.
    bare_unit : {"", "B", "M", "K"}
        Unit of a number written without a suffix (``"B"`` for a column headed ``($B)``). With ``""`` a
        number without a suffix is an error, because its unit is unknown.

    Returns
    -------
    float or None
        The amount in billions of US dollars, or ``None`` when the cell is missing.

    Raises
    ------
    ValueError
        When the text is not an amount of that form.

    Example
    -------
    >>> parse_usd_billions("$140M")
    0.14
    >>> parse_usd_billions("$100.30 ", bare_unit="B")
    100.3
    """
    if text is None or text.strip() in MISSING_MARKERS:
        return None
    match = MONEY_PATTERN.match(text)
    if not match:
        raise ValueError(f"expected an amount like '$7.44B', '$140M' or '$140 ', or 'None'; found {shorten(text)}")
    number, suffix = float(match.group(1)), match.group(2) or bare_unit
    if not suffix:
        raise ValueError(f"amount {shorten(text)} has no unit suffix (B, M or K) and the column gives none")
    return round(number * UNIT_IN_BILLIONS[suffix], 9)


def _parse_count(text: str) -> int | None:
    if text.strip() in MISSING_MARKERS:
        return None
    if not re.fullmatch(r"\s*\d+\s*", text):
        raise ValueError(f"expected a whole number or 'None'; found {shorten(text)}")
    return int(text)


def _parse_year(text: str) -> int | None:
    if text.strip() in MISSING_MARKERS:
        return None
    if not re.fullmatch(r"\s*\d{4}\s*", text):
        raise ValueError(f"expected a four-digit year or 'None'; found {shorten(text)}")
    return int(text)


def _parse_date(text: str) -> datetime:
    try:
        return datetime.strptime(text.strip(), "%m/%d/%Y")
    except ValueError:
        raise ValueError(f"expected a date written month/day/year (e.g. 4/7/2017); found {shorten(text)}") from None


def _required_text(text: str) -> str:
    if text.strip() in MISSING_MARKERS:
        raise ValueError(f"a value is required; found {shorten(text)}")
    return text.strip()


def _optional_text(text: str) -> str | None:
    return None if text.strip() in MISSING_MARKERS else text.strip()


def canonical_industry(name: str) -> str:
    """Fold the list's spelling variants of an industry name ('Artificial Intelligence', 'Finttech').

    Example
    -------
    >>> canonical_industry("Artificial Intelligence")
    'Artificial intelligence'
    >>> canonical_industry("Health")
    'Health'
    """
    return INDUSTRY_SPELLINGS.get(name.strip().lower(), name.strip())


# Column as published -> (column in the tidy table, parser).
PARSERS = {
    "Company": ("company", _required_text),
    "Valuation ($B)": ("valuation_usd_bn", lambda s: parse_usd_billions(s, bare_unit="B")),
    "Date Joined": ("date_joined", _parse_date),
    "Country": ("country", _required_text),
    "City": ("city", _optional_text),
    "Industry": ("industry", lambda s: canonical_industry(_required_text(s))),
    "Select Inverstors": ("select_investors", _optional_text),
    "Founded Year": ("founded_year", _parse_year),
    "Total Raised": ("total_raised_usd_bn", parse_usd_billions),
    "Financial Stage": ("financial_stage", _optional_text),
    "Investors Count": ("investors_count", _parse_count),
    "Deal Terms": ("deal_terms", _parse_count),
    "Portfolio Exits": ("portfolio_exits", _parse_count),
}


def load_company_list(path: str | Path) -> pd.DataFrame:
    """Read a unicorn company list in the CB Insights layout into a tidy table.

    Money is in billions of US dollars (``valuation_usd_bn``, ``total_raised_usd_bn``); ``None`` cells become
    missing values; ``year_joined`` is taken from ``date_joined``; industry spelling variants are folded
    (see :func:`canonical_industry`). A valuation is required, since a unicorn is defined by it.

    Parameters
    ----------
    path : str or Path
        CSV file with the header :data:`EXPECTED_COLUMNS` (extra columns are an error too).

    Returns
    -------
    pandas.DataFrame
        One row per company, in file order; ``attrs["source_path"]`` holds the path.

    Raises
    ------
    CompanyListError
        Naming the file, the row (header = row 1) and the column, and what was expected: also for a file that is
        not UTF-8 text, holds a NUL byte, or lists the same company (same name, country and city) twice.

    Example
    -------
    >>> from pathlib import Path
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "list.csv").write_text(",".join(EXPECTED_COLUMNS) + "\\n"
    ...     'Bytedance,$140 ,4/7/2017,China,Beijing,Artificial intelligence,"Sequoia, SIG",2012,$7.44B,IPO,28,8,5\\n')
    >>> table = load_company_list(folder / "list.csv")
    >>> table.loc[0, ["valuation_usd_bn", "total_raised_usd_bn"]].tolist(), int(table.loc[0, "year_joined"])
    ([140.0, 7.44], 2017)
    """
    path = Path(path)
    if not path.is_file():
        raise CompanyListError(path, "file not found" if not path.exists() else "not a file")
    text = _read_text(path)
    records = []
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise CompanyListError(path, "file is empty; expected a header row and company rows")
    header = [name.strip() for name in header]
    for position, name in enumerate(EXPECTED_COLUMNS, start=1):
        if name not in header:
            raise CompanyListError(path, f"column is missing (expected column {position} of "
                                         f"{len(EXPECTED_COLUMNS)}: {EXPECTED_COLUMNS})", row=1, column=name)
    for name in header:
        if name not in EXPECTED_COLUMNS:
            raise CompanyListError(path, f"unexpected column; expected only {EXPECTED_COLUMNS}", row=1,
                                   column=shorten(name, 40)[1:-1])
    repeated = [name for name in header if header.count(name) > 1]
    if repeated:
        raise CompanyListError(path, "column appears twice", row=1, column=repeated[0])
    seen: dict[tuple, int] = {}
    row_number = 1
    for cells in reader:
        row_number = reader.line_num  # physical line where the row ends (header = 1)
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise CompanyListError(path, f"row has {len(cells)} fields, expected {len(header)} "
                                         "(an unquoted comma or a missing field?)", row=row_number)
        record = {}
        for name, text_value in zip(header, cells):
            column, parse = PARSERS[name]
            try:
                record[column] = parse(text_value)
            except ValueError as error:
                raise CompanyListError(path, str(error), row=row_number, column=name) from None
        if record["valuation_usd_bn"] is None:
            raise CompanyListError(path, "a valuation is required for a unicorn; found 'None'",
                                   row=row_number, column="Valuation ($B)")
        key = tuple((record[k] or "").casefold() for k in ("company", "country", "city"))
        if key in seen:
            raise CompanyListError(path, f"company {shorten(record['company'])} ({record['country']}, "
                                         f"{record['city'] or 'no city'}) is listed twice: first in row "
                                         f"{seen[key]}; it would be counted twice", row=row_number, column="Company")
        seen[key] = row_number
        records.append(record)
    if not records:
        raise CompanyListError(path, "file has a header but no company rows")
    table = pd.DataFrame.from_records(records, columns=[PARSERS[name][0] for name in EXPECTED_COLUMNS])
    table["date_joined"] = pd.to_datetime(table["date_joined"])
    table["year_joined"] = table["date_joined"].dt.year.astype("Int64")
    for column in ("founded_year", "investors_count", "deal_terms", "portfolio_exits"):
        table[column] = table[column].astype("Int64")
    for column in ("valuation_usd_bn", "total_raised_usd_bn"):
        table[column] = table[column].astype("float64")
    table.attrs["source_path"] = str(path)
    table.attrs[USER_INPUT_ATTR] = str(path)  # text from a user's file: save_table neutralises formula-like cells
    return table


def _read_text(path: Path) -> str:
    """The file as text (:func:`innovlib.textfiles.decode_text`); an error names the file and the row."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CompanyListError(path, f"cannot be read ({exc.strerror})") from None
    try:
        return decode_text(raw)
    except TextDecodeError as error:
        raise CompanyListError(path, error.reason, row=error.line) from None


def count_companies(companies: pd.DataFrame, by: str | list[str], country: str | None = None) -> pd.DataFrame:
    """Number of companies (and their total valuation) per group, largest first.

    Parameters
    ----------
    companies : pandas.DataFrame
        A table from :func:`load_company_list`.
    by : str or list of str
        Column(s) to group by, e.g. ``"city"``, ``"industry"``, ``"year_joined"``. Companies with a missing
        group value are counted under ``"(not given)"`` so that the counts add up to the list.
    country : str, optional
        Keep only companies of this country (as written in the list, e.g. ``"China"``).

    Returns
    -------
    pandas.DataFrame
        Columns ``by`` + ``companies`` + ``valuation_usd_bn``, sorted by count (descending) then by group.

    Example
    -------
    >>> table = pd.DataFrame({"country": ["China", "China", "India"], "city": ["Beijing", "Beijing", "Delhi"],
    ...                       "valuation_usd_bn": [140.0, 1.0, 2.0]})
    >>> count_companies(table, "city", country="China").to_dict("records")
    [{'city': 'Beijing', 'companies': 2, 'valuation_usd_bn': 141.0}]
    """
    keys = [by] if isinstance(by, str) else list(by)
    selected = companies if country is None else companies[companies["country"] == country]
    grouped = selected.assign(**{
        key: selected[key].astype(object).where(selected[key].notna(), "(not given)") for key in keys
    })
    counts = (
        grouped.groupby(keys, sort=False)
        .agg(companies=("valuation_usd_bn", "size"), valuation_usd_bn=("valuation_usd_bn", "sum"))
        .reset_index()
    )
    counts["companies"] = counts["companies"].astype(int)
    counts.attrs = dict(companies.attrs)  # counts of a user's list carry its text (city, industry names)
    return counts.sort_values(["companies", *keys], ascending=[False, *[True] * len(keys)],
                              key=lambda s: s.astype(str) if s.name in keys else s).reset_index(drop=True)


# --- published counts (dataset unicorn_counts) and a user's list, as the notebook shows them ---------------------

#: Short labels of the publishers of ``unicorn_counts`` (first match on the start of ``publisher``).
PUBLISHER_LABELS = {
    "GEI": "GEI", "MOST Torch": "GEI (with MOST Torch Centre)", "Zhongguancun": "Zhongguancun forum",
    "Hurun": "Hurun", "Ruishou": "Ruishou/Cyzone", "ITjuzi": "ITjuzi", "Unnamed": "unnamed study (Sputnik)",
}
#: The columns of a published count that are cited (``flag`` = "conflict" marks conflicting report summaries).
COUNT_COLUMNS = ["source", "report", "data_as_of", "as_of_year", "geo", "companies", "flag", "source_url"]
NOT_GIVEN = "(not given)"


def label_publishers(counts: pd.DataFrame) -> pd.DataFrame:
    """The published counts with a short ``source`` label per publisher (:data:`PUBLISHER_LABELS`).

    Raises ``ValueError`` naming a publisher that no label matches.

    Example
    -------
    >>> counts = pd.DataFrame({"publisher": ["Hurun Research Institute", "GEI (Great Wall Strategy Consultants)"]})
    >>> label_publishers(counts)["source"].tolist()
    ['Hurun', 'GEI']
    """
    def label(publisher: str) -> str:
        for start, short in PUBLISHER_LABELS.items():
            if publisher.startswith(start):
                return short
        raise ValueError(f"unicorn_counts: publisher {shorten(publisher)} has no short label in PUBLISHER_LABELS")

    return counts.assign(source=counts["publisher"].map(label))


def published_counts(counts: pd.DataFrame, scope: str, places: list[str]) -> pd.DataFrame:
    """The counts of ``places`` at ``scope`` ("city" or "country"), cited columns only, by place, year and source.

    Parameters
    ----------
    counts : pandas.DataFrame
        Resource ``unicorn_counts`` after :func:`label_publishers`.
    scope : str
        ``"city"`` or ``"country"``.
    places : list of str
        Values of ``geo`` kept (e.g. ``["Beijing", "Shanghai"]``).

    Example
    -------
    >>> counts = pd.DataFrame({"source": ["Hurun", "GEI", "GEI"], "report": ["H", "G", "G"], "as_of_year": [2024] * 3,
    ...                        "data_as_of": ["2024"] * 3, "scope": ["city", "city", "country"],
    ...                        "geo": ["Beijing", "Beijing", "China"], "companies": [79, 115, 372],
    ...                        "flag": [None, "conflict", None], "source_url": ["u1", "u2", "u3"]})
    >>> published_counts(counts, "city", ["Beijing"])[["source", "companies"]].to_dict("records")
    [{'source': 'GEI', 'companies': 115}, {'source': 'Hurun', 'companies': 79}]
    """
    selected = counts[(counts["scope"] == scope) & counts["geo"].isin(places)]
    return selected[COUNT_COLUMNS].sort_values(["geo", "as_of_year", "source"])


def widest_disagreement(city_counts: pd.DataFrame) -> str:
    """Markdown naming the city and year whose published counts differ most across publishers.

    Definitions (age limit, Hong Kong, state-backed spin-offs) and cut-off dates differ between publishers: the
    text says so, since counts are comparable only within one publisher's series.

    Example
    -------
    >>> counts = pd.DataFrame({"geo": ["Beijing", "Beijing", "Shanghai"], "as_of_year": [2024] * 3,
    ...                        "companies": [79, 115, 60], "source": ["Hurun", "GEI", "GEI"],
    ...                        "data_as_of": ["2024-12", "end-2024", "end-2024"]})
    >>> print(widest_disagreement(counts).split(". Definitions")[0])
    Publishers disagree widely for the same year: Beijing, 2024: Hurun 79 (as of 2024-12); GEI 115 (as of end-2024)
    """
    same_year = city_counts.groupby(["geo", "as_of_year"])["companies"].agg(["min", "max", "count"])
    compared = same_year[same_year["count"] > 1]
    if compared.empty:
        return "No two publishers give a count for the same city and year among the cities shown."
    geo, year = (compared["max"] - compared["min"]).sort_values().index[-1]
    rows = city_counts[(city_counts["geo"] == geo) & (city_counts["as_of_year"] == year)]
    listed = "; ".join(f"{r.source} {r.companies} (as of {r.data_as_of})" for r in rows.itertuples())
    return (f"Publishers disagree widely for the same year: {geo}, {year}: {listed}. Definitions (age limit, Hong "
            "Kong, state-backed spin-offs) and cut-off dates differ, so counts are comparable only within one "
            "publisher's series.")


def gei_editions(counts: pd.DataFrame, places: tuple[str, ...] = ("China", "Beijing", "Shanghai", "Shenzhen")
                 ) -> pd.DataFrame:
    """GEI's counts of ``places``, one row per report edition (and the date its counts refer to), one column per place.

    Example
    -------
    >>> counts = pd.DataFrame({"publisher": ["GEI (Great Wall)", "GEI (Great Wall)", "Hurun"],
    ...                        "report": ["GEI 2025"] * 2 + ["Hurun 2025"], "data_as_of": ["end-2024"] * 3,
    ...                        "scope": ["country", "city", "city"], "geo": ["China", "Beijing", "Beijing"],
    ...                        "companies": [372, 115, 79]})
    >>> gei_editions(counts).to_dict("records")
    [{'Beijing': 115, 'China': 372}]
    """
    gei = counts[counts["publisher"].str.startswith("GEI") & counts["geo"].isin(places)
                 & counts["scope"].isin(["country", "city"])]
    return gei.pivot_table(index=["report", "data_as_of"], columns="geo", values="companies", aggfunc="first")


def describe_company_list(companies: pd.DataFrame, country: str) -> str:
    """Markdown: how many companies a list holds, from which file, joined when, and how many in ``country``.

    Example
    -------
    >>> companies = pd.DataFrame({"country": ["China", "India"],
    ...                           "date_joined": pd.to_datetime(["2017-04-07", "2021-02-01"])})
    >>> companies.attrs["source_path"] = "/lists/u.csv"
    >>> describe_company_list(companies, "China")
    '2 companies from `u.csv`, joined 2017-04-07 to 2021-02-01; 1 in China.'
    >>> companies.attrs["source_path"] = "/lists/x`<img src=y>`.csv"  # a file name stays text
    >>> describe_company_list(companies, "<b>China</b>")
    '2 companies from `` x`<img src=y>`.csv ``, joined 2017-04-07 to 2021-02-01; 0 in &#60;b&#62;China&#60;/b&#62;.'
    """
    return (f"{len(companies)} companies from {code_span(Path(companies.attrs['source_path']).name)}, joined "
            f"{companies['date_joined'].min():%Y-%m-%d} to {companies['date_joined'].max():%Y-%m-%d}; "
            f"{(companies['country'] == country).sum()} in {markdown_text(country)}.")


def known_years(by_year: pd.DataFrame) -> pd.DataFrame:
    """Counts by year joined (:func:`count_companies` by ``"year_joined"``) without the undated, in year order.

    Example
    -------
    >>> by_year = pd.DataFrame({"year_joined": [2021, NOT_GIVEN, 2019], "companies": [5, 1, 2]})
    >>> known_years(by_year)["year_joined"].tolist()
    [2019, 2021]
    """
    return by_year[by_year["year_joined"] != NOT_GIVEN].sort_values("year_joined")


def count_panels(china_counts: pd.DataFrame, city_counts: pd.DataFrame, cities: list[str]) -> dict[str, pd.DataFrame]:
    """China's counts, then each of ``cities`` that has counts, as panels of :func:`innovlib.plots.path_panels`;
    each table gains ``conflict``: the count is one of conflicting report summaries (``flag`` = "conflict").

    Example
    -------
    >>> china = pd.DataFrame({"geo": ["China"], "companies": [372], "flag": [None]})
    >>> city = pd.DataFrame({"geo": ["Beijing", "Shanghai"], "companies": [115, 69], "flag": ["conflict", None]})
    >>> panels = count_panels(china, city, ["Shanghai", "Beijing", "Hangzhou"])
    >>> list(panels), panels["Beijing"]["conflict"].tolist()
    (['China', 'Shanghai', 'Beijing'], [True])
    """
    tables = {"China": china_counts} | {city: city_counts[city_counts["geo"] == city]
                                        for city in cities if city in set(city_counts["geo"])}
    # flag is missing for most rows: a missing flag is no conflict
    return {name: table.assign(conflict=table["flag"].eq("conflict").fillna(False).astype(bool))
            for name, table in tables.items()}

#: Readable headers and cell values of this notebook's tables (:func:`innovlib.tables.show`).
LABELS = {"data_as_of": "data as of", "companies": "companies (count)", "geo": "place"}
