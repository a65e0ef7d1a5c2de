"""Tables as a reader sees them (innovlib.tables.show) and numbers at the precision they have (innovlib.precision),
checked by the texts and the HTML they produce; then every executed notebook page, for what raw pandas would show."""

from __future__ import annotations

import csv
import html
import re

import numpy as np
import pandas as pd
import pytest

from innovlib import tables
from innovlib.precision import clean, decimals_of, is_number, number_text, stated_decimals
from innovlib.tables import MISSING, ShownTable, column_texts, show


# ---- precision ------------------------------------------------------------------------------------------------

def test_float_noise_is_removed_and_published_decimals_are_kept():
    assert number_text(5.6 - 5.2) == "0.4"  # 0.39999999999999947
    assert number_text(0.39999999999999947) == "0.4"
    assert number_text(37830.47) == "37830.47"
    assert number_text(8.0) == "8"
    assert number_text(123456789012345.0) == "123456789012345"  # a whole number is never cut to 12 digits
    assert clean(2 / 3) == clean(0.666666666667)
    assert decimals_of(8.8) == 1 and decimals_of(1 / 3) == 12


def test_declared_decimals_round_half_to_even_on_the_decimal_text():
    assert [number_text(v, 2) for v in (0.125, 0.135, 2.675, 1.005)] == ["0.12", "0.14", "2.68", "1.00"]
    assert number_text(0.4, 2) == "0.40"  # the declared precision is written out
    assert number_text(-0.001, 2) == "0.00"  # no negative zero
    assert number_text(1255350.4, 0) == "1255350"
    with pytest.raises(ValueError, match="at least 0"):
        number_text(1.0, -1)


def test_stated_decimals_tell_published_figures_from_computed_ones():
    assert stated_decimals([8.8, 5.25, np.nan, None, "text"]) == 2
    assert stated_decimals([1.0, 2.0]) == 0
    assert stated_decimals([1 / 3, 0.5]) is None
    assert stated_decimals([0.1234567]) is None and stated_decimals([0.1234567], limit=7) == 7
    assert [is_number(v) for v in (np.float64(1.5), np.int64(2), np.bool_(True), pd.NA, float("inf"))] == [
        True, True, False, False, False]


# ---- show -----------------------------------------------------------------------------------------------------

def test_every_kind_of_missing_value_shows_as_a_dash():
    table = pd.DataFrame({
        "city": ["Beijing", None, "", pd.NA],
        "growth": [5.6, np.nan, 1.0, 2.0],
        "rank": pd.array([1, pd.NA, 3, 4], dtype="Int64"),
        "as_of": pd.to_datetime(["2025-01-31", None, "2024-12-31", "2023-12-31"]),
    })
    shown = show(table)
    assert shown.cells[1] == [MISSING] * 4
    assert shown.cells[2][0] == MISSING and shown.cells[3][0] == MISSING  # an empty text is missing too
    assert shown.cells[0] == ["Beijing", "5.6", "1", "2025-01-31"]
    assert "NaN" not in shown.html and "&lt;NA&gt;" not in shown.html and "NaT" not in shown.html
    assert shown.html.count(f">{MISSING}</td>") == 6


def test_a_counting_index_is_dropped_and_a_meaningful_one_becomes_the_first_column():
    filtered = pd.DataFrame({"city": ["A", "B", "C"], "rank": [1, 2, 3]}).iloc[[2, 0]]  # index 2, 0
    assert show(filtered).headers == ["city", "rank"]
    assert show(filtered).cells == [["C", "3"], ["A", "1"]]
    named = pd.DataFrame({"rank": [1, 2]}, index=pd.Index(["Tokyo", "Seoul"], name="cluster"))
    assert show(named).headers == ["cluster", "rank"] and show(named).cells[0] == ["Tokyo", "1"]
    unnamed = pd.DataFrame({"S1": [0.3871, 0.0438]}, index=["normalisation", "aggregation"])
    assert show(unnamed).headers == ["", "S1"] and show(unnamed).cells[1] == ["aggregation", "0.0438"]
    page = show(named).html
    assert "row_heading" not in page and "index_name" not in page
    assert re.search(r"<tbody>.*<th", page, re.S) is None  # no header cell in a row: no index column


