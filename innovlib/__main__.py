import sys

from innovlib.cli import main

sys.exit(main())
