"""innovlib.claims.catalogue: claim parts, headlines, unknown ids, and a catalogue whose headline names another claim's
part (the data folder of conftest.py)."""

from __future__ import annotations

import pytest

from innovlib import data
from innovlib.claims import catalogue
from innovlib.claims.verdict import evaluate

from .conftest import CLAIMS


def test_parts_and_unknown_ids(data_root):
    assert catalogue.parts_of("AB-02") == ["AB-02a", "AB-02b"]
    assert catalogue.lookup("AB-02b")["claim"].startswith("The cluster ranks 45th")
    with pytest.raises(KeyError, match="has parts AB-02a, AB-02b"):
        evaluate("AB-02", computed=45, explanation="e")
    with pytest.raises(KeyError, match="Did you mean AB-01"):
        evaluate("AB-1", computed=1, explanation="e")


def test_the_catalogue_headline_must_name_the_claims_own_parts(data_root):
    (data_root / "claims" / "claims.csv").write_text(CLAIMS.replace(",AB-02a\n", ",AB-01\n"), encoding="utf-8")
    data.rehash("claims", data_root)
    catalogue._catalogue_rows.cache_clear()
    with pytest.raises(data.DataValidationError, match=r"claims.csv, row 3, column 'headline'.*AB-01, not a part of AB-02"):
        catalogue.headline_of("AB-02")
    catalogue._catalogue_rows.cache_clear()
