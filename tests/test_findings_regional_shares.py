"""Regional shares: CASTED's YRD share statements, GBA finance figures (innovlib.regional_shares) and the YRD-01,
GBA-01 to GBA-03 verdicts.

Small tables with the published figures; URLs are sources listed in data/ with their grades (goomeyun.net and
xfqyw.cn: secondary; hk01.com, egs.stcn.com and people.cn: news).
"""

from __future__ import annotations

import pandas as pd
import pytest

from innovlib import regional_shares
from innovlib.claims import Audit
from innovlib.findings import regional_shares as findings

SECONDARY = "http://www.goomeyun.net/cj/cjyw/2025-09-22/1782502.html"
NEWS = "http://en.people.cn/n3/2025/0115/c90000-20266428.html"
HK01 = ("https://www.hk01.com/%E8%B2%A1%E7%B6%93%E5%BF%AB%E8%A8%8A/60303927/%E6%B8%AF%E6%8A%95%E5%85%AC%E5%8F%B8-"
        "%E9%80%A3%E6%8E%A5%E5%85%A8%E7%90%83%E8%B3%87%E9%87%91%E8%88%87%E9%A6%99%E6%B8%AF%E5%89%B5%E7%A7%91%E7%9A%84"
        "%E9%97%9C%E9%8D%B5%E6%A9%8B%E6%A8%91-%E5%BD%AD%E5%81%89%E6%96%B0")
XFQYW = "http://www.xfqyw.cn/caijing/2023/0219/52573.html"
STCN = "http://egs.stcn.com/news/detail/1808205.html"


pytestmark = pytest.mark.usefixtures("outside_a_run")  # verdicts shown, not handed to a runner


def _statements(rows):
    """Rows (edition, indicator, comparator, share, source) as the resource ``yrd_shares``."""
    return pd.DataFrame(rows, columns=["report_edition", "indicator", "comparator", "share", "source_url"])


# What CASTED's 2025 and 2024 reports state (as reported), plus a "nearly half" on a news source for the rules.
YRD = _statements([
    ("2025", "R&D personnel", "over", 30.0, SECONDARY),
    ("2025", "enterprise R&D internal expenditure", "over", 30.0, SECONDARY),
    ("2025", "high-tech product exports", "over", 30.0, SECONDARY),
    ("2025", "technology international revenue", "nearly", 50.0, NEWS),
    ("2024", "invention patents held", "over", 30.0, SECONDARY),
])


def _gba(rows):
    """Rows (item, city, value, unit, as_of, source, note) as the resource ``gba_finance``."""
    return pd.DataFrame(rows, columns=["item", "city", "value", "unit", "as_of", "source_url", "note"])


GBA = _gba([
    ("industrial investment mother fund, size", "Guangzhou", 1500.0, "100 million CNY", "2023-02-18", XFQYW, ""),
    ("innovation (venture) investment mother fund, size", "Guangzhou", 500.0, "100 million CNY", "2023-02-18",
     XFQYW, ""),
    ("angel mother fund, size", "Guangzhou", None, "100 million CNY", "2024-06", STCN, "ten-billion class"),
    ("S&T innovation mother fund, size", "Guangzhou", 50.0, "100 million CNY", "2023-05-31", XFQYW, ""),
    ("S&T innovation mother fund, sub-funds invested", "Guangzhou", 24.0, "funds", "2023-05-31", XFQYW, ""),
    ("HKIC market capital mobilised per dollar invested", "Hong Kong", 6.0, "HKD per HKD invested",
     "2024 annual report", HK01, ""),
    ("IP securitisation products issued (cumulative)", "Shenzhen", 105.0, "products", "2024-06", XFQYW, ""),
    ("IP securitisation issuance (cumulative)", "Shenzhen", 228.29, "100 million CNY", "2024-06", XFQYW, ""),
    ("IP securitisation products issued (cumulative)", "Guangzhou", 4.0, "products", "2023-06", XFQYW, ""),
    ("IP securitisation issuance (cumulative)", "Guangzhou", 10.25, "100 million CNY", "2023-06", XFQYW, ""),
])


# --- innovlib.regional_shares -------------------------------------------------------------------------------

def test_statements_by_edition_keeps_each_report_s_words():
    table = regional_shares.statements_by_edition(YRD)
    assert table.loc["technology international revenue", "2025"] == "nearly 50%"
    assert table.loc["invention patents held"].tolist() == ["over 30%", ""]


def test_edition_statements_put_the_largest_share_first():
    shown = regional_shares.edition_statements(YRD, "2025")
    assert shown.index[0] == "technology international revenue"
    assert len(shown) == 4 and "invention patents held" not in shown.index
    by_comparator = regional_shares.shares_by_comparator(shown)
    assert by_comparator.loc["technology international revenue"].fillna(0).tolist() == [50.0, 0.0]


def test_ip_securitisation_amounts_in_bn_yuan():
    issued = regional_shares.ip_securitisation_issued(GBA)
    assert issued["place"].tolist() == ["Shenzhen (2024-06)", "Guangzhou (2023-06)"]
    assert issued["bn"].tolist() == pytest.approx([22.829, 1.025])


# --- YRD-01 -------------------------------------------------------------------------------------------------

def test_yrd_01_a_threshold_in_other_words_is_not_checkable():
    audit = Audit(yrd_edition="2025")
    findings.yrd_01(audit, YRD, "2025")
    personnel = next(v for v in audit.recorded if v.part_id == "YRD-01b")
    assert (personnel.verdict, personnel.computed) == ("not_checkable", "over 30%")
    assert "says 'over 30%', consistent with the article's 33.3%" in personnel.explanation


