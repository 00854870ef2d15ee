"""``python -m netjournal``: the same entry point as the ``netjournal`` command."""

import sys

from netjournal.cli import main

sys.exit(main())
