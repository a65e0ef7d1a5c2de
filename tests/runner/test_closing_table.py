"""The table closing ``innovlib run``: a notebook served from the cache shows the verdict counts of its cached run,
read from its folder once the folder passes the cache's check; a folder that fails it shows none."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter

import pytest

from conftest import PROJECT_ROOT, write_notebook
from innovlib import cli, runner
from innovlib.runner.formatting import folder_counts, result_counts
from innovlib.runner.tasks import Result

PARAMETERS = 'value: float = 40.0  # the figure checked'
BODY = '''from innovlib import claims
audit = claims.Audit(value=value)
audit.check("SEI-03a", computed=value, about={}, basis="recomputed", tolerance=0.05, explanation="test figure")
audit.check("SEI-03b", computed=True, about={}, basis="recomputed", explanation="test comparison")
'''


@pytest.fixture
def project(tmp_path, monkeypatch, data_root):
    shutil.copytree(PROJECT_ROOT / "data" / "claims", data_root / "claims")  # the catalogue the verdicts use
    write_notebook(tmp_path / "notebooks", "claim", PARAMETERS, BODY)
    monkeypatch.setenv("INNOVLIB_NOTEBOOKS_DIR", str(tmp_path / "notebooks"))
    monkeypatch.setenv("INNOVLIB_OUTPUTS_DIR", str(tmp_path / "outputs"))
    return tmp_path / "outputs"


def claim_row(printed: str) -> list[str]:
    """The cells of the closing table's row of notebook ``claim`` (columns are two or more spaces apart)."""
    [line] = [line for line in printed.splitlines() if line.startswith("claim ")]
    return re.split(r"\s{2,}", line.strip())


def test_a_cached_run_shows_the_verdict_counts_of_its_claims_json(project, capsys):
    assert cli.main(["run", "claim", "--no-report"]) == 0
    first = capsys.readouterr().out
    claims = json.loads((project / "claim" / "claims.json").read_text(encoding="utf-8"))
    counts = Counter(c["verdict"] for c in claims)
    assert counts == {"contradicted": 1, "reproduced": 1}  # the published 42.3 is not 40.0; the comparison holds
    expected = ", ".join(f"{verdict} {n}" for verdict, n in sorted(counts.items()))
    assert claim_row(first)[1::2] == ["ok", expected]
    assert cli.main(["run", "claim", "--no-report"]) == 0
    again = capsys.readouterr()
    assert "cached   claim" in again.err
    row = claim_row(again.out)
    assert row[:2] == ["claim", "cached"] and row[3] == expected == "contradicted 1, reproduced 1"
    [task] = runner.plan(["claim"])
    assert folder_counts(task.output_dir, "claim") == dict(counts)


def test_a_cached_folder_that_fails_the_check_shows_no_counts(project):
    assert cli.main(["run", "claim", "--no-report"]) == 0
    folder = project / "claim"
    cached = Result("claim", "cached", 0.0, folder)
    assert result_counts(cached) == {"contradicted": 1, "reproduced": 1}
    claims = folder / "claims.json"
    edited = json.loads(claims.read_text(encoding="utf-8"))
    edited[0]["verdict"] = edited[1]["verdict"]  # edited after the run: its sha256 no longer matches run.json
    claims.write_text(json.dumps(edited), encoding="utf-8")
    assert result_counts(cached) == {} and "  -  " in runner.summary_table([cached])
    claims.unlink()
    assert result_counts(cached) == {}
    # a result that ran keeps the counts its hooks gave, whatever its folder holds now
    assert result_counts(Result("claim", "ok", 1.0, folder, verdicts={"reproduced": 2})) == {"reproduced": 2}