def test_yrd_01_the_article_s_own_wording_on_a_news_source_confirms():
    audit = Audit(yrd_edition="2025")
    findings.yrd_01(audit, YRD, "2025")
    revenue = next(v for v in audit.recorded if v.part_id == "YRD-01f")
    assert (revenue.verdict, revenue.computed) == ("confirmed_by_source", 50.0)
    assert "'nearly 50%', the article's wording" in revenue.explanation


def test_yrd_01_an_indicator_not_stated_names_what_the_report_says_instead():
    audit = Audit(yrd_edition="2025")
    findings.yrd_01(audit, YRD, "2025")
    spending = next(v for v in audit.recorded if v.part_id == "YRD-01a")
    assert spending.verdict == "not_checkable"
    assert spending.explanation == ("Missing: any share for R&D internal expenditure in CASTED's 2025 report. "
                                    "The report states enterprise R&D internal expenditure: over 30%.")
    firms = next(v for v in audit.recorded if v.part_id == "YRD-01e")
    assert firms.explanation == "Missing: any share for firms with R&D activity in CASTED's 2025 report."


def test_yrd_01_another_edition_records_no_verdict():
    audit = Audit(yrd_edition="2024")
    findings.yrd_01(audit, YRD, "2024")
    assert audit.recorded == []
    assert [s.part_id for s in audit.not_tested] == [f"YRD-01{p}" for p in "abcdef"]
    assert audit.not_tested[2].computed == "over 30%"  # invention patents held, as the 2024 report states it


# --- GBA-01 to GBA-03 ---------------------------------------------------------------------------------------

def test_gba_01_a_missing_fund_size_leaves_the_sizes_not_checkable():
    audit = Audit()
    findings.gba_01(audit, GBA)
    sizes = audit.recorded[0]
    assert (sizes.part_id, sizes.verdict, sizes.computed) == ("GBA-01a", "not_checkable", [150.0, 50.0, None])
    assert sizes.explanation.startswith("Missing: a published size for the angel mother fund.")
    assert [v.verdict for v in audit.recorded[1:]] == ["not_checkable"] * 3
    assert audit.recorded[1].explanation.endswith("The latest figures found, of earlier dates: sub-funds invested 24 "
                                                  "funds (2023-05-31).")
    assert audit.recorded[3].explanation.endswith("No figure of the fund's number of Guangzhou projects invested was "
                                                  "found.")


def test_gba_01a_each_fund_size_rests_on_its_own_sources():
    """A published value of three figures ('150/50/10'): the rules apply to each size (issue 17, class 3), and a
    row's other URLs count (class 1): China News Service states the 150 and 50 bn beside a secondary reprint."""
    complete = GBA.copy()
    complete.loc[complete["item"] == "angel mother fund, size", "value"] = 100.0
    complete["other_source_urls"] = None
    first_two = complete["item"].isin(["industrial investment mother fund, size",
                                       "innovation (venture) investment mother fund, size"])
    complete.loc[first_two, "other_source_urls"] = "http://www.gd.chinanews.com.cn/2023/2023-09-20/430564.shtml"
    audit = Audit()
    findings.gba_01(audit, complete)
    assert audit.recorded[0].verdict == "confirmed_by_source"  # 150, 50 (CNS) and the angel size (STCN) each news
    complete.loc[complete["item"] == "angel mother fund, size", "source_url"] = XFQYW
    audit = Audit()
    findings.gba_01(audit, complete)
    assert audit.recorded[0].verdict == "not_checkable" and "angel mother fund's size" in audit.recorded[0].explanation


def test_gba_01_all_three_sizes_on_a_news_source_confirm_150_50_10():
    complete = GBA.copy()
    complete.loc[complete["item"].str.endswith("mother fund, size"), "source_url"] = STCN
    complete.loc[complete["item"] == "angel mother fund, size", "value"] = 100.0
    audit = Audit()
    findings.gba_01(audit, complete)
    assert (audit.recorded[0].verdict, audit.recorded[0].computed) == ("confirmed_by_source", [150.0, 50.0, 10.0])


@pytest.mark.parametrize("leverage, verdict, words", [(6.0, "confirmed_by_source", "which satisfies 'over 5'"),
                                                      (5.0, "not_checkable", "which does not satisfy 'over 5'")])
def test_gba_02_hkic_leverage_must_exceed_5(leverage, verdict, words):
    # 5 is not "more than 5": a contradiction, which one news report cannot carry (it becomes not checkable)
    table = GBA.copy()
    table.loc[table["city"] == "Hong Kong", "value"] = leverage
    audit = Audit()
    findings.gba_02(audit, table)
    assert (audit.recorded[0].verdict, audit.recorded[0].computed) == (verdict, leverage)
    assert words in audit.recorded[0].explanation


def test_gba_03_figures_of_different_cities_and_dates_are_listed_not_added():
    audit = Audit()
    findings.gba_03(audit, GBA)
    assert [(v.part_id, v.verdict) for v in audit.recorded] == [("GBA-03a", "not_checkable"),
                                                                ("GBA-03b", "not_checkable")]
    assert audit.recorded[0].explanation.endswith(
        "Shenzhen 105 products (2024-06); Shenzhen 228.29 x 100 million yuan (2024-06); Guangzhou 4 products (2023-06); "
        "Guangzhou 10.25 x 100 million yuan (2023-06).")
