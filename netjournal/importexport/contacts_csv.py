"""Contacts CSV from Google Contacts, Outlook and LinkedIn, mapped by header name.

Columns are found by name, never by position: exports differ in how many e-mail / phone /
address groups they have, in column order, and between old and new layouts (Google's current
"First Name … Labels, E-mail 1 - Label/Value" and its older "Given Name … Group Membership,
E-mail 1 - Type/Value"). Facts the journal has no field for (birthday, hobby) go into the notes
as "Birthday: …" lines rather than being lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from netjournal.errors import ImportFormatError
from netjournal.importexport.people import ContactDraft, clean_text, compose_notes
from netjournal.importexport.plan import ImportFormat
from netjournal.importexport.textfile import CsvTable, normalise_header, read_csv_table

Header = list[str]


def _names(header: Header) -> set[str]:
    return {normalise_header(h) for h in header}


def _is_linkedin(names: set[str]) -> bool:
    return {"first name", "last name", "connected on"} <= names


def _is_google(names: set[str]) -> bool:
    if {"given name", "family name"} <= names or "group membership" in names:
        return True  # the older layout
    current = {"labels", "organization name", "file as", "e-mail 1 - value", "phone 1 - value"}
    return {"first name", "last name"} <= names and bool(current & names)


def _is_outlook(names: set[str]) -> bool:
    outlook = {"e-mail address", "business phone", "mobile phone", "job title", "company"}
    return {"first name", "last name"} <= names and bool(outlook & names)


# Checked in this order: LinkedIn's and Google's headers are the most specific.
_SIGNATURES: tuple[tuple[ImportFormat, Callable[[set[str]], bool]], ...] = (
    (ImportFormat.LINKEDIN, _is_linkedin),
    (ImportFormat.GOOGLE, _is_google),
    (ImportFormat.OUTLOOK, _is_outlook),
)
CSV_FORMATS = tuple(fmt for fmt, _ in _SIGNATURES)


def detect_csv_format(header: Header) -> ImportFormat | None:
    """Which contacts export ``header`` is the header row of, if any."""
    names = _names(header)
    return next((fmt for fmt, matches in _SIGNATURES if matches(names)), None)


def looks_like_backup_table(header: Header) -> bool:
    """One CSV file out of a NetJournal backup (the user should import the whole backup)."""
    return {"uuid", "created_at", "updated_at"} <= _names(header)


class _Sheet:
    """Header-name look-ups for one table, computed once for all its rows."""

    def __init__(self, table: CsvTable) -> None:
        self.index = table.index()
        self.normalised = [normalise_header(h) for h in table.header]
        self._patterns: dict[str, list[int]] = {}

    def positions(self, pattern: str) -> list[int]:
        """Columns whose normalised name matches ``pattern``, in numeric order (E-mail 1, 2 …)."""
        if pattern not in self._patterns:
            compiled = re.compile(pattern)
            found = [(m, pos) for pos, name in enumerate(self.normalised) if (m := compiled.fullmatch(name))]
            found.sort(key=lambda item: _group_number(item[0]))
            self._patterns[pattern] = [pos for _, pos in found]
        return self._patterns[pattern]


def _group_number(match: re.Match[str]) -> int:
    """The N of "E-mail N - Value" (0 when the name has none), to keep groups in order."""
    digits = [g for g in match.groups() if g and g.strip().isdigit()]
    return int(digits[0]) if digits else 0


class _Row:
    def __init__(self, sheet: _Sheet, cells: list[str], number: int) -> None:
        self.sheet = sheet
        self.cells = cells
        self.origin = f"row {number}"

    def get(self, *names: str) -> str:
        """The first non-empty cell among the columns called ``names`` (normalised)."""
        for name in names:
            pos = self.sheet.index.get(name)
            if pos is not None and self.cells[pos].strip():
                return clean_text(self.cells[pos])
        return ""

    def values(self, pattern: str, separator: str | None = None) -> list[str]:
        """Every non-empty cell in the columns matching ``pattern``, split on ``separator``."""
        found = []
        for pos in self.sheet.positions(pattern):
            cell = self.cells[pos]
            parts = cell.split(separator) if separator else [cell]
            found += [clean_text(p) for p in parts if p.strip()]
        return found


def _join(*parts: str, separator: str = " ") -> str:
    return separator.join(p for p in parts if p)


# -- Google ------------------------------------------------------------------------------
GOOGLE_SEPARATOR = " ::: "  # several values in one cell
# Google's own groups, not the user's labels.
_GOOGLE_SYSTEM_GROUPS = frozenset(
    {"mycontacts", "my contacts", "starred", "starred in android", "other contacts"}
)


def google_tags(cell: str) -> list[str]:
    """Labels / group memberships minus Google's system groups ("* myContacts", "* starred")."""
    tags = []
    for raw in cell.split(GOOGLE_SEPARATOR):
        label = raw.strip()
        if label.startswith("* "):
            label = label[2:].strip()
        if label.casefold().startswith("system group:"):
            label = label.split(":", 1)[1].strip()
        lowered = label.casefold()
        if not label or lowered in _GOOGLE_SYSTEM_GROUPS or lowered.startswith("imported on "):
            continue
        tags.append(label)
    return tags


