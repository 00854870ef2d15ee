"""vCard files via vobject: import of 2.1, 3.0 and 4.0 (many cards per file), export as 3.0.

Import: vobject reads the lines (folding, quoted-printable with ``allowQP`` for the soft line
breaks of vCard 2.1, charsets, parameters); grouped properties (``item1.EMAIL``) count like
plain ones. Photos, logos,
sounds and keys are left out on purpose: the journal keeps no pictures. A card that cannot be
read stops the whole import with its number and line.

Export: one vCard 3.0 per contact (archived ones too) with name, organisation, role, e-mails,
phones, links, location, tags and a NOTE holding the notes, common ground, their world and how
I can help, so that phones show them. The same fields also travel as ``X-NETJOURNAL-…``
properties, which our own import prefers, so a vCard round trip between journals loses nothing
but the conversations.
"""

from __future__ import annotations

import contextlib
import io
import re
import uuid as uuidlib
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import vobject
from vobject.icalendar import stringToTextValues

from netjournal.errors import ImportFormatError
from netjournal.importexport.destinations import (
    ExportResult,
    atomic_file,
    check_destination,
    private_opener,
)
from netjournal.importexport.people import ContactDraft, clean_text, compose_notes
from netjournal.importexport.progress import Cancelled, Progress, Ticker
from netjournal.services.base import split_lines

if TYPE_CHECKING:
    from netjournal.services.journal import Journal

# What we export beyond standard vCard, and read back first when a card has them.
X_FIELDS = {
    "notes": "X-NETJOURNAL-NOTES",
    "common_ground": "X-NETJOURNAL-COMMON-GROUND",
    "their_world": "X-NETJOURNAL-THEIR-WORLD",
    "how_i_can_help": "X-NETJOURNAL-HOW-I-CAN-HELP",
    "how_we_met": "X-NETJOURNAL-HOW-WE-MET",
}
X_MET_ON = "X-NETJOURNAL-MET-ON"
_NOTE_SECTIONS = (
    ("common_ground", "What we share"),
    ("their_world", "Their world"),
    ("how_i_can_help", "How I can help"),
    ("how_we_met", "How we met"),
)
_DROPPED = ("PHOTO", "LOGO", "SOUND", "KEY")
# vCard lines cannot carry control characters other than tab (and newlines, escaped).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


# -- import ---------------------------------------------------------------------------------
Card = dict[str, list[str]]  # property name (upper case, group dropped) -> raw values


def looks_like_vcard(text: str) -> bool:
    """True when ``text`` starts (after blank lines) with a vCard."""
    return text.lstrip("\ufeff \t\r\n")[:11].upper() == "BEGIN:VCARD"


def read_vcards(text: str, label: str) -> tuple[list[ContactDraft], list[str]]:
    """The people in a .vcf file, and notes about what was left out."""
    if not text.strip():
        raise ImportFormatError(f"{label}: no vCard found in the file (it is empty).")
    if not looks_like_vcard(text):
        raise ImportFormatError(f"{label}: not a vCard file (it does not start with BEGIN:VCARD).")
    cards = _parse(text, label)
    dropped = 0
    drafts = []
    for number, card in enumerate(cards, start=1):
        dropped += sum(len(card.get(name, ())) for name in _DROPPED)
        drafts.append(_draft(card, f"card {number}"))
    warnings = []
    if dropped:
        warnings.append(f"{dropped:,} photo(s) or other embedded files left out (the journal keeps none)")
    return drafts, warnings


