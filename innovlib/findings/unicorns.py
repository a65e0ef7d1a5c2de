"""Verdicts of the notebook ``unicorns``: UNI-01 (China's count and its date), UNI-02 (the three cities' counts).

The article cites GEI's *China Unicorn Report 2025*; its counts are compared as published (dataset
``unicorn_counts``), with GEI's world report of the same year as a second statement of China's count and its date.

Example
-------
>>> from innovlib.claims import Audit, row_sources
>>> from innovlib.data import load
>>> audit = Audit()
>>> uni_01(audit, load("unicorn_counts", resource="unicorn_counts"))
>>> [v.verdict for v in audit.recorded]
['confirmed_by_source', 'contradicted']
"""

from __future__ import annotations

import pandas as pd

from innovlib import claims
from innovlib.claims import Audit, row_sources
from innovlib.text import names

GEI_CHINA_2025 = "GEI中国独角兽企业研究报告2025"
GEI_WORLD_2025 = "GEI世界独角兽企业发展报告2025"
GEI_CHINA_2024 = "中国独角兽企业研究报告2024"
#: The month the article gives as the date of the count (UNI-01b): when the China report was released.
RELEASE_MONTH = "July 2025"
UNI_02_CITIES = {"UNI-02a": "Beijing", "UNI-02b": "Shanghai", "UNI-02c": "Shenzhen"}


def _report(counts: pd.DataFrame, report: str) -> pd.DataFrame:
    """The counts of one report, indexed by (scope, geo)."""
    return counts[counts["report"] == report].set_index(["scope", "geo"])


def uni_01(audit: Audit, counts: pd.DataFrame) -> None:
    """UNI-01a-b: China's count in GEI's China report 2025, and the date that count refers to.

    The China report's count is confirmed by its summary and by GEI's world report; the date is decided by GEI's
    own platform, which dates the same count, while the article gives the report's release month.

    Parameters
    ----------
    audit : innovlib.claims.Audit
        Where the verdicts are recorded.
    counts : pandas.DataFrame
        Resource ``unicorn_counts`` (report, scope, geo, companies, data_as_of, source_url).

    Example
    -------
    >>> from innovlib.claims import Audit, row_sources
    >>> from innovlib.data import load
    >>> audit = Audit()
    >>> uni_01(audit, load("unicorn_counts", resource="unicorn_counts"))
    >>> audit.recorded[1].computed
    'end-2024'
    """
    china_report = _report(counts, GEI_CHINA_2025).loc[("country", "China")]
    world_report = _report(counts, GEI_WORLD_2025).loc[("country", "China")]
    audit.check("UNI-01a", computed=int(china_report["companies"]), about={}, basis="source",
                sources=row_sources(china_report) + row_sources(world_report),
                explanation=(f"A summary of the GEI China report 2025 gives {china_report['companies']} unicorns for "
                             f"China; GEI's world report 2025, on GEI's own platform, gives the same "
                             f"{world_report['companies']}."))
    audit.record("UNI-01b", "contradicted", about={}, computed=china_report["data_as_of"],
                  sources=row_sources(world_report),
                  explanation=(f"GEI's own platform gives {world_report['companies']} as China's count for "
                               f"{world_report['data_as_of']} (the summary of the China report dates it "
                               f"{china_report['data_as_of']}); {RELEASE_MONTH} is when reports of the China report "
                               "appeared, not the date of the count."),
                  finding=(f"China's {china_report['companies']} unicorns are GEI's count for "
                           f"{world_report['data_as_of']}, as GEI's own platform dates it; {RELEASE_MONTH}, which the "
                           "article gives, is when the report came out."))


def uni_02(audit: Audit, counts: pd.DataFrame) -> None:
    """UNI-02a-d: the counts of Beijing, Shanghai and Shenzhen in GEI's China report 2025, and whether they lead.

    Parameters
    ----------
    audit : innovlib.claims.Audit
        Where the verdicts are recorded.
    counts : pandas.DataFrame
        Resource ``unicorn_counts``.

    Example
    -------
    >>> from innovlib.claims import Audit, row_sources
    >>> from innovlib.data import load
    >>> audit = Audit()
    >>> uni_02(audit, load("unicorn_counts", resource="unicorn_counts"))
    >>> [v.computed for v in audit.recorded[:3]]
    [115, 65, 42]
    """
    this_edition, previous_edition = _report(counts, GEI_CHINA_2025), _report(counts, GEI_CHINA_2024)
    for part, city in UNI_02_CITIES.items():
        row = this_edition.loc[("city", city)]
        previous, earlier_counts, finding = "", {}, ""
        if ("city", city) in previous_edition.index:
            earlier = previous_edition.loc[("city", city)]
            previous = f" GEI's previous edition ({earlier['data_as_of']}) gives {earlier['companies']}."
            earlier_counts = {f"GEI's previous edition ({earlier['data_as_of']})": int(earlier["companies"])}
            published = claims.parse_published(claims.lookup(part)["published_value"])
            if published == earlier["companies"] != row["companies"]:
                finding = (f"The article's {int(published)} unicorns for {city} is GEI's count in its previous edition "
                           f"({earlier['data_as_of']}); the one summary found of the 2025 edition, a secondary "
                           f"source, gives {row['companies']} ({row['data_as_of']}).")
        audit.check(part, computed=int(row["companies"]), about={}, basis="source", sources=row_sources(row),
                    explanation=(f"A summary of the GEI 2025 report gives {city} {row['companies']} "
                                 f"({row['data_as_of']}).{previous}"), earlier=earlier_counts, finding=finding)
    named = names(this_edition.xs("city", level="scope").index)
    audit.not_checkable("UNI-02d", about={},
                        missing=("the GEI 2025 report's counts for the other cities (the sources found name only "
                                 f"{named}), needed to tell whether these three lead"))
