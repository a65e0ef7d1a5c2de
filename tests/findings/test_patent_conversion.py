"""Patent conversion: the PAT-01/PAT-02 verdicts, on the small tables of CNIPA's published rates that
tests/analyses/test_patent_conversion.py also uses. URLs are sources listed in data/ with their grades (people.cn: news;
yblygrz.cn: secondary; jpo.go.jp: primary), so the evidence rules decide as they do for the real data.
"""

from __future__ import annotations

import string

import pandas as pd
import pytest

from analyses.test_patent_conversion import (INTERNATIONAL, INVENTION, JPO_2018, JPO_2019, NEWS, SECONDARY, SURVEYS,
                                            survey_rates)
from innovlib.analyses import patent_conversion as analysis
from innovlib.claims import Audit
from innovlib.data import load
from innovlib.findings import Decision, patent_conversion
from innovlib.findings.patent_conversion import Pat01Evidence, Pat02Evidence, PublishedRate

pytestmark = pytest.mark.usefixtures("outside_a_run")  # verdicts shown, not handed to a runner


# --- PAT-01 -------------------------------------------------------------------------------------------------

def test_pat_01_china_rate_on_a_secondary_source_only_is_not_checkable():
    audit = Audit()
    patent_conversion.pat_01(audit, SURVEYS, INTERNATIONAL)
    china = audit.recorded[0]
    assert (china.part_id, china.verdict, china.computed) == ("PAT-01a", "not_checkable", 39.6)
    assert china.reason == "weak_sources_agree"  # 39.6 is 'about 39%', on a secondary page only
    assert [v.verdict for v in audit.recorded] == ["not_checkable"] * 4


def test_pat_01_evidence_is_the_2023_overall_rate_and_the_figures_found_abroad():
    evidence = patent_conversion.pat_01_evidence(SURVEYS, INTERNATIONAL)
    assert evidence.china == PublishedRate(39.6, "invention patent industrialization rate", "2023", (SECONDARY,))
    pooled = PublishedRate(55.0, "share of patents in commercial use", "", (JPO_2018,),
                           "Europe (20 countries), Israel, United States, Japan (pooled)")
    # only figures that cover the economy of the part: the pooled sample names both, no Japanese rate
    assert evidence.abroad == {"PAT-01b": (pooled,), "PAT-01c": (pooled,)}
    assert [(rate.value, rate.period) for rate in evidence.japan] == [(49.0, "FY2016"), (48.4, "FY2017")]


@pytest.mark.parametrize("rate, verdict", [(39.6, "confirmed_by_source"), (38.0, "confirmed_by_source"),
                                           (40.0, "confirmed_by_source"), (40.5, "contradicted")])
def test_decide_pat_01_about_39_is_within_one_point(rate, verdict):
    china = PublishedRate(rate, "invention patent industrialization rate", "2023")
    decided = patent_conversion.decide_pat_01(Pat01Evidence(china, {"PAT-01b": (), "PAT-01c": ()}, ()))
    assert decided == {"PAT-01a": Decision(verdict, computed=rate, tolerance=1.0), "PAT-01b": Decision("not_checkable"),
                       "PAT-01c": Decision("not_checkable"), "PAT-01d": Decision("not_checkable", computed=[])}


@pytest.mark.parametrize("rate, verdict", [(39.6, "confirmed_by_source"), (38.0, "confirmed_by_source"),
                                           (40.5, "not_checkable")])
def test_pat_01a_about_39_means_within_one_point(rate, verdict):
    # 40.5 is 1.5 points from 39: a contradiction, which one news report cannot carry (it becomes not checkable)
    audit = Audit()
    patent_conversion.pat_01(audit, survey_rates([(2023, "all patentees", rate, NEWS)]), INTERNATIONAL)
    assert audit.verdict_of("PAT-01a") == verdict


def test_pat_01_names_the_figures_found_abroad_and_japan_by_period():
    audit = Audit()
    patent_conversion.pat_01(audit, SURVEYS, INTERNATIONAL)
    united_states = next(v for v in audit.recorded if v.part_id == "PAT-01b")
    assert (united_states.verdict, united_states.reason) == ("not_checkable", "no_public_data")
    japan = next(v for v in audit.recorded if v.part_id == "PAT-01d")
    assert japan.computed == [49.0, 48.4]  # FY2016, then FY2017
    assert japan.published == "51"  # 'about 51%', no year given
    assert {s.url for s in japan.sources} == {JPO_2018, JPO_2019}


# --- PAT-02 -------------------------------------------------------------------------------------------------

def test_pat_02_enterprise_rate_of_2024_confirmed_by_a_news_report():
    audit = Audit(latest_year=2024)
    patent_conversion.pat_02(audit, SURVEYS, latest_year=2024)
    assert [(v.part_id, v.verdict) for v in audit.recorded] == [
        ("PAT-02a", "not_checkable"), ("PAT-02b", "not_checkable"), ("PAT-02c", "confirmed_by_source"),
        ("PAT-02d", "not_checkable"), ("PAT-02e", "not_checkable")]
    enterprises = audit.recorded[2]
    assert (enterprises.computed, enterprises.tolerance) == (53.3, 0.5)
    assert [s.url for s in enterprises.sources] == [NEWS]


