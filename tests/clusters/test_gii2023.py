"""innovlib.clusters on the committed GII data: the 2023 ranking recomputed for every world total the published
shares allow, the reference extract, the canonical cluster names, and published rank changes."""

from __future__ import annotations

import math
import shutil

import pandas as pd
import pytest

from conftest import PROJECT_ROOT
from innovlib import clusters as cl
from innovlib.data import DataValidationError, load, read_descriptor, rehash

SHARED_GII = PROJECT_ROOT / ".." / "shared" / "reference" / "gii"


@pytest.fixture(scope="module")
def gii2023():
    metric_values = load("gii_clusters", resource="metric_values")
    size = load("gii_clusters", resource="size_ranking")
    shares = cl.shares_table(metric_values, 2023, ["pct", "pub"])
    counts = cl.shares_table(metric_values, 2023, ["pct", "pub"], value="count").loc[shares.index]
    published = size[size["edition"] == 2023].set_index("cluster")["rank"]
    return counts, shares, published


def test_2023_has_34_clusters_with_counts_and_shares(gii2023):
    counts, shares, published = gii2023
    assert len(shares) == 34
    assert sorted(published.loc[shares.index]) == list(range(1, 35))
    assert counts.loc["Tokyo–Yokohama"].tolist() == [127418, 115020]


def test_2023_ranking_is_reproduced_for_every_world_total_the_published_shares_allow(gii2023):
    counts, shares, published = gii2023
    pct_bounds = cl.world_total_bounds(counts["pct"], shares["pct"])
    pub_bounds = cl.world_total_bounds(counts["pub"], shares["pub"])
    for pct_total in pct_bounds:
        for pub_total in pub_bounds:
            recomputed = pd.DataFrame({"pct": cl.world_share(counts["pct"].astype(float), pct_total),
                                       "pub": cl.world_share(counts["pub"].astype(float), pub_total)})
            ranks = cl.rank_with_ties(cl.combined_score(recomputed), method="min")
            assert ranks.tolist() == published.loc[shares.index].tolist()


def test_2023_order_interval_contains_the_interval_allowed_by_rounded_shares(gii2023):
    counts, shares, published = gii2023
    order = published.loc[shares.index].sort_values().index.tolist()
    # score ∝ pct + λ·pub with λ = world PCT total / world publication total
    exact = cl.feasibility_interval(counts["pct"].to_dict(), counts["pub"].to_dict(), order, bounds=(0, math.inf))
    assert exact.lower == pytest.approx(0.167897, abs=1e-6) and exact.upper == pytest.approx(0.169501, abs=1e-6)
    assert exact.lower_pair == ("Wuhan", "Hangzhou")
    assert exact.upper_pair == ("Tel Aviv–Jerusalem", "Moscow")
    pct_lo, pct_hi = cl.world_total_bounds(counts["pct"], shares["pct"])
    pub_lo, pub_hi = cl.world_total_bounds(counts["pub"], shares["pub"])
    assert exact.contains(pct_lo / pub_hi) and exact.contains(pct_hi / pub_lo)


def test_2023_counts_match_the_reference_extract(gii2023):
    path = SHARED_GII / "gii2023_top100_size_partial.csv"
    if not path.exists():
        pytest.skip("../shared/reference/gii is absent")
    reference = pd.read_csv(path)
    counts, _, _ = gii2023
    # joined by cluster name (the extract adds US states: "Chicago, IL"), so that two clusters' swapped counts fail
    reference = reference.head(34).set_index(reference["cluster_name"].head(34).str.replace(r", [A-Z]{2}$", "",
                                                                                            regex=True))
    assert sorted(reference.index) == sorted(counts.index)
    assert reference.loc[counts.index, "pct_applications"].tolist() == counts["pct"].astype(int).tolist()
    assert reference.loc[counts.index, "scientific_publications"].tolist() == counts["pub"].astype(int).tolist()


def test_every_table_keys_its_clusters_into_the_canonical_list():
    """The descriptor, not the notebook, makes every cluster name join: one foreign key per table."""
    resources = read_descriptor("gii_clusters")["resources"]
    keyed = {r["name"]: r["schema"].get("foreignKeys") for r in resources if r["name"] != "clusters"
             and any(f["name"] == "cluster" for f in r["schema"]["fields"])}
    assert sorted(keyed) == ["intensity", "metric_values", "size_ranking"]
    for name, keys in keyed.items():
        assert keys == [{"fields": ["cluster"], "reference": {"resource": "clusters", "fields": ["cluster"]}}], name


def test_an_unknown_cluster_name_fails_at_load_naming_file_row_and_column(tmp_path, monkeypatch):
    shutil.copytree(PROJECT_ROOT / "data" / "gii_clusters", tmp_path / "gii_clusters")
    monkeypatch.setenv("INNOVLIB_DATA_DIR", str(tmp_path))
    csv = tmp_path / "gii_clusters" / "intensity.csv"
    lines = csv.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if ",Ningde," in line)  # a name the clusters table does not have
    lines[row] = lines[row].replace(",Ningde,", ",Ningde City,")
    csv.write_text("".join(lines), encoding="utf-8")
    rehash("gii_clusters")
    with pytest.raises(DataValidationError) as info:
        load("gii_clusters", resource="intensity")
    message = str(info.value)
    assert message == (f"{csv}, row {row + 1}, column 'cluster': value 'Ningde City' is not a cluster of resource "
                       "'clusters' (did you mean 'Ningde'?)")
    assert "\n" not in message and (info.value.row, info.value.column) == (row + 1, "cluster")


def test_published_2023_rank_changes_follow_from_the_ranks():
    size = load("gii_clusters", resource="size_ranking")
    y23 = size[size.edition == 2023].dropna(subset=["previous_rank"]).set_index("cluster")
    change = cl.rank_change(y23["previous_rank"], y23["rank"])
    assert change.loc["Qingdao"] == 6 and change.loc["Houston"] == -4 and change.loc["Tokyo–Yokohama"] == 0
