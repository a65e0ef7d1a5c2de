"""The claim catalogue: the ``claims`` dataset (``data/claims/``), its publications and who publishes what is missing.

``publications.csv`` holds one row per publication a claim comes from (a news article, a data release, a report, a
statement, an analyst's own question: its ``kind``), ``claims.csv`` one row per published claim (its publication in
``article``, a foreign key, and its ``headline`` part ids), ``claim_parts.csv`` one row per checkable statement and
the ``producers`` resource who would publish the figures an open part lacks. Publications and topics are rows, not
lists in the descriptor: adding one edits no schema.

Example
-------
>>> lookup("GII-06a")["claim_id"], parts_of("GII-06"), headline_of("GII-06")
('GII-06', ['GII-06a', 'GII-06b', 'GII-06c'], ['GII-06a'])
"""

from __future__ import annotations

import difflib
import functools
from pathlib import Path

import pandas as pd

from innovlib.data import DataValidationError, graded_sources, load
from innovlib.paths import data_dir


@functools.lru_cache(maxsize=4)
def _catalogue_rows(data_root: str) -> tuple[dict[str, dict], dict[str, dict]]:
    """(claims by id, parts by id) from the ``claims`` dataset; a part of no claim, or a headline naming another
    claim's part, is an error naming the file, row and column."""

    def records(resource: str) -> list[dict]:
        table = load("claims", resource=resource, root=Path(data_root))
        return table.astype(object).where(table.notna(), None).to_dict("records")

    claims_by_id = {row["claim_id"]: row for row in records("claims")}
    parts_by_id = {row["part_id"]: row for row in records("claim_parts")}
    for row_number, part in enumerate(parts_by_id.values(), start=2):
        if part["claim_id"] not in claims_by_id:
            raise DataValidationError(Path(data_root) / "claims" / "claim_parts.csv",
                                      f"claim {part['claim_id']!r} is not in claims.csv", row_number, "claim_id")
    for row_number, claim in enumerate(claims_by_id.values(), start=2):
        stray = [p for p in claim["headline"].split() if parts_by_id.get(p, {}).get("claim_id") != claim["claim_id"]]
        if stray:
            raise DataValidationError(Path(data_root) / "claims" / "claims.csv",
                                      f"headline names {', '.join(stray)}, not a part of {claim['claim_id']} in "
                                      "claim_parts.csv", row_number, "headline")
    return claims_by_id, parts_by_id


def _catalogue() -> tuple[dict[str, dict], dict[str, dict]]:
    return _catalogue_rows(str(data_dir()))


def claim_catalogue() -> pd.DataFrame:
    """The claim parts joined with their claims, one row per part (a DataFrame).

    Example
    -------
    >>> table = claim_catalogue()
    >>> table.set_index("part_id").loc["GII-06b", "claim_id"]
    'GII-06'
    """
    claims_by_id, parts_by_id = _catalogue()
    rows = [{**claims_by_id[p["claim_id"]], **p} for p in parts_by_id.values()]
    columns = ["part_id", "claim_id", "article", "topic", "subject", "claim", "statement",
               "published_value", "unit", "comparison"]
    return pd.DataFrame(rows)[columns]


def lookup(part_id: str) -> dict:
    """The catalogue row of a claim part, joined with its claim; an unknown id suggests close ones.

    Example
    -------
    >>> lookup("GII-06a")["claim_id"]
    'GII-06'
    """
    claims_by_id, parts_by_id = _catalogue()
    if part_id not in parts_by_id:
        if part_id in claims_by_id:
            parts = [p for p, row in parts_by_id.items() if row["claim_id"] == part_id]
            hint = f" Claim {part_id} has parts {', '.join(parts)}: check each part."
        else:
            close = difflib.get_close_matches(part_id, parts_by_id, n=3)
            hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise KeyError(f"unknown claim part {part_id!r} (not in data/claims/claim_parts.csv).{hint}")
    part = parts_by_id[part_id]
    return {**claims_by_id[part["claim_id"]], **part}


def articles() -> dict[str, dict]:
    """Publication id → its row of ``publications.csv`` (``kind``, ``title``, ``publisher``, ``date_published``,
    the URL in ``path`` and a repost's in ``via``, ``grade``; blank cells are ``""``), the ids ``claims.article``
    names. The keys are those of a descriptor's source entry, so a publication reads like any source.

    Example
    -------
    >>> tw = articles()["TW-2025-11"]
    >>> tw["publisher"], tw["kind"], tw["grade"]
    ('Time Weekly (时代周报)', 'news article', 'secondary')
    """
    return _publications(str(data_dir()))


@functools.lru_cache(maxsize=4)
def _publications(data_root: str) -> dict[str, dict]:
    """The publications by id; a URL another descriptor grades otherwise is an error naming the row (one URL takes
    one grade, as :func:`innovlib.data.graded_sources` rules across descriptors)."""
    table = load("claims", resource="publications", root=Path(data_root))
    table = table.astype(object).where(table.notna(), "")
    found = {row["publication_id"]: row for row in table.to_dict("records")}
    graded = graded_sources(Path(data_root))
    for row_number, row in enumerate(found.values(), start=2):
        listed = graded.get(row["path"]) if row["path"] else None
        if listed is not None and listed.get("grade", "") != row["grade"]:
            raise DataValidationError(Path(data_root) / "claims" / "publications.csv",
                                      f"{row['path']} is graded {row['grade'] or 'not at all'} here but "
                                      f"{listed.get('grade') or 'not at all'} in {listed['dataset']}/datapackage.json: "
                                      "one URL takes one grade", row_number, "grade")
    return found


def producers() -> dict[str, dict]:
    """Claim topic → who publishes the figures that would settle its open parts, and where (``publisher``,
    ``where``, ``where_url``), from the claims dataset's ``producers`` resource.

    Example
    -------
    >>> producers()["gii_clusters_2025"]["publisher"]
    'WIPO'
    """
    table = load("claims", resource="producers")
    table = table.astype(object).where(table.notna(), "")
    return {row["topic"]: row for row in table.to_dict("records")}


def audited_article_urls() -> frozenset[str]:
    """The URLs of every publication claims come from (and of the reposts they are read through), never evidence
    for a claim: a claim's own publication cannot support it, whatever its kind or grade.

    Example
    -------
    >>> "http://www.zhongyi333.com/gushi/479443.html" in audited_article_urls()
    True
    """
    urls = set()
    for source in articles().values():
        urls.update(u for u in (source.get("path"), source.get("via")) if u)
    return frozenset(urls)


def headline_of(claim_id: str) -> list[str]:
    """The part id(s) of a claim's headline, the statement the article leads with (the catalogue's choice).

    Example
    -------
    >>> headline_of("GII-01")
    ['GII-01a']
    """
    claims_by_id, _ = _catalogue()
    return claims_by_id[claim_id]["headline"].split()


def parts_of(claim_id: str) -> list[str]:
    """The part ids of a claim, in catalogue order.

    Example
    -------
    >>> parts_of("GII-06")
    ['GII-06a', 'GII-06b', 'GII-06c']
    """
    _, parts_by_id = _catalogue()
    return [p for p, row in parts_by_id.items() if row["claim_id"] == claim_id]
