"""Unicorns: the UNI-01 and UNI-02 verdicts on small tables of GEI's published counts.

URLs are sources listed in data/ with their grades: chinascope.org (a summary of GEI's China report): secondary;
chinaunicorn.cn (GEI's own platform): primary.
"""

from __future__ import annotations

import pandas as pd
import pytest

from innovlib.claims import Audit
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
    assert date.explanation.startswith("GEI's own platform gives 372 as China's count for 2024-12-31 (the summary "
                                       "of the China report dates it end-2024)")


def test_uni_01_a_count_the_platform_does_not_give_is_contradicted():
    audit = Audit()
    findings.uni_01(audit, GEI.replace({"companies": {372: 369}}))
    assert (audit.recorded[0].verdict, audit.recorded[0].computed) == ("contradicted", 369)


def test_uni_02_city_counts_of_a_summary_only_are_not_checkable():
    audit = Audit()
    findings.uni_02(audit, GEI)
    assert [(v.part_id, v.verdict, v.computed) for v in audit.recorded[:3]] == [
        ("UNI-02a", "not_checkable", 115), ("UNI-02b", "not_checkable", 65), ("UNI-02c", "not_checkable", 42)]
    assert audit.recorded[0].explanation.endswith("gives Beijing 115 (end-2024). GEI's previous edition (end-2023) "
                                                  "gives 75.")
    assert audit.recorded[2].explanation.endswith("gives Shenzhen 42 (end-2024).")  # no 2024-edition figure
    assert audit.recorded[3].part_id == "UNI-02d"
    assert "name only Beijing, Shanghai and Shenzhen" in audit.recorded[3].explanation


@pytest.mark.parametrize("beijing, verdict", [(75, "confirmed_by_source"), (115, "contradicted")])
def test_uni_02_a_city_count_on_gei_s_platform_decides(beijing, verdict):
    on_platform = GEI.copy()
    on_platform.loc[on_platform["geo"] == "Beijing", ["companies", "source_url"]] = [beijing, GEI_PLATFORM]
    audit = Audit()
    findings.uni_02(audit, on_platform)
    assert audit.verdict_of("UNI-02a") == verdict
