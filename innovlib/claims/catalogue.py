"""The claim catalogue: the ``claims`` dataset (``data/claims/``), its articles and who publishes what is missing.

``claims.csv`` holds one row per published claim (with its ``headline`` part ids), ``claim_parts.csv`` one row per
checkable statement, the descriptor's sources the audited articles (``[article id ...]`` in the title) and the
``producers`` resource who would publish the figures an open part lacks.

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

from innovlib.data import DataValidationError, load, read_descriptor
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
    """Article id → its source entry (title, publisher, date, URL) in the claims dataset's descriptor.

    Example
    -------
    >>> articles()["TW-2025-11"]["publisher"]
    'Time Weekly (时代周报)'
    """
    found = {}
    for source in read_descriptor("claims").get("sources", []):
        title = source.get("title", "")
        key = title[title.rfind("[article id ") + 12:].rstrip("]") if "[article id " in title else title
        found[key] = source
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
    """The URLs of the audited articles (and of the reposts they are read through), never evidence for a claim.

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
