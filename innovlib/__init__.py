"""innovlib: reproduce, audit and extend published findings about innovation rankings.

A thin library behind parameterized notebooks (one per finding) that ``innovlib run`` executes with papermill.

- :mod:`innovlib.paths` knows where the project, notebooks, data and outputs are.
- :mod:`innovlib.data` loads the curated datasets under ``data/`` with their provenance.
- :mod:`innovlib.claims` records each published claim's verdict.
- :mod:`innovlib.outputs` saves key tables for citation.
- :mod:`innovlib.runner` (one module per concern) executes notebooks, caches, records and swaps, and knows
  nothing of claims or pages; :mod:`innovlib.cli` parses the command line; :mod:`innovlib.report` writes the
  report.

The layers are wired together by name in :mod:`innovlib.settings`: the runner's post-run hooks (the notebook
pages, :class:`innovlib.frontmatter.NotebookPages`: the "About this run" and "Findings" cells and claims.json, see
:mod:`innovlib.runner.hooks`) are imported by the runner when it first needs them, in every process that runs a
notebook. Heavy libraries are imported where they are used.
"""

__version__ = "0.1.0"