def test_pat_02_enterprise_rate_more_than_half_a_point_off_is_not_confirmed():
    audit = Audit(latest_year=2024)
    patent_conversion.pat_02(audit, survey_rates([(2024, "enterprises", 53.6, NEWS)]), latest_year=2024)
    assert audit.verdict_of("PAT-02c") == "not_checkable"  # 53.6 rounds to 54, not 53; one news report


def test_pat_02_universities_figures_found_are_named():
    universities = survey_rates([(2022, "universities", 3.9, SECONDARY)])
    universities = universities.assign(metric="invention patent conversion rate")
    audit = Audit(latest_year=2024)
    evidence = patent_conversion.pat_02_evidence(pd.concat([SURVEYS, universities]), latest_year=2024)
    assert evidence.groups["PAT-02a"] == (PublishedRate(3.9, "invention patent conversion rate", "2022",
                                                        (SECONDARY,)),)
    # the research-institute part once reported the university figures as if they were its own
    assert evidence.groups["PAT-02b"] == ()
    assert evidence.enterprises == PublishedRate(53.3, INVENTION, "2024", (NEWS,))


@pytest.mark.parametrize("rate, verdict", [(53.3, "confirmed_by_source"), (52.5, "confirmed_by_source"),
                                           (53.6, "contradicted"), (None, "not_checkable")])
def test_decide_pat_02_53_percent_is_the_rate_rounded(rate, verdict):
    enterprises = None if rate is None else PublishedRate(rate, INVENTION, "2024")
    decided = patent_conversion.decide_pat_02(Pat02Evidence(2024, {"PAT-02a": (), "PAT-02b": ()}, enterprises))
    rounded = Decision("not_checkable") if rate is None else Decision(verdict, computed=rate, tolerance=0.5)
    assert decided == {"PAT-02a": Decision("not_checkable"), "PAT-02b": Decision("not_checkable"), "PAT-02c": rounded,
                       "PAT-02d": Decision("not_checkable"), "PAT-02e": Decision("not_checkable")}


def test_pat_01a_is_confirmed_by_the_news_copies_the_row_records():
    """The 2023 overall rate's row cites a Xinhua and a People's Daily copy beside a secondary repost."""
    rates = analysis.invention_rates(load("patent_industrialization", resource="rates"))
    audit = Audit()
    patent_conversion.pat_01(audit, rates, INTERNATIONAL)
    decided = next(v for v in audit.recorded if v.part_id == "PAT-01a")
    assert decided.verdict == "confirmed_by_source" and "news" in {s.grade for s in decided.sources}


def test_pat_02_without_an_enterprise_rate_for_the_year_is_not_checkable():
    audit = Audit(latest_year=2024)
    patent_conversion.pat_02(audit, SURVEYS[SURVEYS["survey_year"] < 2024], latest_year=2024)
    assert audit.verdict_of("PAT-02c") == "not_checkable"
    assert (audit.recorded[2].reason, audit.recorded[2].computed) == ("no_public_data", None)


def test_pat_02_another_survey_year_records_only_the_parts_not_about_2024():
    audit = Audit(latest_year=2023)
    patent_conversion.pat_02(audit, SURVEYS, latest_year=2023)
    assert [v.part_id for v in audit.recorded] == ["PAT-02d", "PAT-02e"]
    assert [s.part_id for s in audit.not_tested] == ["PAT-02a", "PAT-02b", "PAT-02c"]
    assert audit.not_tested[2].computed == 51.3  # what the 2023 survey gives, shown instead of a verdict


def test_every_template_is_filled_from_evidence_fields():
    """A template naming a field the code does not pass would fail only on the branch that uses it."""
    fields = {"rate", "year", "tolerance", "value", "metric", "scope", "economy", "period", "figures", "office",
              "rates", "published", "latest_year", "group", "survey_year"}
    used = {name for template in patent_conversion.WORDING.values()
            for _, name, _, _ in string.Formatter().parse(template) if name}
    assert used <= fields


def test_wording(snapshot):
    """The sentences of every part, on the project's data as the notebook runs them (default parameters)."""
    invention = analysis.invention_rates(load("patent_industrialization", resource="rates"))
    international = load("patent_industrialization", resource="international")
    audit = Audit(latest_year=2024, groups=["all patentees", "enterprises", "national high-tech enterprises",
                                            "small enterprises", "micro enterprises", "universities"])
    patent_conversion.pat_01(audit, invention, international)
    patent_conversion.pat_02(audit, invention, 2024)
    assert {v.part_id: {key: getattr(v, key) for key in ("verdict", "reason", "finding", "explanation", "missing")}
            for v in audit.recorded} == snapshot
