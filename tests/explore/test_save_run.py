""""Save this as a run": the panel's values go to ``innovlib run NAME -p ...`` and the run it makes holds them.

Slow group: it executes one notebook through the command line (into a temporary outputs folder).
"""

from __future__ import annotations

import json

import pytest

from innovlib.explore import Explorer
from innovlib.paths import OUTPUTS_ENV

pytestmark = pytest.mark.slow


def test_save_this_as_a_run_makes_a_run_with_the_panels_values(tmp_path, monkeypatch):
    monkeypatch.setenv(OUTPUTS_ENV, str(tmp_path))
    explorer = Explorer("regional_shares")
    explorer.controls["yrd_edition"].value = "2024"
    line = explorer.save_run(wait=True)
    assert line.startswith("saved: ") and explorer.save_result.value.startswith("saved: ")
    folders = [p for p in tmp_path.iterdir() if p.name.startswith("regional_shares--")]
    assert len(folders) == 1
    run = json.loads((folders[0] / "run.json").read_text(encoding="utf-8"))
    assert run["parameters"]["yrd_edition"] == "2024"
    claims = json.loads((folders[0] / "claims.json").read_text(encoding="utf-8"))
    assert not any(c["part_id"].startswith("YRD-01") for c in claims)  # the run does not test YRD-01 either
    assert not (tmp_path / "regional_shares").exists()  # the default run's folder is not touched
