"""Indicator framework: indicators, their hierarchy, directions and weights.

A framework is a table with one row per node: level-1 rows are indicators, higher levels are aggregates
(pillars, sub-indices, the index). It is validated on construction so that a build never starts on a
broken hierarchy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from innovlib.errors import InnovlibError

FRAMEWORK_COLUMNS = ["code", "name", "level", "parent", "direction", "weight", "unit", "denominator", "target"]
# COINr iMeta column -> framework column (None: read but not kept). Required and optional as COINr's new_coin().
COINR_REQUIRED_COLUMNS = {"Level": "level", "iCode": "code", "Parent": "parent", "Direction": "direction",
                          "Weight": "weight", "Type": None}
COINR_OPTIONAL_COLUMNS = {"iName": "name", "Unit": "unit", "Target": "target", "Denominator": "denominator"}


class FrameworkError(InnovlibError, ValueError):
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
        object.__setattr__(self, "_direction", dict(zip(table["code"], table["direction"].astype(float))))
        object.__setattr__(self, "_codes", table["code"].tolist())
        weights = table["weight"].to_numpy(float)
        weights.flags.writeable = False
        object.__setattr__(self, "_weights", weights)
        object.__setattr__(self, "_indicator_positions", np.flatnonzero(table["level"].to_numpy() == 1))
        object.__setattr__(self, "_code_set", frozenset(self._codes))
        object.__setattr__(self, "_denominators", {c: d for c, d in zip(self._codes, table["denominator"])
                                                   if d is not None})
        object.__setattr__(self, "_column_cache", {})  # column tuple -> indicator positions in it
        object.__setattr__(self, "_groups", _aggregation_groups(table, by_level, kids))

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

    @property
    def all_codes(self) -> list[str]:
        """Every code, in table order (the order of weight arrays and of aggregated scores)."""
        return list(self._codes)

    def denominators(self) -> dict[str, str]:
        """``{code: denominator}`` for the codes that have a denominator, in table order."""
        return dict(self._denominators)

    def has_code(self, code: str) -> bool:
        return code in self._code_set

    def indicator_columns(self, columns: tuple) -> np.ndarray:
        """Positions of the indicators in ``columns`` (-1 where absent), remembered per distinct ``columns``.

        Example
        -------
        >>> fw = Framework(pd.DataFrame({"code": ["a", "b", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
        >>> fw.indicator_columns(("b", "z", "a")).tolist()
        [2, 0]
        """
        found = self._column_cache.get(columns)
        if found is None:
            where = {c: j for j, c in enumerate(columns)}
            found = np.array([where.get(c, -1) for c in self.indicators], int)
            self._column_cache[columns] = found
        return found

    def indicator_positions(self) -> np.ndarray:
        """Table positions of the indicators (level 1), in the order of :attr:`indicators`."""
        return self._indicator_positions

    def weight_array(self) -> np.ndarray:
        """Weights of every code in table order (read-only).

        Example
        -------
        >>> Framework(pd.DataFrame({"code": ["a", "I"], "level": [1, 2], "parent": ["I", None]})).weight_array()
        array([1., 1.])
        """
        return self._weights

    def direction_array(self, codes) -> np.ndarray:
        """Directions (1.0 or -1.0) of ``codes`` as an array; codes outside the framework count as 1.

        Example
        -------
        >>> fw = Framework(pd.DataFrame({"code": ["a", "I"], "level": [1, 2], "parent": ["I", None],
        ...                              "direction": [-1, 1]}))
        >>> fw.direction_array(["a", "other"]).tolist()
        [-1.0, 1.0]
        """
        return np.array([self._direction.get(c, 1.0) for c in codes])

    def aggregation_groups(self) -> list[tuple[int, np.ndarray, np.ndarray, np.ndarray]]:
        """Per aggregation level: (level, parent positions, child positions, start of each parent's children).

        Positions index the framework table; the children of each parent are contiguous in the child positions,
        so that one ``np.add.reduceat(..., starts)`` aggregates every parent of a level at once.

        Example
        -------
        >>> fw = Framework(pd.DataFrame({"code": ["a", "b", "c", "P", "Q", "I"], "level": [1, 1, 1, 2, 2, 3],
        ...                              "parent": ["Q", "P", "Q", "I", "I", None]}))
        >>> [(lvl, p.tolist(), k.tolist(), s.tolist()) for lvl, p, k, s in fw.aggregation_groups()]
        [(2, [3, 4], [1, 0, 2], [0, 1]), (3, [5], [3, 4], [0])]
        """
        return self._groups

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

        As COINr's ``new_coin``, the columns ``Level, iCode, Parent, Direction, Weight, Type`` are required;
        ``iName``, ``Unit``, ``Target`` and ``Denominator`` are optional.

        Example
        -------
        >>> meta = pd.DataFrame({"Level": [1, 2], "iCode": ["x", "I"], "Direction": [1, 1], "Weight": [1, 1],
        ...                      "Parent": ["I", None], "Type": ["Indicator", "Aggregate"]})
        >>> Framework.from_coinr_meta(meta).indicators
        ['x']
        """
        missing = [c for c in COINR_REQUIRED_COLUMNS if c not in imeta.columns]
        if missing:
            raise FrameworkError(f"COINr iMeta: missing required column(s) {missing}; required: "
                                 f"{list(COINR_REQUIRED_COLUMNS)}, optional: {list(COINR_OPTIONAL_COLUMNS)}")
        rows = imeta[imeta["Type"].isin(["Indicator", "Aggregate"])]
        columns = {**COINR_REQUIRED_COLUMNS, **COINR_OPTIONAL_COLUMNS}
        table = pd.DataFrame({ours: rows[theirs] for theirs, ours in columns.items()
                              if theirs in rows.columns and ours is not None})
        return cls(table.reset_index(drop=True))


def _aggregation_groups(table: pd.DataFrame, by_level: dict, kids: dict) -> list:
    position = {c: i for i, c in enumerate(table["code"])}
    groups = []
    for level in range(2, max(by_level) + 1):
        parents = by_level[level]
        children = [[position[c] for c in kids[p]] for p in parents]
        starts = np.cumsum([0] + [len(c) for c in children[:-1]])
        groups.append((level, np.array([position[p] for p in parents]), np.concatenate(children).astype(int),
                       starts.astype(int)))
    return groups


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
