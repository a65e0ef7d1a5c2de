"""findings.first_tier_gdp on small hand-made tables: each city against China, and the pioneer industries; the
sentences on the committed data in one snapshot (__snapshots__/test_first_tier_gdp.ambr)."""

from __future__ import annotations

import pandas as pd
import pytest

from innovlib import claims
from innovlib.analyses.first_tier_gdp import growth_vs_national, scale_over_gdp
from innovlib.data import load
from innovlib.findings import Decision, first_tier_gdp
from innovlib.findings.first_tier_gdp import CityGrowth, Gdp01Evidence, Sh01Evidence

NBS = "https://www.stats.gov.cn/english/PressRelease/202510/t20251020_1961608.html"  # primary in data/
PEOPLE = "http://en.people.cn/n3/2025/1023/c90000-20380607.html"  # news in data/
MIRROR = "https://yxiu.cn/finance/ch/392927.html"  # secondary in data/
CITIES = list(first_tier_gdp.CLAIMED.values())


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
    comparison = growth_vs_national(table, "2025Q1-Q3", CITIES)
    evidence = first_tier_gdp.gdp_01_evidence(comparison, "2025Q1-Q3")
    beijing = evidence.cities["GDP-01a"]
    assert (beijing.real_growth, beijing.national, beijing.sources, beijing.national_sources) == (5.6, 5.2, (PEOPLE,), (NBS,))
    assert [round(evidence.cities[p].difference_pp, 1) for p in ("GDP-01a", "GDP-01b", "GDP-01c")] == [0.4, -0.2, 0.3]
    # the decision before the sources are graded: Shanghai's 5.0 is below China's 5.2
    assert {p: d.verdict for p, d in first_tier_gdp.decide_gdp_01(evidence).items()} == {
        "GDP-01a": "confirmed_by_source", "GDP-01b": "contradicted", "GDP-01c": "confirmed_by_source"}
    audit = claim_audit()
    first_tier_gdp.gdp_01(audit, comparison, "2025Q1-Q3")
    # Beijing: news + primary agree; Shanghai is below China, but one news report cannot contradict; Shenzhen's
    # rate rests on a mirror
    assert {v.part_id: v.verdict for v in audit.recorded} == {
        "GDP-01a": "confirmed_by_source", "GDP-01b": shanghai_verdict, "GDP-01c": "not_checkable"}
    assert audit.recorded[0].computed is True and audit.recorded[1].computed is False


def test_a_missing_or_unstated_rate_is_not_compared():
    table = gdp_rows({"China": (5.2, "real", NBS), "Beijing": (5.6, "not_stated", PEOPLE)})
    comparison = growth_vs_national(table, "2025Q1-Q3", CITIES)
    assert comparison["beats_national"].tolist() == [None, None, None]
    evidence = first_tier_gdp.gdp_01_evidence(comparison, "2025Q1-Q3")
    beijing, shanghai = evidence.cities["GDP-01a"], evidence.cities["GDP-01b"]
    assert (beijing.has_rates, beijing.real_basis, beijing.price_basis) == (True, False, "not_stated")
    assert (shanghai.has_rates, shanghai.real_growth, shanghai.national) == (False, None, 5.2)
    assert set(first_tier_gdp.decide_gdp_01(evidence).values()) == {Decision("not_checkable")}
    audit = claim_audit()
    first_tier_gdp.gdp_01(audit, comparison, "2025Q1-Q3")
    assert {v.verdict for v in audit.recorded} == {"not_checkable"}
    assert [v.reason for v in audit.recorded] == ["no_public_data"] * 3


def test_decide_gdp_01_on_hand_made_evidence():
    growth = CityGrowth("Beijing", 5.6, 5.2, "real", 0.4, True, (PEOPLE,), (NBS,))
    below = CityGrowth("Shanghai", 5.0, 5.2, "real", -0.2, False, (NBS,), (NBS,))
    nominal = CityGrowth("Shenzhen", 6.0, 5.2, "nominal", 0.8, None, (NBS,), (NBS,))
    decided = first_tier_gdp.decide_gdp_01(Gdp01Evidence("2025Q1-Q3", {"GDP-01a": growth, "GDP-01b": below,
                                                                      "GDP-01c": nominal}))
    assert decided == {"GDP-01a": Decision("confirmed_by_source", computed=True),
                       "GDP-01b": Decision("contradicted", computed=False), "GDP-01c": Decision("not_checkable")}


