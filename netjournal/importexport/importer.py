"""Import with a preview: detect the format, read the file, plan, then apply in one transaction.

The GUI calls :func:`prepare_import` on a worker thread, shows the returned plan, and, if the
user agrees, calls :func:`apply_import` (again on a worker). The command line does both with
:func:`import_file`. Nothing is written before :func:`apply_import`; it writes everything in one
transaction (``journal.changes.write()``: one commit, one change notification), so a bad row or
a cancel leaves the journal exactly as it was.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from netjournal.errors import ImportFormatError, ValidationError
from netjournal.importexport import backup_csv, contacts_csv, vcard
from netjournal.importexport.people import PeopleSource
from netjournal.importexport.plan import ImportFormat, ImportPlan, PreparedSource
from netjournal.importexport.progress import Cancelled, Progress
from netjournal.importexport.textfile import ENCODING_TITLES, UTF8, decode_text, read_bytes

if TYPE_CHECKING:
    from netjournal.services.journal import Journal

AUTO = "auto"
SOURCES = (AUTO, *(f.value for f in ImportFormat))


def prepare_import(
    journal: Journal,
    path: Path,
    source: str = AUTO,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportPlan:
    """Read ``path`` and work out what importing it would do; writes nothing.

    ``source`` is one of :data:`SOURCES` ("auto" detects it from the file). Raises
    :class:`~netjournal.errors.ImportFormatError` (one line naming file, row and column) for a
    file that cannot be imported.
    """
    path = Path(path).expanduser()
    if source not in SOURCES:
        raise ValidationError(f"Unknown import format '{source}': use one of {', '.join(SOURCES)}.")
    expected = None if source == AUTO else ImportFormat(source)
    prepared, fmt, encoding = _read(path, expected, progress, cancelled)
    outcome = prepared.plan(journal, progress, cancelled)
    return ImportPlan(
        source=path,
        format=fmt,
        items=outcome.items,
        counts=outcome.counts,
        warnings=outcome.warnings,
        encoding=encoding,
        prepared=prepared,
    )


def apply_import(
    journal: Journal,
    plan: ImportPlan,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportPlan:
    """Write a prepared import in one transaction; returns the plan as actually applied.

    The decisions are taken again inside the transaction, so an edit made between preview and
    import is respected. On any error or cancel nothing is written.
    """
    if plan.prepared is None or plan.applied:
        raise ValueError("apply_import needs a plan from prepare_import that was not applied yet")
    with journal.changes.write() as change:
        outcome = plan.prepared.apply(journal, change, progress, cancelled)
    return ImportPlan(
        source=plan.source,
        format=plan.format,
        items=outcome.items,
        counts=outcome.counts,
        warnings=outcome.warnings,
        encoding=plan.encoding,
        applied=True,
    )


def import_file(
    journal: Journal,
    path: Path,
    source: str = AUTO,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportPlan:
    """Prepare and (unless ``dry_run``) apply an import: what ``netjournal import`` does."""
    plan = prepare_import(journal, path, source, progress=progress, cancelled=cancelled)
    if dry_run:
        return plan
    return apply_import(journal, plan, progress=progress, cancelled=cancelled)


def _read(
    path: Path, expected: ImportFormat | None, progress: Progress | None, cancelled: Cancelled | None
) -> tuple[PreparedSource, ImportFormat, str]:
    """Detect (unless ``expected``) and parse: (source, format, encoding)."""
    label = str(path)
    if not path.exists():
        raise ImportFormatError(f"{label}: no such file or folder.")
    if _claims_to_be_zip(path) and not zipfile.is_zipfile(path):
        raise ImportFormatError(f"{label}: not a readable zip file (damaged or incomplete?).")
    container = path.is_dir() or zipfile.is_zipfile(path)
    if expected is ImportFormat.NETJOURNAL or (expected is None and container):
        if not backup_csv.is_backup(path):
            what = "folder" if path.is_dir() else "zip file" if container else "file"
            raise ImportFormatError(
                f"{label}: this {what} is not a NetJournal CSV backup (it has no {backup_csv.MANIFEST})."
            )
        backup = backup_csv.open_backup(path, progress, cancelled)
        return backup, ImportFormat.NETJOURNAL, UTF8
    if path.is_dir():
        raise ImportFormatError(
            f"{label}: is a folder; {expected.display_name if expected else 'this'} is a file."
        )
    decoded = decode_text(read_bytes(path, label), label)
    warnings = []
    if decoded.encoding != UTF8:
        warnings.append(f"the file was read as {ENCODING_TITLES[decoded.encoding]} text, not UTF-8")
    if expected is ImportFormat.VCARD or (expected is None and vcard.looks_like_vcard(decoded.text)):
        drafts, notes = vcard.read_vcards(decoded.text, label)
        source = PeopleSource(ImportFormat.VCARD, drafts, warnings + notes)
        return source, ImportFormat.VCARD, decoded.encoding
    fmt, drafts, notes = contacts_csv.read_contacts_csv(decoded.text, label, expected)
    return PeopleSource(fmt, drafts, warnings + notes), fmt, decoded.encoding


def _claims_to_be_zip(path: Path) -> bool:
    """Named .zip, or starting like one: then it must be a readable zip, not text."""
    if not path.is_file():
        return False
    if path.suffix.lower() == ".zip":
        return True
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"PK\x03\x04"
    except OSError:
        return False
