"""GII-style cluster scoring: world shares, combined scores, ranks, robustness, exact feasibility, published ranks.

WIPO's Global Innovation Index ranks science & technology clusters by the sum of their shares of world totals:
PCT applications (``pct``) and scientific articles (``pub``) until 2024, plus venture-capital deals (``vc``) from
2025. The functions are pure: tables in, tables out. One module per concern:

- :mod:`innovlib.clusters.validation`: the metrics, weights and the checks of a table (:class:`ClusterDataError`);
- :mod:`innovlib.clusters.scores`: the shares table, world shares, combined scores, ranks with ties, intensity;
- :mod:`innovlib.clusters.robustness`: rank intervals and rank sensitivity by the composite engine;
- :mod:`innovlib.clusters.feasibility`: the exact interval of an unknown for which an ordering holds;
- :mod:`innovlib.clusters.published`: published ranks across editions and metric leaders;
- :mod:`innovlib.clusters.linear_scores`: scores linear in one unpublished share.

Callers use the names from here (``from innovlib import clusters as cl``; ``cl.combined_score(...)``).

Example
-------
>>> import pandas as pd
>>> shares = pd.DataFrame({"pct": [10.1, 9.0], "pub": [1.5, 2.1]}, index=["Tokyo–Yokohama", "Shenzhen–Hong Kong–Guangzhou"])
>>> combined_score(shares).round(1).tolist()
[11.6, 11.1]
>>> rank_with_ties(combined_score(shares), method="min").tolist()
[1, 2]
"""

from __future__ import annotations

from innovlib.clusters.feasibility import Interval, feasibility_interval, first_place_weights
from innovlib.clusters.linear_scores import LinearScores, scores_without
from innovlib.clusters.published import (BASIS_PREFERENCE, metric_leaders, published_previous_rank, published_rank,
                                         published_rank_row, published_ranks)
from innovlib.clusters.robustness import SCORE, rank_intervals, rank_sensitivity, score_framework
from innovlib.clusters.scores import (combined_score, intensity, leave_one_metric_out, rank_change, rank_with_ties,
                                      shares_table, world_share, world_total_bounds)
from innovlib.clusters.validation import (METRICS, RANK_METHODS, ClusterDataError, check_metrics, metric_weights,
                                          validate_metric_table)

__all__ = ["BASIS_PREFERENCE", "METRICS", "RANK_METHODS", "SCORE", "ClusterDataError", "Interval", "LinearScores",
           "check_metrics", "combined_score", "feasibility_interval", "first_place_weights", "intensity",
           "leave_one_metric_out", "metric_leaders", "metric_weights", "published_previous_rank", "published_rank",
           "published_rank_row", "published_ranks", "rank_change", "rank_intervals", "rank_sensitivity",
           "rank_with_ties", "score_framework", "scores_without", "shares_table", "validate_metric_table",
           "world_share", "world_total_bounds"]
