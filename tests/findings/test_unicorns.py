"""Unicorns: the UNI-01 and UNI-02 verdicts on small tables of GEI's published counts.

URLs are sources listed in data/ with their grades: chinascope.org (a summary of GEI's China report): secondary;
chinaunicorn.cn (GEI's own platform): primary.
"""

from __future__ import annotations

import string

import pandas as pd
import pytest

from innovlib import analyses
from innovlib.claims import Audit
from innovlib.data import load
from innovlib.findings import Decision
from innovlib.findings import unicorns as findings

SUMMARY = "https://chinascope.org/archives/38453"
GEI_PLATFORM = "http://www.chinaunicorn.cn/news/detail/7ef9331878cd454482ebcbe0cb1fcc28"
CHINA_2025, WORLD_2025, CHINA_2024 = findings.GEI_CHINA_2025, findings.GEI_WORLD_2025, findings.GEI_CHINA_2024


pytestmark = pytest.mark.usefixtures("outside_a_run")  # verdicts shown, not handed to a runner


def _counts(rows):
    """Rows (report, data as of, scope, geo, companies, source) as the resource ``unicorn_counts``."""
    return pd.DataFrame(rows, columns=["report", "data_as_of", "scope", "geo", "companies", "source_url"])


# GEI's published counts: the China report 2025 (via a summary), its world report 2025 and its 2024 edition.
GEI = _counts([
    (CHINA_2025, "end-2024", "country", "China", 372, SUMMARY),
    (CHINA_2025, "end-2024", "city", "Beijing", 115, SUMMARY),
    (CHINA_2025, "end-2024", "city", "Shanghai", 65, SUMMARY),
    (CHINA_2025, "end-2024", "city", "Shenzhen", 42, SUMMARY),
    (WORLD_2025, "2024-12-31", "country", "China", 372, GEI_PLATFORM),
    (CHINA_2024, "end-2023", "city", "Beijing", 75, SUMMARY),
    (CHINA_2024, "end-2023", "city", "Shanghai", 63, SUMMARY),
])


def test_uni_01_count_confirmed_by_gei_s_platform_and_its_date_contradicted():
    audit = Audit()
    findings.uni_01(audit, GEI)
    count, date = audit.recorded
    assert (count.part_id, count.verdict, count.computed) == ("UNI-01a", "confirmed_by_source", 372)
    assert {s.url for s in count.sources} == {SUMMARY, GEI_PLATFORM}
    assert (date.part_id, date.verdict, date.computed) == ("UNI-01b", "contradicted", "end-2024")
    assert date.reason == "wrong_period"


def test_uni_01_evidence_holds_both_reports_counts_and_dates():
    assert findings.uni_01_evidence(GEI) == findings.Uni01Evidence(372, "end-2024", (SUMMARY,),
                                                                   372, "2024-12-31", (GEI_PLATFORM,))


@pytest.mark.parametrize("china, world, world_as_of, verdicts", [
    (372, 372, "2024-12-31", ("confirmed_by_source", "contradicted")),  # GEI dates the count a year before July 2025
    (372, 372, "2025-07", ("confirmed_by_source", "confirmed_by_source")),  # a count of the article's month
    (369, 369, "end-2024", ("contradicted", "contradicted")),  # 369 is not the article's 372
    (372, 380, "2024", ("confirmed_by_source", "not_checkable")),  # the platform dates another count
])
def test_decide_uni_01(china, world, world_as_of, verdicts):
    evidence = findings.Uni01Evidence(china, "end-2024", (SUMMARY,), world, world_as_of, (GEI_PLATFORM,))
    # the count is compared again by claims.evaluate; the date is recorded as GEI's platform gives it, without a basis
    assert findings.decide_uni_01(evidence) == {
        "UNI-01a": Decision(verdicts[0], computed=china),
        "UNI-01b": Decision(verdicts[1], computed="end-2024", stated=verdicts[1] != "not_checkable", basis=None)}


def test_uni_01_a_count_gei_dates_to_the_article_s_month_confirms_the_date():
    audit = Audit()
    findings.uni_01(audit, GEI.replace({"data_as_of": {"2024-12-31": "2025-07"}}))
    assert (audit.recorded[1].verdict, audit.recorded[1].reason, audit.recorded[1].finding) == (
        "confirmed_by_source", "source_states_it", "")


