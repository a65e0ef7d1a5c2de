"""Indicator framework: indicators, their hierarchy, directions and weights.

A framework is a table with one row per node: level-1 rows are indicators, higher levels are aggregates
(pillars, sub-indices, the index). It is validated on construction so that a build never starts on a
broken hierarchy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

FRAMEWORK_COLUMNS = ["code", "name", "level", "parent", "direction", "weight", "unit", "denominator", "target"]


class FrameworkError(ValueError):
    """A framework table that does not describe a valid hierarchy."""


@dataclass(frozen=True)
class Framework:
    """A validated indicator hierarchy.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per node with columns ``code, level, parent`` (required) and optionally ``name, direction
        (1 or -1), weight, unit, denominator, target``. Level 1 = indicators; the single node of the top level
        has no parent.

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["a", "b", "Index"], "level": [1, 1, 2],
    ...                              "parent": ["Index", "Index", None], "weight": [1, 2, 1]}))
    >>> fw.children("Index")
    ['a', 'b']
    """

    table: pd.DataFrame

    def __post_init__(self):
        table = _validated(self.table)
        object.__setattr__(self, "table", table)
        # Lookups used in every aggregation: computed once because builds are replayed many times.
        by_level = {int(lvl): grp["code"].tolist() for lvl, grp in table.groupby("level", sort=True)}
        kids = {code: table.loc[table["parent"] == code, "code"].tolist() for code in table["code"]}
        object.__setattr__(self, "_by_level", by_level)
        object.__setattr__(self, "_children", kids)

    @property
    def n_levels(self) -> int:
        return max(self._by_level)

    @property
    def indicators(self) -> list[str]:
        return self.codes(1)

    def codes(self, level: int) -> list[str]:
        """Codes of the nodes at ``level``, in table order."""
        return list(self._by_level.get(level, []))

    def children(self, code: str) -> list[str]:
        return list(self._children[code])

    def weights(self) -> pd.Series:
        return self.table.set_index("code")["weight"]

    def directions(self) -> pd.Series:
        return self.table.set_index("code")["direction"]

    def with_weights(self, weights: dict[str, float]) -> "Framework":
        """A copy with some node weights replaced.

        Example
        -------
        >>> fw = Framework(pd.DataFrame({"code": ["a", "b", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
        >>> float(fw.with_weights({"a": 3}).weights()["a"])
        3.0
        """
        unknown = set(weights) - set(self.table["code"])
        if unknown:
            raise FrameworkError(f"with_weights: unknown codes {sorted(unknown)}")
        table = self.table.copy()
        table["weight"] = [float(weights.get(c, w)) for c, w in zip(table["code"], table["weight"])]
        return Framework(table)

    @classmethod
    def from_coinr_meta(cls, imeta: pd.DataFrame) -> "Framework":
        """Build from a COINr ``iMeta`` table (rows of Type Indicator and Aggregate).

        Example
        -------
        >>> meta = pd.DataFrame({"Level": [1, 2], "iCode": ["x", "I"], "iName": ["X", "Index"],
        ...     "Direction": [1, 1], "Weight": [1, 1], "Unit": ["", ""], "Target": [None, None],
        ...     "Denominator": [None, None], "Parent": ["I", None], "Type": ["Indicator", "Aggregate"]})
        >>> Framework.from_coinr_meta(meta).indicators
        ['x']
        """
        rows = imeta[imeta["Type"].isin(["Indicator", "Aggregate"])]
        table = pd.DataFrame({
            "code": rows["iCode"], "name": rows["iName"], "level": rows["Level"], "parent": rows["Parent"],
            "direction": rows["Direction"], "weight": rows["Weight"], "unit": rows["Unit"],
            "denominator": rows["Denominator"], "target": rows["Target"]})
        return cls(table.reset_index(drop=True))


def _validated(table: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise FrameworkError(f"framework: expected a pandas DataFrame, got {type(table).__name__}")
    for col in ("code", "level", "parent"):
        if col not in table.columns:
            raise FrameworkError(f"framework: missing required column '{col}'")
    t = table.copy().reset_index(drop=True)
    defaults = {"name": None, "direction": 1, "weight": 1.0, "unit": None, "denominator": None, "target": np.nan}
    for col, default in defaults.items():
        if col not in t.columns:
            t[col] = default
    t["name"] = t["name"].where(t["name"].notna(), t["code"])
    t["parent"] = t["parent"].astype(object).where(t["parent"].notna(), None)
    t["denominator"] = t["denominator"].astype(object).where(t["denominator"].notna(), None)
    t["code"] = t["code"].astype(str)

    dup = t["code"][t["code"].duplicated()]
    if len(dup):
        raise FrameworkError(f"framework: duplicated code(s) {sorted(set(dup))}")
    for i, row in t.iterrows():
        where = f"framework row {i} (code '{row['code']}')"
        if pd.isna(row["level"]) or int(row["level"]) != row["level"] or row["level"] < 1:
            raise FrameworkError(f"{where}, column 'level': expected an integer >= 1, got {row['level']!r}")
        direction = row["direction"]
        if direction is None or pd.isna(direction) or float(direction) not in (1.0, -1.0):
            raise FrameworkError(f"{where}, column 'direction': expected 1 or -1, got {direction!r}")
        weight = row["weight"]
        if weight is None or pd.isna(weight) or float(weight) < 0:
            raise FrameworkError(f"{where}, column 'weight': expected a number >= 0, got {weight!r}")
    t["level"] = t["level"].astype(int)
    t["direction"] = t["direction"].astype(int)
    t["weight"] = t["weight"].astype(float)
    t["target"] = pd.to_numeric(t["target"], errors="coerce")

    level_of = dict(zip(t["code"], t["level"]))
    top = t["level"].max()
    for i, row in t.iterrows():
        where = f"framework row {i} (code '{row['code']}')"
        parent = row["parent"]
        if row["level"] == top:
            if parent is not None:
                raise FrameworkError(f"{where}, column 'parent': the top level has no parent, got '{parent}'")
            continue
        if parent is None:
            raise FrameworkError(f"{where}, column 'parent': missing parent")
        if parent not in level_of:
            raise FrameworkError(f"{where}, column 'parent': unknown parent '{parent}'")
        if parent == row["code"]:
            raise FrameworkError(f"{where}, column 'parent': a node cannot be its own parent (cycle)")
    # Walking up from every node must reach the top without revisiting a node.
    parent_of = dict(zip(t["code"], t["parent"]))
    for code in t["code"]:
        seen, node = [code], parent_of[code]
        while node is not None:
            if node in seen:
                raise FrameworkError(f"framework: cycle in the hierarchy {' -> '.join(seen + [node])}")
            seen.append(node)
            node = parent_of[node]
    for i, row in t.iterrows():
        parent = row["parent"]
        if parent is not None and level_of[parent] != row["level"] + 1:
            raise FrameworkError(f"framework row {i} (code '{row['code']}'), column 'parent': parent '{parent}' is at "
                                 f"level {level_of[parent]}, expected level {row['level'] + 1}")
    if (t["level"] == top).sum() != 1:
        raise FrameworkError(f"framework: expected exactly one node at the top level {top}, "
                             f"got {(t['level'] == top).sum()}")
    for code in t.loc[t["level"] > 1, "code"]:
        kids = t.loc[t["parent"] == code]
        if kids.empty:
            raise FrameworkError(f"framework: aggregate '{code}' has no children")
        if kids["weight"].sum() <= 0:
            raise FrameworkError(f"framework: the children of '{code}' have zero total weight")
    return t
