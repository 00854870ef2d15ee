"""The Qt user interface: windows, dialogs, tray and quick entry, over the services layer."""
