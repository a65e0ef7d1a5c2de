"""Patent conversion: the PAT-01/PAT-02 verdicts, on the small tables of CNIPA's published rates that
tests/analyses/test_patent_conversion.py also uses. URLs are sources listed in data/ with their grades (people.cn: news;
yblygrz.cn: secondary; jpo.go.jp: primary), so the evidence rules decide as they do for the real data.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analyses.test_patent_conversion import (INTERNATIONAL, JPO_2018, JPO_2019, NEWS, SECONDARY, SURVEYS,
                                            survey_rates)
from innovlib.analyses import patent_conversion as analysis
from innovlib.claims import Audit
from innovlib.findings import patent_conversion

pytestmark = pytest.mark.usefixtures("outside_a_run")  # verdicts shown, not handed to a runner


# --- PAT-01 -------------------------------------------------------------------------------------------------

def test_pat_01_china_rate_on_a_secondary_source_only_is_not_checkable():
    audit = Audit()
    patent_conversion.pat_01(audit, SURVEYS, INTERNATIONAL)
    china = audit.recorded[0]
    assert (china.part_id, china.verdict, china.computed) == ("PAT-01a", "not_checkable", 39.6)
    assert "39.6% of valid invention patents were industrialised in 2023" in china.explanation
    assert [v.verdict for v in audit.recorded] == ["not_checkable"] * 4


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
    # only figures that cover the economy of the part: no Japanese or Chinese rate under the United States
    assert "48.4%" not in united_states.explanation and "Japan" in united_states.explanation  # in the pooled sample
    assert "55% (share of patents in commercial use, Europe (20 countries), Israel, United States, Japan (pooled); "\
           "date not given)" in united_states.explanation
    japan = next(v for v in audit.recorded if v.part_id == "PAT-01d")
    assert japan.computed == [49.0, 48.4]  # FY2016, then FY2017
    assert "gives 49% (FY2016) and 48.4% (FY2017)" in japan.explanation
    assert "'about 51%'" in japan.explanation
    assert {s.url for s in japan.sources} == {JPO_2018, JPO_2019}


# --- PAT-02 -------------------------------------------------------------------------------------------------

def test_pat_02_enterprise_rate_of_2024_confirmed_by_a_news_report():
    audit = Audit(latest_year=2024)
    patent_conversion.pat_02(audit, SURVEYS, latest_year=2024)
    assert [(v.part_id, v.verdict) for v in audit.recorded] == [
        ("PAT-02a", "not_checkable"), ("PAT-02b", "not_checkable"), ("PAT-02c", "confirmed_by_source"),
        ("PAT-02d", "not_checkable"), ("PAT-02e", "not_checkable")]
    enterprises = audit.recorded[2]
    assert enterprises.computed == 53.3
    assert enterprises.explanation == "CNIPA's survey gives 53.3% for enterprises in 2024."


def test_pat_02_enterprise_rate_more_than_half_a_point_off_is_not_confirmed():
    audit = Audit(latest_year=2024)
    patent_conversion.pat_02(audit, survey_rates([(2024, "enterprises", 53.6, NEWS)]), latest_year=2024)
    assert audit.verdict_of("PAT-02c") == "not_checkable"  # 53.6 rounds to 54, not 53; one news report


def test_pat_02_universities_figures_found_are_named():
    universities = survey_rates([(2022, "universities", 3.9, SECONDARY)])
    universities = universities.assign(metric="invention patent conversion rate")
    audit = Audit(latest_year=2024)
    patent_conversion.pat_02(audit, pd.concat([SURVEYS, universities]), latest_year=2024)
    assert audit.recorded[0].explanation.endswith("Figures found for universities: 3.9% (2022, invention patent "
                                                  "conversion rate).")
    # the research-institute part once reported the university figures as if they were its own
    assert audit.recorded[1].explanation.endswith("No rate for research institutes was found for any survey year.")


def test_pat_01a_is_confirmed_by_the_news_copies_the_row_records():
    """The 2023 overall rate's row cites a Xinhua and a People's Daily copy beside a secondary repost."""
    from innovlib.data import load

    rates = analysis.invention_rates(load("patent_industrialization", resource="rates"))
    audit = Audit()
    patent_conversion.pat_01(audit, rates, INTERNATIONAL)
    decided = next(v for v in audit.recorded if v.part_id == "PAT-01a")
    assert decided.verdict == "confirmed_by_source" and "news" in {s.grade for s in decided.sources}


def test_pat_02_without_an_enterprise_rate_for_the_year_is_not_checkable():
    audit = Audit(latest_year=2024)
    patent_conversion.pat_02(audit, SURVEYS[SURVEYS["survey_year"] < 2024], latest_year=2024)
    assert audit.verdict_of("PAT-02c") == "not_checkable"
    assert "CNIPA's 2024 survey rate for enterprises" in audit.recorded[2].explanation


def test_pat_02_another_survey_year_records_only_the_parts_not_about_2024():
    audit = Audit(latest_year=2023)
    patent_conversion.pat_02(audit, SURVEYS, latest_year=2023)
    assert [v.part_id for v in audit.recorded] == ["PAT-02d", "PAT-02e"]
    assert [s.part_id for s in audit.not_tested] == ["PAT-02a", "PAT-02b", "PAT-02c"]
    assert audit.not_tested[2].computed == 51.3  # what the 2023 survey gives, shown instead of a verdict