def test_without_chinas_rate_nothing_is_compared():
    comparison = growth_vs_national(gdp_rows({"Beijing": (5.6, "real", PEOPLE)}), "2025Q1-Q3", ["Beijing"])
    assert comparison["national"].isna().all() and comparison["beats_national"].tolist() == [None]
    assert "%" not in first_tier_gdp.describe_comparison(comparison, "2025Q1-Q3")  # no national rate is shown


def test_committed_data_scale_over_gdp_and_verdicts():
    summary = scale_over_gdp(load("shanghai_pioneer_industries"), 2024)
    # 18000 / 53926.71 (100 million CNY) = 33.38%: output over value added, not a share
    assert summary["scale_over_gdp_pct"].iloc[0] == pytest.approx(33.378, abs=1e-3)
    evidence = first_tier_gdp.sh_01_evidence(summary)
    assert (evidence.year, evidence.trillion) == (2024, pytest.approx(1.8))
    assert first_tier_gdp.decide_sh_01(evidence) == {
        "SH-01a": Decision("confirmed_by_source", computed=1.8, tolerance=0.05),
        "SH-01b": Decision("not_checkable", computed=33.4)}
    audit = claim_audit()
    first_tier_gdp.sh_01(audit, summary)
    sh_01a, sh_01b = audit.recorded
    assert sh_01a.computed == pytest.approx(1.8) and sh_01b.verdict == "not_checkable" and sh_01b.computed == 33.4
    assert (sh_01a.basis, sh_01a.tolerance, sh_01a.published) == ("source", 0.05, 1.8)  # the decision's tolerance
    assert sh_01b.reason == "unlike_compared" and len(sh_01b.unlike) == 2


def test_sh_01_without_gdp_records_no_ratio():
    decided = first_tier_gdp.decide_sh_01(Sh01Evidence(2023, 1.7, None, (NBS,)))
    assert decided["SH-01a"].verdict == "contradicted"  # 1.7 is more than 0.05 from 1.8
    assert decided["SH-01b"] == Decision("not_checkable", computed=None)


def test_every_url_a_rate_row_records_is_offered_for_its_own_figure():
    """A city's rate on a mirror, with a news report of it recorded as a further source (issue 17, class 1): the news
    report counts for the city's figure; the national figure keeps its own evidence (class 3)."""
    table = gdp_rows({"China": (5.2, "real", NBS), "Beijing": (5.6, "real", PEOPLE), "Shanghai": (5.5, "real", PEOPLE),
                      "Shenzhen": (5.5, "real", MIRROR)})
    table["other_source_urls"] = [None, None, None, PEOPLE]
    comparison = growth_vs_national(table, "2025Q1-Q3", CITIES)
    assert first_tier_gdp.gdp_01_evidence(comparison, "2025Q1-Q3").cities["GDP-01c"].sources == (MIRROR, PEOPLE)
    audit = claim_audit()
    first_tier_gdp.gdp_01(audit, comparison, "2025Q1-Q3")
    assert audit.verdict_of("GDP-01c") == "confirmed_by_source"
    table.loc[table["region"] == "China", "source_url"] = MIRROR
    comparison = growth_vs_national(table, "2025Q1-Q3", CITIES)
    audit = claim_audit()
    first_tier_gdp.gdp_01(audit, comparison, "2025Q1-Q3")
    decided = next(v for v in audit.recorded if v.part_id == "GDP-01c")
    assert (decided.verdict, decided.reason) == ("not_checkable", "weak_sources_agree")
    # the weak figure the verdict names is China's rate, not the city's
    assert decided.explanation.startswith(f"For {first_tier_gdp.WORDING['gdp_01_national_figure']}:")


def test_wording(snapshot):
    """Every sentence the claims give on the committed data with the notebook's default parameters."""
    gdp, period = load("city_gdp_2025q1q3"), "2025Q1-Q3"
    comparison = growth_vs_national(gdp, period, [*CITIES, "Guangzhou"])
    summary = scale_over_gdp(load("shanghai_pioneer_industries"), 2024)
    audit = claim_audit(cities=["Beijing", "Shanghai", "Shenzhen", "Guangzhou"])
    first_tier_gdp.gdp_01(audit, comparison, period)
    first_tier_gdp.sh_01(audit, summary)
    wording = {v.part_id: {"verdict": v.verdict, "reason": v.reason, "finding": v.finding,
                           "explanation": v.explanation, "missing": v.missing} for v in audit.recorded}
    wording["notebook"] = {"describe_comparison": first_tier_gdp.describe_comparison(comparison, period),
                           "describe_pioneer": first_tier_gdp.describe_pioneer(summary)}
    assert wording == snapshot
