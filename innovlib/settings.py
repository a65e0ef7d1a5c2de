"""Project settings the runner reads by name, never by import of the layers they name (kedro's ``settings.py``).

``HOOKS`` lists the post-run hooks every run calls (:mod:`innovlib.runner.hooks`), as ``"module:Class"``. The runner
imports them by name the first time it needs them, in whichever process runs a notebook (the command, its forked
workers, a Dask worker's subprocess), so the runner imports nothing above it and ``import innovlib`` stays light.

Example
-------
>>> HOOKS
('innovlib.frontmatter:NotebookPages',)
"""

HOOKS = ("innovlib.frontmatter:NotebookPages",)  # the "About this run" and "Findings" cells and claims.json