def test_labels_replace_code_names_in_headers_and_cells_and_units_join_the_header():
    table = pd.DataFrame({"method": ["cagr_levels", "chained_rates", "other_code"], "ci_low": [1.5, 2.0, 3.0],
                          "price_basis": ["not_stated", "real", "nominal"],
                          "source_url": ["https://x.example/a_b_c", None, None]})
    shown = show(table, labels={"cagr_levels": "CAGR of levels", "ci_low": "interval, low"}, units={"ci_low": "%"})
    assert shown.headers == ["method", "interval, low (%)", "price basis", "source"]
    assert [row[0] for row in shown.cells] == ["CAGR of levels", "chained_rates", "other_code"]  # only mapped codes
    assert shown.cells[0][2] == "not stated"  # the shared map (tables.LABELS)
    assert shown.cells[0][3] == "https://x.example/a_b_c"  # text is never respelled, only whole mapped codes
    assert show(table, labels={"ci_low": "interval (%)"}, units={"ci_low": "%"}).headers[1] == "interval (%)"
    assert tables.LABELS["not_checkable"] == "not checkable"


def test_numbers_keep_their_published_decimals_and_computed_ones_the_declared():
    table = pd.DataFrame({"published": [8.8, 5.25, 11664.0], "computed": [2 / 3, 0.5, 1.0],
                          "difference": [5.6 - 5.2, 5.5 - 5.2, 4.1 - 5.2], "rank": [1, 2, 3],
                          "holds": [True, False, True]})
    shown = show(table)
    assert [row[0] for row in shown.cells] == ["8.8", "5.25", "11664"]  # not padded to 8.80: no pretended digit
    assert [row[1] for row in shown.cells] == ["0.67", "0.50", "1.00"]  # computed: COMPUTED_DECIMALS
    assert [row[2] for row in shown.cells] == ["0.4", "0.3", "-1.1"]  # float noise gone
    assert [row[3] for row in shown.cells] == ["1", "2", "3"] and [row[4] for row in shown.cells] == [
        "yes", "no", "yes"]
    declared = show(table, precision={"computed": 3, "published": 1})
    assert [row[1] for row in declared.cells] == ["0.667", "0.500", "1.000"]
    assert [row[0] for row in declared.cells] == ["8.8", "5.2", "11664.0"]  # half to even: 5.25 -> 5.2
    assert show(table, precision=0).cells[0][:4] == ["9", "1", "0", "1"]  # an int covers every float column
    assert 'class="data row0 col0 num"' in shown.html and 'class="data row0 col4 text"' in shown.html
    assert 'class="col_heading level0 col3 num"' in shown.html  # a number column's header aligns with it
    assert 'class="col_heading level0 col4"' in shown.html


def test_every_row_and_column_is_shown_without_truncation():
    wide = pd.DataFrame({f"column_{j}": [f"long text {i} " * 12 for i in range(300)] for j in range(40)})
    shown = show(wide)
    assert len(shown.cells) == 300 and len(shown.headers) == 40
    assert shown.html.count("<tr>") == 301
    assert "long text 299 " * 12 in shown.html  # no cell cut short
    assert "..." not in shown.html and "…" not in shown.html and "rows ×" not in shown.html
    assert shown.html.startswith('<div class="innovlib-table">')  # the box that scrolls (CSS in the templates)


def test_text_from_data_stays_escaped_in_cells_headers_and_caption():
    hostile = "<script>alert(1)</script>"
    shown = show(pd.DataFrame({hostile: [hostile, "a & b"]}), labels={"a & b": "<b>x</b>"}, caption=hostile)
    assert "<script>" not in shown.html and "<b>" not in shown.html
    assert shown.html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 3  # header, cell, caption
    assert "&lt;b&gt;x&lt;/b&gt;" in shown.html  # a label is text too
    assert shown.cells[0] == [hostile]  # the text itself is kept as written


