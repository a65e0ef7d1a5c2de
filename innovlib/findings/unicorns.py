"""Verdicts of the notebook ``unicorns``: UNI-01 (China's count and its date), UNI-02 (the three cities' counts).

The article cites GEI's *China Unicorn Report 2025*; its counts are compared as published (dataset
``unicorn_counts``), with GEI's world report of the same year as a second statement of China's count and its date.

Each claim is checked in three steps: ``<claim>_evidence`` gathers the published figures (a frozen record of values),
``decide_<claim>`` gives each part's verdict from them (before :mod:`innovlib.claims` applies its grading rules to
the sources), and the sentences come from the templates of :data:`WORDING`; ``<claim>(audit, ...)`` runs the three
and records the verdicts.

Example
-------
>>> from innovlib.claims import Audit
>>> from innovlib.data import load
>>> audit = Audit()
>>> uni_01(audit, load("unicorn_counts", resource="unicorn_counts"))
>>> [v.verdict for v in audit.recorded]
['confirmed_by_source', 'contradicted']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from innovlib import claims
from innovlib.claims import Audit, row_sources
from innovlib.findings import Decision, compare, record
from innovlib.text import names

GEI_CHINA_2025 = "GEI中国独角兽企业研究报告2025"
GEI_WORLD_2025 = "GEI世界独角兽企业发展报告2025"
GEI_CHINA_2024 = "中国独角兽企业研究报告2024"
#: The month the article gives as the date of the count (UNI-01b): when the China report was released.
RELEASE_MONTH = "July 2025"
UNI_02_CITIES = {"UNI-02a": "Beijing", "UNI-02b": "Shanghai", "UNI-02c": "Shenzhen"}

#: Every sentence this module writes, filled from the evidence (str.format with named fields).
WORDING = {
    "uni_01a": ("A summary of the GEI China report 2025 gives {china_count} unicorns for China; GEI's world report "
                "2025, on GEI's own platform, gives the same {world_count}."),
    "uni_01b": ("GEI's own platform gives {world_count} as China's count for {world_as_of} (the summary of the China "
                "report dates it {china_as_of}); {release_month} is when reports of the China report appeared, not the "
                "date of the count."),
    "uni_01b_confirmed": "GEI's own platform dates China's count of {world_count} {world_as_of}, as the article does.",
    "uni_01b_finding": ("China's {china_count} unicorns are GEI's count for {world_as_of}, as GEI's own platform dates "
                        "it; {release_month}, which the article gives, is when the report came out."),
    "uni_01b_missing": "a date GEI gives to the China report's own count of {china_count}",
    "uni_02_city": "A summary of the GEI 2025 report gives {city} {count} ({as_of}).",
    "uni_02_previous": " GEI's previous edition ({previous_as_of}) gives {previous_count}.",
    "uni_02_previous_label": "GEI's previous edition ({previous_as_of})",
    "uni_02_finding": ("The article's {published:.0f} unicorns for {city} is GEI's count in its previous edition "
                       "({previous_as_of}); the one summary found of the 2025 edition, a secondary source, gives "
                       "{count} ({as_of})."),
    "uni_02d_missing": ("the GEI 2025 report's counts for the other cities (the sources found name only {named}), "
                        "needed to tell whether these three lead"),
}


def _report(counts: pd.DataFrame, report: str) -> pd.DataFrame:
    """The counts of one report, indexed by (scope, geo)."""
    return counts[counts["report"] == report].set_index(["scope", "geo"])


def _year(as_of: str) -> int | None:
    """The year a ``data_as_of`` text names ('end-2024', '2024-12-31', '2024' -> 2024)."""
    found = re.search(r"\d{4}", str(as_of))
    return int(found.group()) if found else None


# --- UNI-01 ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Uni01Evidence:
    """China's count in GEI's China report 2025 (via a summary) and in GEI's world report 2025 (GEI's platform).

    Example
    -------
    >>> Uni01Evidence(372, "end-2024", ("https://a.example",), 372, "2024", ("https://b.example",)).world_count
    372
    """

    china_count: int
    china_as_of: str
    china_sources: tuple[str, ...]
    world_count: int
    world_as_of: str
    world_sources: tuple[str, ...]


def uni_01_evidence(counts: pd.DataFrame) -> Uni01Evidence:
    """China's count and its date in GEI's China report 2025 and world report 2025.

    Example
    -------
    >>> from innovlib.data import load
    >>> uni_01_evidence(load("unicorn_counts", resource="unicorn_counts")).world_as_of
    '2024'
    """
    china = _report(counts, GEI_CHINA_2025).loc[("country", "China")]
    world = _report(counts, GEI_WORLD_2025).loc[("country", "China")]
    return Uni01Evidence(int(china["companies"]), str(china["data_as_of"]), tuple(row_sources(china)),
                         int(world["companies"]), str(world["data_as_of"]), tuple(row_sources(world)))


def decide_uni_01(evidence: Uni01Evidence) -> dict[str, Decision]:
    """UNI-01a: the China report's count compared with the article's; UNI-01b (the date), as GEI's platform states
    it (``stated``, found: the date the China report's summary gives, with no basis recorded): contradicted when
    the platform dates the same count to a year before the article's month, confirmed when to its year, not
    checkable when the platform gives another count (its date is then not that of the article's figure).

    Example
    -------
    >>> decided = decide_uni_01(Uni01Evidence(372, "end-2024", ("u",), 372, "2024-12-31", ("v",)))
    >>> decided["UNI-01a"].verdict, decided["UNI-01b"].verdict, decided["UNI-01b"].computed
    ('confirmed_by_source', 'contradicted', 'end-2024')
    """
    dated_year, article_year = _year(evidence.world_as_of), _year(RELEASE_MONTH)
    date = ("not_checkable" if evidence.world_count != evidence.china_count or dated_year is None
            else "confirmed_by_source" if dated_year == article_year else "contradicted")
    return {"UNI-01a": compare("UNI-01a", evidence.china_count),
            "UNI-01b": Decision(date, computed=evidence.china_as_of, stated=date != "not_checkable", basis=None)}


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
    >>> from innovlib.claims import Audit
    >>> from innovlib.data import load
    >>> audit = Audit()
    >>> uni_01(audit, load("unicorn_counts", resource="unicorn_counts"))
    >>> audit.recorded[1].computed
    'end-2024'
    """
    evidence = uni_01_evidence(counts)
    decided = decide_uni_01(evidence)
    fields = {**vars(evidence), "release_month": RELEASE_MONTH}
    # claims.evaluate makes UNI-01a's comparison again and grades the sources stating the count
    record(audit, "UNI-01a", decided["UNI-01a"], about={}, sources=[*evidence.china_sources, *evidence.world_sources],
           explanation=WORDING["uni_01a"].format(**fields))
    date = decided["UNI-01b"]
    if date.verdict == "not_checkable":
        record(audit, "UNI-01b", date, about={}, sources=list(evidence.world_sources),
               missing=WORDING["uni_01b_missing"].format(**fields), explanation=WORDING["uni_01b"].format(**fields))
        return
    contradicted = date.verdict == "contradicted"
    record(audit, "UNI-01b", date, about={}, sources=list(evidence.world_sources),
           explanation=WORDING["uni_01b" if contradicted else "uni_01b_confirmed"].format(**fields),
           finding=WORDING["uni_01b_finding"].format(**fields) if contradicted else "")


# --- UNI-02 ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CityCount:
    """A city's count in GEI's China report 2025, the article's figure, and GEI's previous edition's count (if
    found).

    Example
    -------
    >>> CityCount("Shenzhen", 42, "end-2024", ("https://a.example",), 42.0).previous_count is None
    True
    """

    city: str
    count: int
    as_of: str
    sources: tuple[str, ...]
    published: float
    previous_count: int | None = None
    previous_as_of: str | None = None

    @property
    def published_is_previous_edition(self) -> bool:
        """Whether the article's figure is the previous edition's count and not this edition's."""
        return self.previous_count is not None and self.published == self.previous_count != self.count


@dataclass(frozen=True)
class Uni02Evidence:
    """Beijing's, Shanghai's and Shenzhen's counts (:class:`CityCount`, by part) and every city the sources of
    the 2025 report name.

    Example
    -------
    >>> Uni02Evidence({}, ("Beijing",)).named
    ('Beijing',)
    """

    cities: dict[str, CityCount]
    named: tuple[str, ...]


def uni_02_evidence(counts: pd.DataFrame) -> Uni02Evidence:
    """The three cities' counts in GEI's China report 2025 and its 2024 edition.

    Example
    -------
    >>> from innovlib.data import load
    >>> evidence = uni_02_evidence(load("unicorn_counts", resource="unicorn_counts"))
    >>> beijing = evidence.cities["UNI-02a"]
    >>> beijing.count, beijing.published, beijing.previous_count, beijing.published_is_previous_edition
    (115, 75.0, 75, True)
    """
    this_edition, previous_edition = _report(counts, GEI_CHINA_2025), _report(counts, GEI_CHINA_2024)
    cities = {}
    for part, city in UNI_02_CITIES.items():
        row = this_edition.loc[("city", city)]
        previous = (previous_edition.loc[("city", city)] if ("city", city) in previous_edition.index
                    else {"companies": None, "data_as_of": None})
        cities[part] = CityCount(
            city, int(row["companies"]), str(row["data_as_of"]), tuple(row_sources(row)),
            claims.parse_published(claims.lookup(part)["published_value"]),
            None if previous["companies"] is None else int(previous["companies"]),
            None if previous["data_as_of"] is None else str(previous["data_as_of"]))
    return Uni02Evidence(cities, tuple(this_edition.xs("city", level="scope").index))


def decide_uni_02(evidence: Uni02Evidence) -> dict[str, Decision]:
    """UNI-02a-c: the 2025 report's count compared with the article's (before the grading of the sources);
    UNI-02d (the three lead): not checkable, no source gives the other cities' counts.

    Example
    -------
    >>> beijing = CityCount("Beijing", 115, "end-2024", ("u",), 75.0, 75, "end-2023")
    >>> shenzhen = CityCount("Shenzhen", 42, "end-2024", ("u",), 42.0)
    >>> decided = decide_uni_02(Uni02Evidence({"UNI-02a": beijing, "UNI-02c": shenzhen}, ("Beijing", "Shenzhen")))
    >>> {part: d.verdict for part, d in decided.items()}
    {'UNI-02a': 'contradicted', 'UNI-02c': 'confirmed_by_source', 'UNI-02d': 'not_checkable'}
    """
    counts = {part: compare(part, city.count) for part, city in evidence.cities.items()}  # city.published: the same
    return {**counts, "UNI-02d": Decision("not_checkable")}


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
    >>> from innovlib.claims import Audit
    >>> from innovlib.data import load
    >>> audit = Audit()
    >>> uni_02(audit, load("unicorn_counts", resource="unicorn_counts"))
    >>> [v.computed for v in audit.recorded[:3]]
    [115, 65, 42]
    """
    evidence = uni_02_evidence(counts)
    decided = decide_uni_02(evidence)
    for part, city in evidence.cities.items():  # claims.evaluate compares again and grades the sources
        outdated = decided[part].verdict == "contradicted" and city.published_is_previous_edition
        fields = vars(city)
        has_previous = city.previous_count is not None
        record(audit, part, decided[part], about={}, sources=list(city.sources),
               explanation=(WORDING["uni_02_city"].format(**fields)
                            + (WORDING["uni_02_previous"].format(**fields) if has_previous else "")),
               earlier=({WORDING["uni_02_previous_label"].format(**fields): city.previous_count}
                        if has_previous else {}),
               finding=WORDING["uni_02_finding"].format(**fields) if outdated else "")
    record(audit, "UNI-02d", decided["UNI-02d"], about={},
           missing=WORDING["uni_02d_missing"].format(named=names(evidence.named)))