def _parse(text: str, label: str) -> list[Card]:
    """Cards as raw property values, using vobject's line parser.

    vobject's own vCard objects are not used for reading: they keep only the text before the
    first unescaped comma of a value (``NOTE:Call me, please`` becomes "Call me"), and vCard
    2.1 never escapes commas. Its line reader does the hard part (folding, quoted-printable
    soft breaks with ``allowQP``, charsets, parameters, ``item1.`` groups); the values are
    unescaped below with vobject's own helper.
    """
    cards: list[Card] = []
    card: Card | None = None
    number = 0
    try:
        for logical, start in vobject.base.getLogicalLines(io.StringIO(text), allowQP=True):
            number = max(start, 1)  # vobject numbers the very first line 0, the others from 1
            line = vobject.base.textLineToContentLine(logical, number)
            value = line.value if isinstance(line.value, str) else ""
            if line.name == "BEGIN":
                if card is not None:
                    raise _card_error(label, len(cards) + 1, number, "it has no END:VCARD")
                if value.strip().upper() != "VCARD":
                    raise _card_error(label, len(cards) + 1, number, f"a {value.strip()} is not a vCard")
                card = {}
            elif line.name == "END":
                if card is None:
                    raise _card_error(label, len(cards) + 1, number, "END:VCARD without BEGIN:VCARD")
                cards.append(card)
                card = None
            elif card is None:
                raise _card_error(label, len(cards) + 1, number, f"{line.name} outside BEGIN:VCARD/END:VCARD")
            else:
                card.setdefault(line.name, []).append(value)
    except vobject.base.ParseError as exc:
        line_number = getattr(exc, "lineNumber", None) or number
        message = str(getattr(exc, "msg", exc))
        if message.startswith("Failed to parse line"):
            message = "this line is not a vCard property"  # not the line itself: keep it one short line
        raise _card_error(label, len(cards) + 1, line_number, message) from None
    except (LookupError, ValueError) as exc:  # an unknown charset, or bytes not in it
        raise _card_error(label, len(cards) + 1, number, f"cannot be decoded ({exc})") from None
    if card is not None:
        raise _card_error(label, len(cards) + 1, number, "it has no END:VCARD")
    return cards


def _card_error(label: str, card: int, line: int, what: str) -> ImportFormatError:
    return ImportFormatError(f"{label}: card {card} (line {line}): {what}.")


def _unescape(value: str) -> str:
    return clean_text("".join(stringToTextValues(value, listSeparator=None)))


def _components(value: str) -> list[str]:
    """The ``;``-separated parts of N, ADR or ORG, each unescaped."""
    return [_unescape(part) for part in stringToTextValues(value, listSeparator=";", charList=";")]


def _texts(card: Card, name: str) -> list[str]:
    return [text for value in card.get(name, ()) if (text := _unescape(value))]


def _first(card: Card, name: str) -> str:
    found = _texts(card, name)
    return found[0] if found else ""


def _name(card: Card) -> str:
    full = _first(card, "FN")
    if full:
        return full
    for value in card.get("N", ()):
        parts = [*_components(value), "", "", ""]
        family, given, additional = parts[0], parts[1], parts[2]
        joined = " ".join(p for p in (given, additional, family) if p)
        if joined:
            return joined
    return ""


def _organisation(card: Card) -> str:
    for value in card.get("ORG", ()):
        first = next((part for part in _components(value) if part), "")
        if first:
            return first  # the organisation; the rest are its departments
    return ""


def _location(card: Card) -> str:
    for value in card.get("ADR", ()):
        parts = [*_components(value), "", "", "", "", "", "", ""]
        place = ", ".join(p for p in (parts[3], parts[4], parts[6]) if p)  # locality, region, country
        if place:
            return place
    return ""


def _phone(text: str) -> str:
    return text[4:] if text.lower().startswith("tel:") else text  # vCard 4.0 VALUE=uri


def _uid(card: Card) -> str | None:
    text = _first(card, "UID")
    if text.lower().startswith("urn:uuid:"):
        text = text[9:]
    try:
        return str(uuidlib.UUID(text))
    except ValueError:
        return None


def _draft(card: Card, origin: str) -> ContactDraft:
    ours = {field: _first(card, prop) for field, prop in X_FIELDS.items()}
    from_netjournal = any(ours.values())
    met_on = None
    with contextlib.suppress(ValueError):  # a broken date of ours: leave it out
        met_on = date.fromisoformat(_first(card, X_MET_ON))
    notes = (
        ours["notes"]
        if from_netjournal
        else compose_notes("\n".join(_texts(card, "NOTE")), [("Birthday", _first(card, "BDAY"))])
    )
    tags = [
        tag
        for value in card.get("CATEGORIES", ())
        for tag in (clean_text(t) for t in stringToTextValues(value, listSeparator=","))
        if tag
    ]
    return ContactDraft(
        origin=origin,
        name=_name(card),
        organisation=_organisation(card),
        role=_first(card, "TITLE") or _first(card, "ROLE"),
        emails=_texts(card, "EMAIL"),
        phones=[_phone(t) for t in _texts(card, "TEL")],
        links=_texts(card, "URL"),
        location=_location(card),
        notes=notes,
        tags=tags,
        how_we_met=ours["how_we_met"],
        met_on=met_on,
        common_ground=ours["common_ground"],
        their_world=ours["their_world"],
        how_i_can_help=ours["how_i_can_help"],
        uid=_uid(card),
    )


