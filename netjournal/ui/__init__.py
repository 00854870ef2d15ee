"""The Qt user interface: windows, dialogs, tray and quick entry, over the services layer."""

from netjournal.ui.qtcompat import guard_singleton_refcounts

# Before any other Qt call: PySide6 6.12.0 leaks references to None/True on Python < 3.12,
# which aborts the interpreter within seconds of use (see netjournal.ui.qtcompat).
guard_singleton_refcounts()
