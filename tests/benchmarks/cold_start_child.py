"""``netjournal --data-dir DIR`` as a user starts it, saying READY once the main window is shown
and the event loop idles (bench.py's cold start; with NETJOURNAL_SMOKE_TEST=1 the app then quits).

Kept to the standard library and the app's own imports so that nothing extra is timed.
"""

import sys


def main(folder: str) -> int:
    from PySide6.QtCore import QTimer

    from netjournal.cli import main as netjournal_main
    from netjournal.ui import app as ui_app

    show_main_window = ui_app.NetJournalApp.show_main_window

    def shown_then_ready(self: ui_app.NetJournalApp, page: str | None = None) -> object:
        window = show_main_window(self, page)
        # Queued before the smoke test's own quit: fires on the same first idle pass.
        QTimer.singleShot(0, lambda: print("READY", flush=True))
        return window

    ui_app.NetJournalApp.show_main_window = shown_then_ready  # type: ignore[method-assign]
    return netjournal_main(["--data-dir", folder])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
