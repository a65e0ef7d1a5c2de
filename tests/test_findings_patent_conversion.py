"""Patent conversion: CNIPA's rates by patentee group (innovlib.patents) and the PAT-01/PAT-02 verdicts.

Small tables with CNIPA's published rates; URLs are sources listed in data/ with their grades (people.cn: news;
yblygrz.cn: secondary; jpo.go.jp: primary), so the evidence rules decide as they do for the real data.
"""

from __future__ import annotations

import pandas as pd
import pytest

from innovlib import patents
from innovlib.claims import Audit
from innovlib.findings import patent_conversion

NEWS = "http://en.people.cn/n3/2025/0115/c90000-20266428.html"
SECONDARY = "http://yblygrz.cn/html/2024-04/22/content_164715.html"
JPO_2018 = "https://www.jpo.go.jp/resources/report/nenji/2018/document/index/ebook/pageindices/index76.html"
JPO_2019 = "https://www.jpo.go.jp/resources/report/nenji/2019/ebook/pageindices/index77.html"
INVENTION = "effective invention patent industrialization rate"


pytestmark = pytest.mark.usefixtures("outside_a_run")  # verdicts shown, not handed to a runner


def _rates(rows):
    """Rows (survey year, group, value, source) as the resource ``rates``."""
    return pd.DataFrame(rows, columns=["survey_year", "patentee_group", "value", "source_url"]).assign(metric=INVENTION)


# CNIPA's published invention-patent rates (China Patent Survey), one source per row.
SURVEYS = _rates([
    (2024, "enterprises", 53.3, NEWS),
    (2023, "all patentees", 39.6, SECONDARY),
    (2023, "enterprises", 51.3, SECONDARY),
    (2022, "all patentees", 36.7, SECONDARY),
    (2022, "enterprises", 48.1, SECONDARY),
])

INTERNATIONAL = pd.DataFrame({
    "economy": ["Japan", "Japan", "Europe (20 countries), Israel, United States, Japan (pooled)"],
    "value": [48.4, 49.0, 55.0],
    "metric": ["patent utilization rate", "patent utilization rate", "share of patents in commercial use"],
    "reference_period": ["FY2017", "FY2016", None],
    "source_url": [JPO_2019, JPO_2018, JPO_2018],
})


# --- innovlib.patents --------------------------------------------------------------------------------------

def test_utility_model_rates_are_left_out_and_a_repeated_rate_counts_once():
    rates = pd.concat([SURVEYS, _rates([(2023, "all patentees", 57.1, SECONDARY),
                                        (2023, "all patentees", 40.0, SECONDARY)])])
    rates.iloc[-2, rates.columns.get_loc("metric")] = "effective utility model industrialization rate"
    invention = patents.invention_rates(rates)
    assert len(invention) == 5
    assert invention.loc[invention["patentee_group"] == "all patentees", "value"].tolist() == [39.6, 36.7]


def test_rates_by_group_leaves_unpublished_rates_empty():
    wide = patents.rates_by_group(SURVEYS)
    assert wide["enterprises"].tolist() == [48.1, 51.3, 53.3]
    assert wide["all patentees"].tolist()[:2] == [36.7, 39.6]
    assert pd.isna(wide.loc[2024, "all patentees"])  # CNIPA's 2024 overall rate was not found


def test_latest_overall_rate_is_the_2023_survey():
    latest = patents.latest_overall_rate(SURVEYS)
    assert (int(latest["survey_year"]), float(latest["value"])) == (2023, 39.6)


def test_survey_summary_names_spans_and_gaps():
    text = patents.survey_summary(patents.rates_by_group(SURVEYS), gaps_of=("all patentees",))
    assert "- enterprises: 48.1% (2022) to 53.3% (2024)" in text
    assert "- all patentees: 36.7% (2022) to 39.6% (2023)" in text
    assert text.endswith("left empty: all patentees in 2024.")


def test_international_comparison_labels_periods_and_pooled_samples():
    table = patents.international_comparison(INTERNATIONAL, patents.latest_overall_rate(SURVEYS))
    assert table["label"].tolist() == ["Japan (FY2017)", "Japan (FY2016)", "Europe, IL, US, JP pooled (date not given)",
                                       "China, CNIPA survey (2023)"]
    assert table["value"].tolist() == [48.4, 49.0, 55.0, 39.6]
    assert table["text"].iloc[-1] == "39.6%: invention patent industrialization rate"


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
    patent_conversion.pat_01(audit, _rates([(2023, "all patentees", rate, NEWS)]), INTERNATIONAL)
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
    patent_conversion.pat_02(audit, _rates([(2024, "enterprises", 53.6, NEWS)]), latest_year=2024)
    assert audit.verdict_of("PAT-02c") == "not_checkable"  # 53.6 rounds to 54, not 53; one news report


def test_pat_02_universities_figures_found_are_named():
    universities = _rates([(2022, "universities", 3.9, SECONDARY)]).assign(metric="invention patent conversion rate")
    audit = Audit(latest_year=2024)
    patent_conversion.pat_02(audit, pd.concat([SURVEYS, universities]), latest_year=2024)
    assert audit.recorded[0].explanation.endswith("Figures found for universities: 3.9% (2022, invention patent "
                                                  "conversion rate).")
    # the research-institute part once reported the university figures as if they were its own
    assert audit.recorded[1].explanation.endswith("No rate for research institutes was found for any survey year.")


def test_pat_01a_is_confirmed_by_the_news_copies_the_row_records():
    """The 2023 overall rate's row cites a Xinhua and a People's Daily copy beside a secondary repost."""
    from innovlib.data import load

    rates = patents.invention_rates(load("patent_industrialization", resource="rates"))
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
