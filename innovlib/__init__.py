"""innovlib: reproduce, audit and extend published findings about innovation rankings.

A thin library behind parameterized notebooks (one per finding) that ``innovlib run`` executes with papermill.

- :mod:`innovlib.paths` knows where the project, notebooks, data and outputs are.
- :mod:`innovlib.data` loads the curated datasets under ``data/`` with their provenance.
- :mod:`innovlib.claims` records each published claim's verdict.
- :mod:`innovlib.outputs` saves key tables for citation.
- :mod:`innovlib.runner` (one module per concern) and :mod:`innovlib.cli` execute notebooks;
  :mod:`innovlib.report` writes the report.

Importing the package is cheap: heavy libraries are imported where they are used.
"""

__version__ = "0.1.0"
