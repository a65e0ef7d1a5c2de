"""``python -m innovlib.runner SPEC.json RESULT.json``: a Dask point's subprocess (see :mod:`innovlib.runner.dask_executor`)."""

import sys

from innovlib.runner.dask_executor import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
