"""innovlib.analyses.regional_st_innovation: CASTED's published results shaped for display (editions side by side,
tiers, leaders' ranks, the national score's path), on small hand-made tables."""

from __future__ import annotations

import pandas as pd

from innovlib.analyses import regional_st_innovation as analysis

NEWS = "https://www.kankanews.com/detail/EnwNqNLeAQa"  # graded news in data/regional_st_innovation


def _provinces(rows):
    """(edition, region, rank, tier, score) tuples as the scores resource, with a news source on each row."""
    table = pd.DataFrame(rows, columns=["edition", "region", "rank", "tier", "score"])
    return table.assign(year=table["edition"].str[:4].astype(int), source_url=NEWS)


def test_editions_side_by_side_tiers_and_leaders():
    provinces = _provinces([("2025", "Shanghai", 1, 1, 91.38), ("2025", "Beijing", 2, 1, 90.0),
                            ("2024", "Beijing", 1, 1, None), ("2024", "Tibet", 31, 3, None)])
    compared = analysis.editions_compared(provinces, "2025", "2024")
    assert compared["region"].tolist() == ["Shanghai", "Beijing", "Tibet"]
    assert compared["rank 2024 (compared)"].tolist()[1:] == [1, 31]
    tiers = analysis.tiers_by_edition(provinces)
    assert tiers.index.tolist() == ["Beijing", "Shanghai", "Tibet"] and tiers.loc["Tibet", "2024"] == 3
    assert analysis.leaders_ranks(provinces, best=6).index.tolist() == ["Beijing", "Shanghai"]


def test_score_paths_draw_published_scores_only():
    scores = pd.DataFrame({"edition": ["2016-2017", "2024", "2025"], "year": [2016, 2024, 2025],
                           "region": ["China", "China", "China"], "score": [67.57, None, 80.2]})
    assert analysis.score_paths(scores, [])["year"].tolist() == [2016, 2025]
