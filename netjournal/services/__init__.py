"""Use cases over an open journal. Qt-free; each write is one transaction and one notification."""
