"""innovlib.analyses.regional_shares: CASTED's YRD share statements kept in their own words, and GBA finance
figures in bn yuan, on small tables of the published figures.

The tables (URLs are sources listed in data/ with their grades: goomeyun.net and xfqyw.cn secondary; hk01.com,
egs.stcn.com and people.cn news) are also the YRD-01 and GBA verdicts' inputs in
tests/findings/test_regional_shares.py.
"""

from __future__ import annotations

import pandas as pd
import pytest

from innovlib.analyses import regional_shares

SECONDARY = "http://www.goomeyun.net/cj/cjyw/2025-09-22/1782502.html"
NEWS = "http://en.people.cn/n3/2025/0115/c90000-20266428.html"
HK01 = ("https://www.hk01.com/%E8%B2%A1%E7%B6%93%E5%BF%AB%E8%A8%8A/60303927/%E6%B8%AF%E6%8A%95%E5%85%AC%E5%8F%B8-"
        "%E9%80%A3%E6%8E%A5%E5%85%A8%E7%90%83%E8%B3%87%E9%87%91%E8%88%87%E9%A6%99%E6%B8%AF%E5%89%B5%E7%A7%91%E7%9A%84"
        "%E9%97%9C%E9%8D%B5%E6%A9%8B%E6%A8%91-%E5%BD%AD%E5%81%89%E6%96%B0")
XFQYW = "http://www.xfqyw.cn/caijing/2023/0219/52573.html"
STCN = "http://egs.stcn.com/news/detail/1808205.html"


def yrd_statements(rows):
    """Rows (edition, indicator, comparator, share, source) as the resource ``yrd_shares``."""
    return pd.DataFrame(rows, columns=["report_edition", "indicator", "comparator", "share", "source_url"])


# What CASTED's 2025 and 2024 reports state (as reported), plus a "nearly half" on a news source for the rules.
YRD = yrd_statements([
    ("2025", "R&D personnel", "over", 30.0, SECONDARY),
    ("2025", "enterprise R&D internal expenditure", "over", 30.0, SECONDARY),
    ("2025", "high-tech product exports", "over", 30.0, SECONDARY),
    ("2025", "technology international revenue", "nearly", 50.0, NEWS),
    ("2024", "invention patents held", "over", 30.0, SECONDARY),
])


def gba_figures(rows):
    """Rows (item, city, value, unit, as_of, source, note) as the resource ``gba_finance``."""
    return pd.DataFrame(rows, columns=["item", "city", "value", "unit", "as_of", "source_url", "note"])


GBA = gba_figures([
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
