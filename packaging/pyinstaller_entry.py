"""Entry script of the PyInstaller build: the same as the ``netjournal-app`` command.

The frozen executable is the whole app: without a command it starts the GUI, with one
(``NetJournal --version``, ``NetJournal stats``) it runs the command line.
"""

import sys

from netjournal.cli import gui_main

if __name__ == "__main__":
    sys.exit(gui_main())
