"""Regional shares: the YRD-01 and GBA-01 to GBA-03 verdicts, on the small tables of published figures that
tests/analyses/test_regional_shares.py also uses. URLs are sources listed in data/ with their grades (goomeyun.net and
xfqyw.cn: secondary; hk01.com, egs.stcn.com and people.cn: news).
"""

from __future__ import annotations

import pandas as pd
import pytest

from analyses.test_regional_shares import GBA, STCN, XFQYW, YRD
from innovlib.claims import Audit
from innovlib.findings import regional_shares as findings

pytestmark = pytest.mark.usefixtures("outside_a_run")  # verdicts shown, not handed to a runner


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
