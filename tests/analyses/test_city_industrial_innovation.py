"""innovlib.analyses.city_industrial_innovation: the index's published composite scores shaped for display, on small
hand-made tables (published 2025 scores where real)."""

from __future__ import annotations

import pandas as pd

from innovlib.analyses import city_industrial_innovation as analysis
from innovlib.rankings import margins_to_next


def _composite(scores):
    """Composite rows of 2025: city -> score (None: rank only), continent from the city, Asia by default."""
    cities = list(scores)
    return pd.DataFrame({"edition": 2025, "dimension": "composite", "city": cities,
                         "continent": [{"New York": "North America", "Paris": "Europe"}.get(c, "Asia") for c in cities],
                         "in_top_10": True, "score": [scores[c] for c in cities]})


def test_margins_of_the_published_2025_top_four():
    composite = _composite({"Tokyo": 46.84, "Shenzhen": 46.79, "New York": 46.72, "San Francisco": 46.11})
    table = margins_to_next(composite, "score", "city")
    assert analysis.margin_labels(table).tolist() == [
        "46.84  (+0.05 over Shenzhen)", "46.79  (+0.07 over New York)", "46.72  (+0.61 over San Francisco)", "46.11"]


def test_composite_scores_keep_one_edition_s_composite_rows_and_the_top_group_its_named_members():
    scores = pd.concat([_composite({"Tokyo": 46.84, "Paris": None}).assign(in_top_10=[True, None]),
                        _composite({"Tokyo": 40.0}).assign(edition=2024),
                        _composite({"Tokyo": 9.0}).assign(dimension="talent")])
    composite = analysis.composite_scores(scores, 2025)
    assert composite[["city", "score"]].values.tolist()[0] == ["Tokyo", 46.84] and len(composite) == 2
    assert analysis.top_group(composite)["city"].tolist() == ["Tokyo"]
