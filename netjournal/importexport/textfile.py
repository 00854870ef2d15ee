"""Reading text from other programs' files: the encoding, and CSV tables with their header row.

Encodings: UTF-8 (with or without BOM) first, strictly; UTF-16 when it starts with its BOM;
Windows-1252 (what Excel writes as "CSV" on Windows) only when the bytes are not UTF-8 but are
valid Windows-1252 text. Anything else is refused with a clear message rather than imported as
mojibake.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from netjournal.errors import ImportFormatError

if TYPE_CHECKING:
    from _csv import Reader as CsvReader

T = TypeVar("T")

MAX_IMPORT_BYTES = 1 << 30  # 1 GiB: far above any real export, well below running out of memory
# The csv module refuses cells over 128 KiB by default; a long pasted e-mail in a conversation
# can be bigger than that, so the limit is raised (once, for the process) to 256 MiB.
_FIELD_LIMIT = 1 << 28
# C0 control characters other than tab, LF and CR: in a Windows-1252 "text" file they mean binary.
_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

UTF8, UTF16, CP1252 = "utf-8", "utf-16", "cp1252"
ENCODING_TITLES = {UTF8: "UTF-8", UTF16: "UTF-16", CP1252: "Windows-1252"}


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str  # UTF8, UTF16 or CP1252


def read_bytes(path: Path, label: str) -> bytes:
    """The bytes of ``path``, or a one-line error naming it."""
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise ImportFormatError(f"{label}: the file is too large to import ({size:,} bytes).")
        return path.read_bytes()
    except FileNotFoundError:
        raise ImportFormatError(f"{label}: no such file.") from None
    except IsADirectoryError:
        raise ImportFormatError(f"{label}: is a folder, not a file.") from None
    except OSError as exc:
        raise ImportFormatError(f"{label}: cannot be read ({exc.strerror or exc}).") from None


def decode_text(data: bytes, label: str) -> DecodedText:
    """Decode a text file from another program, or refuse it; never guess into mojibake."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return DecodedText(data.decode("utf-16"), UTF16)
        except UnicodeDecodeError:
            raise ImportFormatError(f"{label}: starts like UTF-16 text but is not valid UTF-16.") from None
    try:
        return DecodedText(data.decode("utf-8-sig"), UTF8)
    except UnicodeDecodeError:
        pass  # not UTF-8, so it has bytes >= 0x80: Windows-1252 is the one other we accept
    if b"\x00" in data:
        raise ImportFormatError(f"{label}: this is a binary file, not text (CSV or vCard).")
    try:
        text = data.decode(CP1252)
    except UnicodeDecodeError as exc:
        raise ImportFormatError(
            f"{label}: the text is neither UTF-8 nor Windows-1252 (byte 0x{data[exc.start]:02X} at "
            f"position {exc.start:,}); save it as UTF-8 (e.g. 'CSV UTF-8' in Excel) and try again."
        ) from None
    if _BINARY_CONTROLS.search(text):
        raise ImportFormatError(f"{label}: this is a binary file, not text (CSV or vCard).")
    return DecodedText(text, CP1252)


def normalise_header(name: str) -> str:
    """A header cell as we compare it: no BOM, no surrounding spaces, case-folded."""
    return name.replace("\ufeff", "").strip().casefold()


@dataclass(slots=True)
class CsvTable:
    """The rows under a CSV file's header row; rows are numbered as a spreadsheet shows them."""

    label: str
    header: list[str]  # as written in the file (stripped)
    header_row: int
    rows: list[tuple[int, list[str]]]  # (row number, cells), one cell per header column
    delimiter: str

    def index(self) -> dict[str, int]:
        """Column position by normalised header name (the first, if a name repeats)."""
        positions: dict[str, int] = {}
        for pos, name in enumerate(self.header):
            positions.setdefault(normalise_header(name), pos)
        return positions


_CSV_MESSAGES = (
    ("unexpected end of data", "a quoted cell is never closed (unbalanced quotes)"),
    ("expected after", "a closing quote is followed by more text (quotes inside a cell must be doubled)"),
    ("field larger than field limit", "a cell is impossibly long (unbalanced quotes?)"),
    ("new-line character seen in unquoted field", "a line break inside an unquoted cell"),
)


def _explain(error: csv.Error) -> str:
    message = str(error)
    for needle, explanation in _CSV_MESSAGES:
        if needle in message:
            return explanation
    return message


def read_csv_table(
    text: str,
    label: str,
    accept: Callable[[list[str]], T | None],
    *,
    delimiters: str = ",;\t",
    preamble_rows: int = 10,
) -> tuple[CsvTable, T] | None:
    """Find the header row (``accept`` returns non-None for it) and read the rows under it.

    The header may follow up to ``preamble_rows`` other rows (LinkedIn's "Notes:" lines).
    Excel in some locales writes ``;`` or tab instead of commas, so each of ``delimiters`` is
    tried. Returns None when no header is accepted; raises :class:`ImportFormatError` for a
    malformed file (naming the row, and the line where that row starts).
    """
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_LIMIT))
    for delimiter in delimiters:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        row_number = 0
        found: T | None = None
        header: list[str] = []
        try:
            for cells in reader:
                row_number += 1
                if cells:
                    header = [c.replace("\ufeff", "").strip() for c in cells]
                    found = accept(header)
                    if found is not None:
                        break
                if row_number > preamble_rows:
                    break
        except csv.Error:
            continue  # not this delimiter (or broken early): try the next one
        if found is None:
            continue
        table = CsvTable(label, header, row_number, [], delimiter)
        _read_rows(reader, table, row_number)
        return table, found
    return None


def _read_rows(reader: CsvReader, table: CsvTable, row_number: int) -> None:
    width = len(table.header)
    start_line = reader.line_num + 1
    try:
        for record in reader:
            row_number += 1
            cells = record
            count = len(cells)
            if count != width:
                if not cells or (count == 1 and not cells[0].strip()):
                    start_line = reader.line_num + 1
                    continue  # a blank line
                if count > width and not any(c.strip() for c in cells[width:]):
                    cells = cells[:width]  # trailing empty cells some tools add
                else:
                    raise ImportFormatError(
                        f"{table.label}: row {row_number} has {count} cells but the header has "
                        f"{width} (a stray delimiter or quote?)."
                    )
            table.rows.append((row_number, cells))
            start_line = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFormatError(
            f"{table.label}: row {row_number + 1} (from line {start_line}): {_explain(exc)}."
        ) from None
