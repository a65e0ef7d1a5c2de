"""innovlib.analyses.unicorns: the company-list loader on the real CB Insights list (when ../shared is present) and on
malformed files, and the tables of published counts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from conftest import PROJECT_ROOT
from innovlib.analyses.unicorns import CompanyListError, count_companies, load_company_list, parse_usd_billions

FIXTURES = PROJECT_ROOT / "tests" / "data"
REAL_LIST = PROJECT_ROOT / ".." / "shared" / "external" / "unicorn-list" / "Unicorn_Companies.csv"


@pytest.fixture(scope="module")
def real_list():
    if not REAL_LIST.exists():
        pytest.skip("../shared/external/unicorn-list is absent")
    return load_company_list(REAL_LIST)


# --- the real list: counts match the inventory in ../shared/reference/china/C_unicorn_csv_inventory.csv ---

def test_real_list_row_count_and_dates(real_list):
    assert len(real_list) == 1037
    assert real_list["date_joined"].min() == pd.Timestamp("2007-07-20")
    assert real_list["date_joined"].max() == pd.Timestamp("2022-02-28")


def test_real_list_counts_by_chinese_city(real_list):
    assert (real_list["country"] == "China").sum() == 168
    by_city = count_companies(real_list, "city", country="China").set_index("city")["companies"]
    assert by_city[["Beijing", "Shanghai", "Shenzhen", "Hangzhou", "Guangzhou"]].tolist() == [63, 43, 18, 14, 5]
    assert by_city.index[0] == "Beijing"
    assert by_city.sum() == 168


def test_real_list_money_formats(real_list):
    bytedance = real_list.set_index("company").loc["Bytedance"]
    assert bytedance["valuation_usd_bn"] == 140.0  # written "$140 " under "Valuation ($B)"
    assert bytedance["total_raised_usd_bn"] == pytest.approx(7.44)  # written "$7.44B"
    # 24 companies have "None" as total raised; every valuation is present
    assert real_list["total_raised_usd_bn"].isna().sum() == 24
    assert real_list["valuation_usd_bn"].notna().all()
    assert real_list["city"].isna().sum() == 16  # city written "None" (e.g. Singapore, Hong Kong companies)


def test_real_list_counts_add_up(real_list):
    by_year = count_companies(real_list, "year_joined")
    assert by_year["companies"].sum() == 1037
    assert by_year.iloc[0]["year_joined"] == 2021 and by_year.iloc[0]["companies"] == 514
    by_industry = count_companies(real_list, "industry").set_index("industry")["companies"]
    # "Artificial Intelligence" (7) is folded into "Artificial intelligence" (73); "Finttech" (1) into Fintech (211)
    assert by_industry["Artificial intelligence"] == 80
    assert by_industry["Fintech"] == 212


# --- small files with every format and every kind of mistake ---

def test_good_fixture_reads_every_money_format():
    table = load_company_list(FIXTURES / "unicorns_good.csv")
    assert table["valuation_usd_bn"].tolist() == [140.0, 1.5, 2.0]
    assert table["total_raised_usd_bn"].tolist() == pytest.approx([7.44, 0.14, 0.0005])
    assert table["industry"].tolist() == ["Artificial intelligence", "Artificial intelligence", "Fintech"]
    assert pd.isna(table.loc[2, "city"]) and pd.isna(table.loc[1, "founded_year"])
    assert table["year_joined"].tolist() == [2017, 2021, 2021]
    counts = count_companies(table, "city")
    assert counts.to_dict("records")[-1] == {"city": "Shenzhen", "companies": 1, "valuation_usd_bn": 1.5}
    assert set(counts["city"]) == {"Beijing", "Shenzhen", "(not given)"}


@pytest.mark.parametrize(
    ("fixture", "row", "column", "expected_text"),
    [
        ("unicorns_bad_valuation.csv", 3, "Valuation ($B)", "'140B$'"),
        ("unicorns_bad_date.csv", 2, "Date Joined", "month/day/year"),
        ("unicorns_extra_field.csv", 4, None, "14 fields, expected 13"),
        ("unicorns_missing_valuation.csv", 3, "Valuation ($B)", "valuation is required"),
        ("unicorns_bad_total_raised.csv", 2, "Total Raised", "'7.44 billion'"),
        ("unicorns_missing_column.csv", 1, "Industry", "column is missing"),
        ("unicorns_bad_count.csv", 2, "Investors Count", "whole number"),
    ],
)
def test_malformed_rows_are_rejected_with_file_row_and_column(fixture, row, column, expected_text):
    with pytest.raises(CompanyListError) as caught:
        load_company_list(FIXTURES / fixture)
    error = caught.value
    assert error.path.endswith(fixture)
    assert error.row == row
    assert error.column == column
    assert expected_text in str(error)
    assert f"row {row}" in str(error) and fixture in str(error)


def test_missing_file_is_an_error_naming_it(tmp_path):
    with pytest.raises(CompanyListError, match="nowhere.csv"):
        load_company_list(tmp_path / "nowhere.csv")


@pytest.mark.parametrize(
    ("text", "bare_unit", "expected"),
    [("$7.44B", "", 7.44), ("$140M", "", 0.14), ("$500K", "", 0.0005), ("$140 ", "B", 140.0),
     ("$100.30 ", "B", 100.3), ("None", "", None), ("", "B", None)],
)
def test_parse_usd_billions(text, bare_unit, expected):
    assert parse_usd_billions(text, bare_unit=bare_unit) == (pytest.approx(expected) if expected else expected)


@pytest.mark.parametrize("text", ["$140 ", "7.44B", "$7,44B", "$1.2T", "about $1B"])
def test_parse_usd_billions_rejects_unknown_forms(text):
    with pytest.raises(ValueError):
        parse_usd_billions(text)  # "$140 " has no unit when the column gives none


# --- the published counts dataset ---

def test_published_counts_keep_both_sides_of_the_gei_2025_conflict():
    from innovlib.data import load

    counts = load("unicorn_counts", resource="unicorn_counts").set_index(["report", "scope", "geo"])
    gei_2025 = "GEI中国独角兽企业研究报告2025"
    assert counts.loc[(gei_2025, "country", "China"), "companies"] == 372
    assert [counts.loc[(gei_2025, "city", c), "companies"] for c in ["Beijing", "Shanghai", "Shenzhen"]] == [115, 65, 42]
    assert counts.loc[(gei_2025, "city", "Beijing"), "flag"] == "conflict"
    # The article's Beijing 75 is GEI's previous edition (end-2023).
    assert counts.loc[("中国独角兽企业研究报告2024", "city", "Beijing"), "companies"] == 75
    assert counts.loc[("中国独角兽企业研究报告2024", "city", "Beijing"), "data_as_of"] == "end-2023"
    assert counts["source_url"].notna().all()


# --- a user's file: repeated companies, NUL bytes, other encodings ---

def _list_file(tmp_path, rows: bytes) -> Path:
    from innovlib.analyses.unicorns import EXPECTED_COLUMNS

    path = tmp_path / "list.csv"
    path.write_bytes(",".join(EXPECTED_COLUMNS).encode() + b"\n" + rows)
    return path


ROW = b"Acme,$1 ,4/7/2017,China,Beijing,Fintech,None,2012,$1B,IPO,1,1,1\n"


def test_repeated_company_is_refused_with_both_rows(tmp_path):
    with pytest.raises(CompanyListError, match=r"row 3, column 'Company': company 'Acme' .* first in row 2"):
        load_company_list(_list_file(tmp_path, ROW + ROW))
    # the same name in another city is another company (the published list has two 'Bolt's)
    assert len(load_company_list(_list_file(tmp_path, ROW + ROW.replace(b"Beijing", b"Shanghai")))) == 2


def test_nul_byte_and_other_encodings_name_the_row(tmp_path):
    with pytest.raises(CompanyListError, match="row 3: contains a NUL byte"):
        load_company_list(_list_file(tmp_path, ROW + ROW.replace(b"Acme", b"Ac\x00me")))
    with pytest.raises(CompanyListError, match="row 2: not UTF-8"):
        load_company_list(_list_file(tmp_path, ROW.replace(b"Acme", "Zürich AG".encode("latin-1"))))


def test_counts_of_a_user_list_are_marked_for_neutralised_output(tmp_path):
    table = load_company_list(_list_file(tmp_path, ROW))
    assert count_companies(table, "city").attrs["user_input"] == str(tmp_path / "list.csv")


# --- published counts as the notebook shows them ---

def _published(rows):
    """Rows (publisher, geo, year, companies, flag) of city counts, as the resource ``unicorn_counts``."""
    table = pd.DataFrame(rows, columns=["publisher", "geo", "as_of_year", "companies", "flag"])
    return table.assign(report=table["publisher"] + " report", data_as_of=table["as_of_year"].astype(str),
                        scope="city", source_url="https://example.org/" + table["publisher"])


PUBLISHED = _published([
    ("GEI (Great Wall Strategy Consultants)", "Beijing", 2024, 115, "conflict"),
    ("Hurun Research Institute", "Beijing", 2024, 78, None),
    ("Zhongguancun forum", "Beijing", 2024, 114, None),
    ("GEI (Great Wall Strategy Consultants)", "Shanghai", 2024, 65, "conflict"),
    ("Hurun Research Institute", "Shanghai", 2024, 66, None),
    ("Hurun Research Institute", "Shanghai", 2023, 66, None),
])


def test_publishers_get_short_labels_and_an_unknown_one_is_named():
    from innovlib.analyses.unicorns import label_publishers

    assert label_publishers(PUBLISHED)["source"].tolist()[:3] == ["GEI", "Hurun", "Zhongguancun forum"]
    with pytest.raises(ValueError, match="publisher 'CB Insights' has no short label"):
        label_publishers(pd.DataFrame({"publisher": ["CB Insights"]}))


def test_published_counts_of_chosen_cities_by_city_year_and_source():
    from innovlib.analyses.unicorns import COUNT_COLUMNS, label_publishers, published_counts

    shanghai = published_counts(label_publishers(PUBLISHED), "city", ["Shanghai"])
    assert list(shanghai.columns) == COUNT_COLUMNS
    assert list(zip(shanghai["as_of_year"], shanghai["source"], shanghai["companies"])) == [
        (2023, "Hurun", 66), (2024, "GEI", 65), (2024, "Hurun", 66)]


def test_widest_disagreement_is_beijing_2024():
    from innovlib.analyses.unicorns import label_publishers, widest_disagreement

    # Beijing 2024: 78 to 115 (spread 37); Shanghai 2024: 65 to 66 (spread 1)
    text = widest_disagreement(label_publishers(PUBLISHED))
    assert text.startswith("Publishers disagree widely for the same year: Beijing, 2024: GEI 115 (as of 2024); "
                           "Hurun 78 (as of 2024); Zhongguancun forum 114 (as of 2024).")
    only_one_each = label_publishers(PUBLISHED.drop_duplicates(["geo", "as_of_year"]))
    assert widest_disagreement(only_one_each).startswith("No two publishers give a count for the same city")


def test_count_panels_put_china_first_and_ring_conflicts():
    from innovlib.analyses.unicorns import count_panels

    china = pd.DataFrame({"geo": ["China"], "companies": [372], "flag": pd.array([pd.NA], dtype="string")})
    cities = PUBLISHED.astype({"flag": "string"})  # as the dataset loads: a missing flag is <NA>
    panels = count_panels(china, cities, ["Shanghai", "Hangzhou", "Beijing"])
    assert list(panels) == ["China", "Shanghai", "Beijing"]  # Hangzhou has no count here
    assert panels["Shanghai"]["conflict"].tolist() == [True, False, False]
    assert panels["China"]["conflict"].tolist() == [False]


def test_gei_editions_one_row_per_report():
    from innovlib.analyses.unicorns import gei_editions

    counts = pd.DataFrame({"publisher": ["GEI (Great Wall)"] * 3 + ["Hurun"],
                           "report": ["GEI 2025", "GEI 2025", "GEI 2024", "Hurun 2025"],
                           "data_as_of": ["end-2024", "end-2024", "end-2023", "2025-01-01"],
                           "scope": ["country", "city", "city", "city"],
                           "geo": ["China", "Beijing", "Beijing", "Beijing"], "companies": [372, 115, 75, 78]})
    table = gei_editions(counts)
    assert table.loc[("GEI 2025", "end-2024")].tolist() == [115, 372]
    assert table.loc[("GEI 2024", "end-2023"), "Beijing"] == 75
    assert "Hurun 2025" not in table.index.get_level_values("report")


def test_company_list_path_and_description(tmp_path):
    from innovlib.parameters import absolute_path  # how the notebook finds the list the parameter names
    from innovlib.analyses.unicorns import describe_company_list, known_years

    assert absolute_path("lists/u.csv", tmp_path) == tmp_path / "lists" / "u.csv"
    assert absolute_path(str(tmp_path / "u.csv"), Path("/elsewhere")) == tmp_path / "u.csv"
    table = load_company_list(FIXTURES / "unicorns_good.csv")
    assert describe_company_list(table, "China") == ("3 companies from `unicorns_good.csv`, joined 2017-04-07 to "
                                                     "2021-12-01; 2 in China.")
    by_year = pd.DataFrame({"year_joined": [2021, "(not given)", 2017], "companies": [514, 3, 12]})
    assert known_years(by_year)["companies"].tolist() == [12, 514]
