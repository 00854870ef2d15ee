"""Import and export: CSV backup/restore, Google/Outlook/LinkedIn CSV, vCard. Qt-free."""