def _google(row: _Row) -> ContactDraft:
    name = row.get("name") or _join(
        row.get("first name", "given name"),
        row.get("middle name", "additional name"),
        row.get("last name", "family name"),
    )
    location = _join(
        row.get("address 1 - city"),
        row.get("address 1 - region"),
        row.get("address 1 - country"),
        separator=", ",
    ) or row.get("address 1 - formatted", "location").replace("\n", ", ")
    return ContactDraft(
        origin=row.origin,
        name=name or row.get("nickname", "file as"),
        organisation=row.get("organization name", "organization 1 - name"),
        role=row.get("organization title", "organization 1 - title"),
        emails=row.values(r"e-mail (\d+) - value", GOOGLE_SEPARATOR),
        phones=row.values(r"phone (\d+) - value", GOOGLE_SEPARATOR),
        links=row.values(r"website (\d+) - value", GOOGLE_SEPARATOR),
        location=location,
        notes=compose_notes(row.get("notes"), [("Birthday", row.get("birthday"))]),
        tags=google_tags(row.get("labels", "group membership")),
    )


# -- Outlook -----------------------------------------------------------------------------
_OUTLOOK_NO_BIRTHDAY = frozenset({"0/0/00", "0/0/0000", "00.00.00", "1/1/1601"})


def _outlook(row: _Row) -> ContactDraft:
    name = _join(row.get("first name"), row.get("middle name"), row.get("last name"))
    location = ""
    for place in ("business", "home", "other"):
        location = _join(
            row.get(f"{place} city"),
            row.get(f"{place} state"),
            row.get(f"{place} country/region", f"{place} country"),
            separator=", ",
        )
        if location:
            break
    birthday = row.get("birthday")
    return ContactDraft(
        origin=row.origin,
        name=name or row.get("display name", "nickname"),
        organisation=row.get("company"),
        role=row.get("job title"),
        emails=row.values(r"e-mail( \d+)? address"),
        # Everyone's own numbers; the assistant's and fax numbers are not theirs to call.
        phones=[p for p in row.values(r"(?!assistant|.*fax).*phone( \d+)?") if p],
        links=row.values(r"(personal )?web page"),
        location=location or row.get("location", "office location"),
        notes=compose_notes(
            row.get("notes"),
            [
                ("Birthday", "" if birthday in _OUTLOOK_NO_BIRTHDAY else birthday),
                ("Hobby", row.get("hobby")),
            ],
        ),
        tags=[t.strip() for t in row.get("categories").split(";") if t.strip()],
    )


# -- LinkedIn ----------------------------------------------------------------------------
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
_LINKEDIN_DATE = re.compile(r"(\d{1,2})[ -]([A-Za-z]{3})[a-z]*[ -](\d{2,4})")


def linkedin_date(text: str) -> date | None:
    """LinkedIn's "Connected On" ("03 Feb 2021"; English month names whatever the locale)."""
    cleaned = text.strip()
    match = _LINKEDIN_DATE.fullmatch(cleaned)
    try:
        if match:
            day, month, year = match.groups()
            full_year = int(year) + (2000 if len(year) == 2 else 0)
            return date(full_year, _MONTHS[month.lower()], int(day))
        return date.fromisoformat(cleaned)
    except (KeyError, ValueError):
        return None


def _linkedin(row: _Row, warnings: list[str]) -> ContactDraft:
    connected = row.get("connected on")
    met_on = linkedin_date(connected) if connected else None
    if connected and met_on is None:
        warnings.append(f"{row.origin}: 'Connected On' {connected!r} is not a date; left empty")
    url = row.get("url", "profile url")
    return ContactDraft(
        origin=row.origin,
        name=_join(row.get("first name"), row.get("last name")),
        organisation=row.get("company"),
        role=row.get("position"),
        emails=row.values(r"e-?mail address"),
        links=[url] if url else [],
        how_we_met="LinkedIn",
        met_on=met_on,
    )


# -- reading -------------------------------------------------------------------------------
def read_contacts_csv(
    text: str, label: str, expected: ImportFormat | None = None
) -> tuple[ImportFormat, list[ContactDraft], list[str]]:
    """The people in a Google / Outlook / LinkedIn CSV: (format, drafts, warnings).

    ``expected`` None detects the format from the header row.
    """

    def accept(header: Header) -> ImportFormat | None:
        found = detect_csv_format(header)
        if expected is None or found is None:
            return found
        # An explicit --from wins when its own signature matches too.
        return expected if dict(_SIGNATURES)[expected](_names(header)) else None

    result = read_csv_table(text, label, accept)
    if result is None:
        if _first_row_is_backup_table(text):
            raise ImportFormatError(
                f"{label}: this is one file of a NetJournal backup; import the whole backup folder "
                "or .zip instead."
            )
        wanted = expected.display_name if expected else "a Google, Outlook or LinkedIn contacts export"
        raise ImportFormatError(f"{label}: no header row of {wanted} found in the first rows.")
    table, fmt = result
    sheet = _Sheet(table)
    warnings: list[str] = []
    drafts = []
    for number, cells in table.rows:
        row = _Row(sheet, cells, number)
        if fmt is ImportFormat.LINKEDIN:
            drafts.append(_linkedin(row, warnings))
        elif fmt is ImportFormat.GOOGLE:
            drafts.append(_google(row))
        else:
            drafts.append(_outlook(row))
    return fmt, drafts, warnings


def _first_row_is_backup_table(text: str) -> bool:
    found = read_csv_table(text, "", lambda header: looks_like_backup_table(header) or None, preamble_rows=0)
    return found is not None
