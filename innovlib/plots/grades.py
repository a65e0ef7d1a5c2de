"""Which points of a figure rest only on weak sources, so that they are drawn apart (hollow) from the others.

A data row cites its sources (:func:`innovlib.data.row_sources`); every source URL carries a grade in the
descriptors under ``data/`` (:func:`innovlib.data.graded_sources`). A point is *secondary* when none of the
sources its row cites is graded ``news`` or better: the figure then rests on reposts, aggregators or blogs only,
as a verdict resting on them would (see the README's grades). A row that cites no graded source is not marked:
its grade is unknown, not weak.

Example
-------
>>> import pandas as pd
>>> rows = pd.DataFrame({"source_url": ["https://www.wipo.int/web/global-innovation-index/2025/innovation-clusters"]})
>>> secondary_points(rows).tolist()
[False]
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from innovlib.data import graded_sources, row_sources

#: Grades a point may rest on and still be drawn as the others (strongest first).
STRONG_GRADES = ("primary", "official", "news")


def secondary_points(table: pd.DataFrame, root: Path | None = None) -> pd.Series:
    """For each row, whether every graded source it cites is ``secondary`` (or ungraded): a boolean Series on the
    table's index, to pass as the ``secondary`` column of :func:`innovlib.plots.paths`.

    Parameters
    ----------
    table : pandas.DataFrame
        Rows with ``source_url`` (and optionally ``source_url_2``, ``other_source_urls``) columns.
    root : Path, optional
        Folder of the datasets whose descriptors grade the URLs (default: the project's ``data/``).

    Example
    -------
    >>> import pandas as pd
    >>> blog = "https://www.singyun.com/news/3884.html"
    >>> secondary_points(pd.DataFrame({"source_url": [blog, "https://example.org/unlisted"]})).tolist()
    [True, False]
    """
    if "source_url" not in table.columns:
        raise ValueError(f"secondary_points needs a source_url column; the table has {', '.join(map(str, table.columns))}")
    grades = {url: entry.get("grade") for url, entry in graded_sources(root).items()}

    def weak(row) -> bool:
        known = [grades[url] for url in row_sources(row) if url in grades]
        return bool(known) and not any(grade in STRONG_GRADES for grade in known)

    return pd.Series([weak(row) for _, row in table.iterrows()], index=table.index, dtype=bool)
