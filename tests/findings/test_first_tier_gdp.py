"""findings.first_tier_gdp on small hand-made tables: each city against China, and the pioneer industries."""

from __future__ import annotations


import pandas as pd
import pytest

from innovlib import claims
from innovlib.analyses.first_tier_gdp import growth_vs_national, scale_over_gdp
from innovlib.data import load
from innovlib.findings import first_tier_gdp

NBS = "https://www.stats.gov.cn/english/PressRelease/202510/t20251020_1961608.html"  # primary in data/
PEOPLE = "http://en.people.cn/n3/2025/1023/c90000-20380607.html"  # news in data/
MIRROR = "https://yxiu.cn/finance/ch/392927.html"  # secondary in data/


def gdp_rows(rates: dict[str, tuple], period: str = "2025Q1-Q3") -> pd.DataFrame:
    """{region: (rate, price basis, source)} as the growth table's rows."""
    return pd.DataFrame([{"region": region, "period": period, "indicator": "gdp_real_growth", "value": rate,
                          "price_basis": basis, "source_url": url} for region, (rate, basis, url) in rates.items()])


def claim_audit(**values) -> claims.Audit:
    return claims.Audit(**{"cities": ["Beijing"], "period": "2025Q1-Q3", "pioneer_year": 2024, **values})


@pytest.mark.parametrize("shanghai_source, shanghai_verdict", [(NBS, "contradicted"), (PEOPLE, "not_checkable")])
def test_each_city_is_compared_only_on_a_real_basis_with_its_own_evidence(shanghai_source, shanghai_verdict):
    table = gdp_rows({"China": (5.2, "real", NBS), "Beijing": (5.6, "real", PEOPLE),
                      "Shanghai": (5.0, "real", shanghai_source), "Shenzhen": (5.5, "real", MIRROR)})
    comparison = growth_vs_national(table, "2025Q1-Q3", list(first_tier_gdp.CLAIMED.values()))
    assert comparison["difference_pp"].round(1).tolist() == [0.4, -0.2, 0.3]
    audit = claim_audit()
    first_tier_gdp.gdp_01(audit, comparison, "2025Q1-Q3")
    verdicts = {v.part_id: v.verdict for v in audit.recorded}
    # Beijing: news + primary agree; Shanghai is below China, but one news report cannot contradict; Shenzhen's
    # rate rests on a mirror
    assert verdicts == {"GDP-01a": "confirmed_by_source", "GDP-01b": shanghai_verdict, "GDP-01c": "not_checkable"}
    assert "Beijing grew 5.6% in 2025Q1-Q3 at constant prices, China 5.2% (difference +0.4 points)." \
        in audit.recorded[0].explanation


def test_a_missing_or_unstated_rate_is_not_compared():
    table = gdp_rows({"China": (5.2, "real", NBS), "Beijing": (5.6, "not_stated", PEOPLE)})
    comparison = growth_vs_national(table, "2025Q1-Q3", list(first_tier_gdp.CLAIMED.values()))
    assert comparison["beats_national"].tolist() == [None, None, None]
    audit = claim_audit()
    first_tier_gdp.gdp_01(audit, comparison, "2025Q1-Q3")
    assert {v.verdict for v in audit.recorded} == {"not_checkable"}
    assert "the published rate is not_stated" in audit.recorded[0].explanation
    assert "Shanghai's or China's real GDP growth" in audit.recorded[1].explanation


def test_without_chinas_rate_nothing_is_compared():
    comparison = growth_vs_national(gdp_rows({"Beijing": (5.6, "real", PEOPLE)}), "2025Q1-Q3", ["Beijing"])
    assert comparison["national"].isna().all() and comparison["beats_national"].tolist() == [None]
    assert first_tier_gdp.describe_comparison(comparison, "2025Q1-Q3").startswith(
        "China's rate for 2025Q1-Q3 is not in the data")


def test_committed_data_scale_over_gdp_and_verdicts():
    summary = scale_over_gdp(load("shanghai_pioneer_industries"), 2024)
    # 18000 / 53926.71 (100 million CNY) = 33.38%: output over value added, not a share
    assert summary["scale_over_gdp_pct"].iloc[0] == pytest.approx(33.378, abs=1e-3)
    audit = claim_audit()
    first_tier_gdp.sh_01(audit, summary)
    sh_01a, sh_01b = audit.recorded
    assert sh_01a.computed == pytest.approx(1.8) and sh_01b.verdict == "not_checkable" and sh_01b.computed == 33.4
    assert "Their scale is 33.4% of GDP" in sh_01b.explanation


def test_every_url_a_rate_row_records_is_offered_for_its_own_figure():
    """A city's rate on a mirror, with a news report of it recorded as a further source (issue 17, class 1): the news
    report counts for the city's figure; the national figure keeps its own evidence (class 3)."""
    table = gdp_rows({"China": (5.2, "real", NBS), "Beijing": (5.6, "real", PEOPLE), "Shanghai": (5.5, "real", PEOPLE),
                      "Shenzhen": (5.5, "real", MIRROR)})
    table["other_source_urls"] = [None, None, None, PEOPLE]
    comparison = growth_vs_national(table, "2025Q1-Q3", list(first_tier_gdp.CLAIMED.values()))
    audit = claim_audit()
    first_tier_gdp.gdp_01(audit, comparison, "2025Q1-Q3")
    assert audit.verdict_of("GDP-01c") == "confirmed_by_source"
    table.loc[table["region"] == "China", "source_url"] = MIRROR
    comparison = growth_vs_national(table, "2025Q1-Q3", list(first_tier_gdp.CLAIMED.values()))
    audit = claim_audit()
    first_tier_gdp.gdp_01(audit, comparison, "2025Q1-Q3")
    decided = next(v for v in audit.recorded if v.part_id == "GDP-01c")
    assert decided.verdict == "not_checkable" and decided.explanation.startswith("For China's rate:")
