"""innovlib.analyses.patent_conversion: CNIPA's invention-patent rates by patentee group, and rates published abroad
set beside them, on small tables of published rates.

The tables (and their sources, listed in data/ with their grades: people.cn news, yblygrz.cn secondary, jpo.go.jp
primary) are also the PAT-01/PAT-02 verdicts' inputs in tests/findings/test_patent_conversion.py.
"""

from __future__ import annotations

import pandas as pd

from innovlib.analyses import patent_conversion

NEWS = "http://en.people.cn/n3/2025/0115/c90000-20266428.html"
SECONDARY = "http://yblygrz.cn/html/2024-04/22/content_164715.html"
JPO_2018 = "https://www.jpo.go.jp/resources/report/nenji/2018/document/index/ebook/pageindices/index76.html"
JPO_2019 = "https://www.jpo.go.jp/resources/report/nenji/2019/ebook/pageindices/index77.html"
INVENTION = "effective invention patent industrialization rate"


def survey_rates(rows):
    """Rows (survey year, group, value, source) as the resource ``rates``."""
    return pd.DataFrame(rows, columns=["survey_year", "patentee_group", "value", "source_url"]).assign(metric=INVENTION)


# CNIPA's published invention-patent rates (China Patent Survey), one source per row.
SURVEYS = survey_rates([
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


def test_utility_model_rates_are_left_out_and_a_repeated_rate_counts_once():
    rates = pd.concat([SURVEYS, survey_rates([(2023, "all patentees", 57.1, SECONDARY),
                                              (2023, "all patentees", 40.0, SECONDARY)])])
    rates.iloc[-2, rates.columns.get_loc("metric")] = "effective utility model industrialization rate"
    invention = patent_conversion.invention_rates(rates)
    assert len(invention) == 5
    assert invention.loc[invention["patentee_group"] == "all patentees", "value"].tolist() == [39.6, 36.7]


def test_rates_by_group_leaves_unpublished_rates_empty():
    wide = patent_conversion.rates_by_group(SURVEYS)
    assert wide["enterprises"].tolist() == [48.1, 51.3, 53.3]
    assert wide["all patentees"].tolist()[:2] == [36.7, 39.6]
    assert pd.isna(wide.loc[2024, "all patentees"])  # CNIPA's 2024 overall rate was not found


def test_latest_overall_rate_is_the_2023_survey():
    latest = patent_conversion.latest_overall_rate(SURVEYS)
    assert (int(latest["survey_year"]), float(latest["value"])) == (2023, 39.6)


def test_survey_summary_names_spans_and_gaps():
    text = patent_conversion.survey_summary(patent_conversion.rates_by_group(SURVEYS), gaps_of=("all patentees",))
    assert "- enterprises: 48.1% (2022) to 53.3% (2024)" in text
    assert "- all patentees: 36.7% (2022) to 39.6% (2023)" in text
    assert text.endswith("left empty: all patentees in 2024.")


def test_international_comparison_labels_periods_and_pooled_samples():
    table = patent_conversion.international_comparison(INTERNATIONAL, patent_conversion.latest_overall_rate(SURVEYS))
    assert table["label"].tolist() == ["Japan (FY2017)", "Japan (FY2016)", "Europe, IL, US, JP pooled (date not given)",
                                       "China, CNIPA survey (2023)"]
    assert table["value"].tolist() == [48.4, 49.0, 55.0, 39.6]
    assert table["text"].iloc[-1] == "39.6%: invention patent industrialization rate"
