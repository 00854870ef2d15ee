"""Making exported cells inert in spreadsheets, reversibly (CSV / formula injection).

OWASP: a cell starting with ``=``, ``+``, ``-``, ``@``, tab, CR or LF may run as a formula when
the file is opened in Excel or LibreOffice; ASVS adds NUL. We prefix such a cell with a single
quote, which spreadsheets show as text. So that our importer can undo it exactly, a cell that
really starts with a quote gets one more quote too: unescaping strips exactly one leading quote,
and the round trip is lossless for every string.
"""

from __future__ import annotations

QUOTE = "'"
FORMULA_TRIGGERS = frozenset("=+-@\t\r\n\x00")
_NEEDS_PREFIX = FORMULA_TRIGGERS | {QUOTE}


def escape_cell(value: str) -> str:
    """``value`` made safe to open in a spreadsheet; :func:`unescape_cell` gives it back."""
    if value and value[0] in _NEEDS_PREFIX:
        return QUOTE + value
    return value


def unescape_cell(value: str) -> str:
    """Undo :func:`escape_cell` (only for our own exports: other files keep their quotes)."""
    if value.startswith(QUOTE):
        return value[1:]
    return value


def is_inert(value: str) -> bool:
    """True when a spreadsheet would not read ``value`` as a formula."""
    return not value or value[0] not in FORMULA_TRIGGERS