def test_two_level_headers_are_joined_and_the_same_table_renders_the_same_bytes():
    pivot = pd.DataFrame({"city": ["Austin", "Berlin"], "edition": [2023, 2023], "dimension": ["input", "input"],
                          "rank": [4.0, np.nan]}).pivot_table(index="city", columns=["edition", "dimension"],
                                                              values="rank", aggfunc="first", dropna=False)
    shown = show(pivot)
    assert shown.headers == ["city", "2023 / input"] and shown.cells == [["Austin", "4"], ["Berlin", MISSING]]
    assert show(pivot).html == shown.html  # no random id: a re-run writes the same page
    with pytest.raises(TypeError, match="takes a pandas DataFrame"):
        show(pivot.iloc[:, 0])


def test_column_texts_and_a_shown_table_read_as_text():
    assert column_texts(pd.Series([1.5, None, 2.25]), decimals=1) == ["1.5", MISSING, "2.2"]
    assert column_texts(pd.Series(["x", "y"], dtype="str"), {"x": "ex"}) == ["ex", "y"]
    assert repr(ShownTable(["a", "b"], [["1", "2"]], caption="Caption")) == "Caption\na  b\n1  2"
    assert ShownTable(["a"], [["1"]])._repr_html_().count("<td") == 1


# ---- every executed notebook page ---------------------------------------------------------------------------------

def _page_text(page: str) -> str:
    """What a reader reads on a page: no markup, no style or script, no embedded image data."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _shown_pages(executed):
    folders, _ = executed
    return {name: (folder / f"{name}.html").read_text(encoding="utf-8") for name, folder in folders.items()
            if (folder / f"{name}.html").exists()}


def test_no_executed_page_shows_raw_pandas(executed_outputs):
    """Missing values, truncation marks and index columns of raw pandas appear on no notebook page."""
    pages = _shown_pages(executed_outputs)
    assert pages
    found = []
    for name, page in pages.items():
        text = _page_text(page)
        found += [f"{name}: {mark!r}" for mark in ("<NA>", "rows ×", "NaT") if mark in text]
        found += [f"{name}: NaN" for _ in re.findall(r"\bNaN\b", text)][:1]
        if 'class="dataframe' in page:
            found.append(f"{name}: a raw pandas table")
        for row in re.findall(r"<tr\b[^>]*>(.*?)</tr>", page, re.S):
            cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", row, re.S)]
            if cells and all(c in ("...", "…") for c in cells):
                found.append(f"{name}: a truncation row")
        for body in re.findall(r"<tbody>(.*?)</tbody>", page, re.S):
            if re.search(r"<tr>\s*<th\b[^>]*>\s*\d+\s*</th>", body):
                found.append(f"{name}: an index column (a numbered header cell opening a row)")
    assert found == []


def test_a_web_address_shows_as_a_link_to_it_named_by_its_host():
    """A full address is one word wider than a phone's table cell: the cell links to it and shows its host; a
    hostile address stays inside its attribute, and a non-web scheme stays text."""
    shown = tables.show(pd.DataFrame({"source": ["https://www.jpo.go.jp/resources/report/nenji/2019/index77.html",
                                                 'https://x.example/"><script>alert(1)</script>',
                                                 "javascript:alert(1)"]}))
    assert '<a href="https://www.jpo.go.jp/resources/report/nenji/2019/index77.html">www.jpo.go.jp</a>' in shown.html
    assert "<script>" not in shown.html and '<a href="https://x.example/&#34;&gt;&lt;script&gt;' in shown.html
    assert '<a href="javascript' not in shown.html and "javascript:alert(1)" in shown.html


def test_no_citable_csv_writes_a_number_past_six_decimals(executed_outputs):
    """Every executed default run's tables carry each number at a declared or published precision: no float noise and
    no twelve-digit computed value (the SEI rates at 2 decimals, the engine's estimates at 3, λ bounds at 6)."""
    folders, _ = executed_outputs
    long = [(f"{folder.name}/{path.name}", header, value)
            for folder in folders.values() for path in sorted((folder / "tables").glob("*.csv"))
            for row in [list(csv.reader(path.open(encoding="utf-8")))] for line in row[1:]
            for header, value in zip(row[0], line) if re.fullmatch(r"-?\d+\.\d{7,}", value)]
    assert not long, long[:10]
