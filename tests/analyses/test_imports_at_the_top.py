"""The analyses and the generic libraries they build on (clusters, plots, the notebook output check) import innovlib's
own modules at the top, where the import graph of tests/test_architecture.py sees them as the layering they are."""

from __future__ import annotations

import pytest

from test_architecture import MODULES, local_imports, within

ROOMS = ("innovlib.analyses", "innovlib.clusters", "innovlib.plots", "innovlib.notebook_outputs")


def test_the_rooms_are_packages_of_several_modules():
    assert {"innovlib.clusters.validation", "innovlib.clusters.robustness", "innovlib.plots.theme",
            "innovlib.plots.bars", "innovlib.analyses.unicorns"} <= set(MODULES)


@pytest.mark.parametrize("module", sorted(m for m in MODULES if within(m, ROOMS)))
def test_innovlib_modules_are_imported_at_the_top(module):
    assert local_imports(module) == []
