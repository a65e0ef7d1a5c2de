"""innovlib.imports: the processes that read datasets or run notebooks load jsonschema without its IRI parsers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _fresh(code: str) -> dict:
    """Run ``code`` in a new interpreter at the project root; it prints one JSON object, returned."""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


PROBE = """
import json, sys
found = {"parsers": "rfc3987_syntax" in sys.modules, "jsonschema": "jsonschema" in sys.modules}
import jsonschema, rfc3987_syntax  # still importable by whoever asks for it
found["iri_checked"] = "iri" in jsonschema.FormatChecker().checkers
print(json.dumps(found))
"""


def test_a_kernels_first_data_load_builds_no_iri_parser():
    found = _fresh("from innovlib import data\ndata.load('city_gdp_2025q1q3')\n" + PROBE)
    assert found == {"parsers": False, "jsonschema": True, "iri_checked": False}


def test_a_runner_worker_reads_and_writes_notebooks_without_them():
    found = _fresh("from innovlib.runner.execution import prepare_workers\nprepare_workers()\n" + PROBE)
    assert found == {"parsers": False, "jsonschema": True, "iri_checked": False}


def test_jsonschema_imported_first_by_something_else_is_left_as_it_is():
    found = _fresh("import jsonschema\nfrom innovlib.imports import import_jsonschema\nimport_jsonschema()\n" + PROBE)
    assert found == {"parsers": True, "jsonschema": True, "iri_checked": True}