def test_uni_01_a_count_the_platform_does_not_give_is_contradicted():
    audit = Audit()
    findings.uni_01(audit, GEI.replace({"companies": {372: 369}}))
    assert (audit.recorded[0].verdict, audit.recorded[0].computed) == ("contradicted", 369)


def test_uni_02_city_counts_of_a_summary_only_are_not_checkable():
    audit = Audit()
    findings.uni_02(audit, GEI)
    assert [(v.part_id, v.verdict, v.computed) for v in audit.recorded[:3]] == [
        ("UNI-02a", "not_checkable", 115), ("UNI-02b", "not_checkable", 65), ("UNI-02c", "not_checkable", 42)]
    # Beijing's 75 is GEI's 2024 edition's count: a contradiction would be of an outdated figure
    assert audit.recorded[0].earlier == {"GEI's previous edition (end-2023)": 75}
    assert audit.recorded[2].earlier == {}  # no 2024-edition figure for Shenzhen
    assert (audit.recorded[3].part_id, audit.recorded[3].verdict) == ("UNI-02d", "not_checkable")


def test_uni_02_evidence_pairs_each_city_with_the_previous_edition():
    evidence = findings.uni_02_evidence(GEI)
    assert evidence.cities["UNI-02a"] == findings.CityCount("Beijing", 115, "end-2024", (SUMMARY,), 75.0,
                                                            75, "end-2023")
    assert evidence.cities["UNI-02a"].published_is_previous_edition
    shanghai, shenzhen = evidence.cities["UNI-02b"], evidence.cities["UNI-02c"]
    assert (shanghai.published, shanghai.previous_count, shanghai.published_is_previous_edition) == (59.0, 63, False)
    assert (shenzhen.previous_count, shenzhen.published_is_previous_edition) == (None, False)
    assert evidence.named == ("Beijing", "Shanghai", "Shenzhen")


def test_decide_uni_02_compares_each_city_with_the_article():
    assert findings.decide_uni_02(findings.uni_02_evidence(GEI)) == {
        "UNI-02a": Decision("contradicted", computed=115), "UNI-02b": Decision("contradicted", computed=65),
        "UNI-02c": Decision("confirmed_by_source", computed=42), "UNI-02d": Decision("not_checkable")}


@pytest.mark.parametrize("beijing, verdict", [(75, "confirmed_by_source"), (115, "contradicted")])
def test_uni_02_a_city_count_on_gei_s_platform_decides(beijing, verdict):
    on_platform = GEI.copy()
    on_platform.loc[on_platform["geo"] == "Beijing", ["companies", "source_url"]] = [beijing, GEI_PLATFORM]
    audit = Audit()
    findings.uni_02(audit, on_platform)
    assert audit.verdict_of("UNI-02a") == verdict


def test_wording(snapshot):
    """The sentences of every part, on the project's data as the notebook runs them."""
    counts = analyses.unicorns.label_publishers(load("unicorn_counts", resource="unicorn_counts"))
    audit = Audit(company_list=None, cities=["Beijing", "Shanghai", "Shenzhen", "Guangzhou", "Hangzhou"],
                  country="China", top_n=10)
    findings.uni_01(audit, counts)
    findings.uni_02(audit, counts)
    assert {v.part_id: {key: getattr(v, key) for key in ("verdict", "reason", "finding", "explanation", "missing")}
            for v in audit.recorded} == snapshot


def test_every_template_is_filled_from_evidence_fields():
    """A template naming a field the evidence does not have would fail only on the branch that uses it."""
    fields = {*vars(findings.uni_01_evidence(GEI)), *vars(findings.uni_02_evidence(GEI).cities["UNI-02a"]),
              "release_month", "named"}
    used = {name for template in findings.WORDING.values() for _, name, _, _ in string.Formatter().parse(template)
            if name}
    assert used <= fields
    assert findings.RELEASE_MONTH in findings.WORDING["uni_01b"].format(
        **vars(findings.uni_01_evidence(GEI)), release_month=findings.RELEASE_MONTH)
