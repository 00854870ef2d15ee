"""Fifty realistic search queries (names, organisations, topics, places), typed char by char."""

from __future__ import annotations

QUERIES = (
    "anna",
    "müller",
    "priya sharma",
    "kwame",
    "josé",
    "garcia",
    "tanaka",
    "o'brien",
    "lindqvist",
    "nowak",
    "helios",
    "meridian bank",
    "boyden",
    "calibre",
    "northgate",
    "kestrel",
    "fjord",
    "carve-out",
    "carve out timeline",
    "erp",
    "erp programme",
    "works council",
    "working capital",
    "refinancing",
    "successor",
    "interim cfo",
    "benelux",
    "day rate",
    "availability",
    "sailing",
    "marathon",
    "jazz",
    "cello",
    "kyoto",
    "leuven",
    "porto bakery",
    "mentoring",
    "supply chain",
    "emissions",
    "polish acquisition",
    "board",
    "private equity",
    "amsterdam",
    "brasserie",
    "summit",
    "cfo forum",
    "alumni dinner",
    "term sheet",
    "article",
    "delft",
)


def keystrokes(query: str) -> list[str]:
    """What the search field holds after each keystroke of ``query``."""
    return [query[: i + 1] for i in range(len(query))]


def all_keystrokes() -> list[str]:
    """The search field's text after every keystroke of every query, in typing order."""
    return [text for query in QUERIES for text in keystrokes(query)]
