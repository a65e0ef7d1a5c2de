"""innovlib.clusters.published: one published rank per edition and cluster (own edition first), preferred sources,
and metric leaders, on hand-made rows and the committed data."""

from __future__ import annotations

import pandas as pd
import pytest

from innovlib import clusters as cl
from innovlib.data import load


def _size_rows():
    return pd.DataFrame({
        "edition": [2022, 2022, 2022, 2023],
        "cluster": ["Nagoya", "Nagoya", "Seoul", "Nagoya"],
        "rank": [13, 12, 4, 15],
        "basis": ["next_edition_previous_rank", "own_edition", "next_edition_previous_rank", "own_edition"],
        "source_key": ["WIPO23R", "WIPOJP22", "WIPO23R", "WIPO23R"],
        "source_url": ["u23", "ujp22", "u23", "u23"],
    })


def test_published_ranks_keep_the_own_edition_figure_once_per_edition_and_cluster():
    ranks = cl.published_ranks(_size_rows())
    assert ranks[["edition", "cluster", "rank"]].values.tolist() == [[2022, "Seoul", 4], [2022, "Nagoya", 12],
                                                                     [2023, "Nagoya", 15]]


def test_published_rank_uses_the_same_rule_and_a_preferred_source():
    size = _size_rows()
    assert cl.published_rank(size, 2022, "Nagoya") == (12, "ujp22")
    assert cl.published_rank(size, 2022, "Nagoya", prefer_source="WIPO23R") == (13, "u23")
    assert cl.published_rank(size, 2022, "Seoul") == (4, "u23")  # only the next edition's column: used
    with pytest.raises(KeyError, match="no published rank for 'Seoul' in GII 2023"):
        cl.published_rank(size, 2023, "Seoul")


def test_published_ranks_reject_an_unknown_basis():
    size = _size_rows().assign(basis="guessed")
    with pytest.raises(cl.ClusterDataError, match="unknown basis 'guessed'"):
        cl.published_ranks(size)


def test_published_2022_nagoya_conflict_resolves_to_the_own_edition_figure():
    size = load("gii_clusters", resource="size_ranking")
    ranks = cl.published_ranks(size).set_index(["edition", "cluster"])["rank"]
    assert ranks.loc[(2022, "Nagoya")] == 12  # WIPO Japan's 2022 pre-release; GII 2023's previous-rank column says 13
    assert not cl.published_ranks(size).duplicated(["edition", "cluster"]).any()


def test_metric_leaders_of_2025_as_published():
    metric_values = load("gii_clusters", resource="metric_values")
    assert cl.metric_leaders(metric_values, 2025, ["pct", "pub", "vc"]) == {
        "pct": "Tokyo–Yokohama", "pub": "Beijing", "vc": "San Jose–San Francisco"}
    assert cl.metric_leaders(metric_values, 2023, ["pct"]) == {"pct": None}  # 2023 rows carry no metric ranks