# -- export ---------------------------------------------------------------------------------
_EXPORT_SQL = (
    "SELECT c.uuid, c.name, coalesce(o.name, ''), c.role, c.emails, c.phones, c.links, c.location, "
    "c.notes, c.common_ground, c.their_world, c.how_i_can_help, c.how_we_met, c.met_on, c.updated_at "
    "FROM contact c LEFT JOIN organisation o ON o.id = c.organisation_id "
    "ORDER BY lower(c.name), c.uuid"
)


def _vcard_text(value: str) -> str:
    return _CONTROLS.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()


def export_vcard(
    journal: Journal,
    dest: Path,
    *,
    overwrite: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ExportResult:
    """Write every contact to one .vcf file (vCard 3.0), e.g. to put them back on a phone."""
    dest = check_destination(Path(dest), folder=False, overwrite=overwrite)
    db = journal.db
    with db.atomic("DEFERRED"):  # one read snapshot; a reader takes no write lock
        tags: dict[str, list[str]] = defaultdict(list)
        for uuid, tag in db.execute_sql(
            "SELECT c.uuid, t.name FROM contact_tag ct JOIN contact c ON c.id = ct.contact_id "
            "JOIN tag t ON t.id = ct.tag_id ORDER BY lower(t.name)"
        ):
            tags[uuid].append(tag)
        rows = db.execute_sql(_EXPORT_SQL).fetchall()
    ticker = Ticker(len(rows), progress, cancelled)
    ticker.start()
    with (
        atomic_file(dest) as temporary,
        open(temporary, "w", encoding="utf-8", newline="", opener=private_opener) as handle,
    ):
        for row in rows:
            handle.write(_card(row, tags[row[0]]).serialize())
            ticker.advance()
    return ExportResult(dest, {"contacts": len(rows)})


def _card(row: tuple[Any, ...], tags: list[str]) -> Any:
    (
        uuid,
        name,
        organisation,
        role,
        emails,
        phones,
        links,
        location,
        notes,
        common_ground,
        their_world,
        how_i_can_help,
        how_we_met,
        met_on,
        updated_at,
    ) = row
    fields = {
        "notes": notes,
        "common_ground": common_ground,
        "their_world": their_world,
        "how_i_can_help": how_i_can_help,
        "how_we_met": how_we_met,
    }
    card = vobject.vCard()
    full = _vcard_text(name) or "(no name)"
    card.add("fn").value = full
    given, _, family = full.rpartition(" ")  # a best guess: we keep one full name
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    if _vcard_text(organisation):
        card.add("org").value = [_vcard_text(organisation)]
    if _vcard_text(role):
        card.add("title").value = _vcard_text(role)
    for email in split_lines(emails):
        line = card.add("email")
        line.value = _vcard_text(email)
        line.type_param = "INTERNET"
    for phone in split_lines(phones):
        card.add("tel").value = _vcard_text(phone)
    for link in split_lines(links):
        card.add("url").value = _vcard_text(link)
    if _vcard_text(location):
        card.add("adr").value = vobject.vcard.Address(city=_vcard_text(location))
    summary = _note(fields, met_on)
    if summary:
        card.add("note").value = summary
    clean_tags = [t for t in (_vcard_text(tag) for tag in tags) if t]
    if clean_tags:
        card.add("categories").value = clean_tags
    for field, prop in X_FIELDS.items():
        if _vcard_text(fields[field]):
            card.add(prop.lower()).value = _vcard_text(fields[field])
    if met_on:
        card.add(X_MET_ON.lower()).value = str(met_on)
    card.add("uid").value = f"urn:uuid:{uuid}"
    card.add("rev").value = datetime.fromisoformat(updated_at).strftime("%Y-%m-%dT%H:%M:%SZ")
    return card


def _note(fields: dict[str, str], met_on: str | None) -> str:
    """The human-readable NOTE a phone shows: notes, then the journal's own sections."""
    parts = [_vcard_text(fields["notes"])] if _vcard_text(fields["notes"]) else []
    for field, title in _NOTE_SECTIONS:
        text = _vcard_text(fields[field])
        if field == "how_we_met" and met_on:
            text = f"{text} ({met_on})" if text else str(met_on)
        if text:
            parts.append(f"{title}: {text}")
    return "\n\n".join(parts)
