"""One small hierarchy of errors the user can act on.

Anything raised that is *not* a :class:`NetJournalError` is a bug: the CLI and the GUI log it
with its traceback instead of showing it as a plain message.
"""

from __future__ import annotations


class NetJournalError(Exception):
    """An error the user can act on; ``str(err)`` is one clear line for them."""


class JournalNotFoundError(NetJournalError):
    """There is no journal where one was expected."""


class JournalExistsError(NetJournalError):
    """``init`` was asked to create a journal where one already exists."""


class WrongPassphraseError(NetJournalError):
    """The passphrase (or recovery key, or remembered key) does not open the journal."""


class DamagedJournalError(NetJournalError):
    """The journal file is truncated, corrupted or not a NetJournal file at all."""


class NewerSchemaError(NetJournalError):
    """The journal was written by a newer NetJournal than this one."""


class PassphraseRequiredError(NetJournalError):
    """A passphrase is needed and there is no way to ask for one."""


class WeakPassphraseError(NetJournalError):
    """The chosen passphrase does not meet the minimum rule."""


class NotFoundError(NetJournalError):
    """A record named by the user does not exist."""


class AmbiguousNameError(NetJournalError):
    """A name matches more than one contact."""

    def __init__(self, name: str, candidates: list[str]) -> None:
        self.name = name
        self.candidates = candidates
        listed = "; ".join(candidates)
        super().__init__(f"'{name}' matches {len(candidates)} contacts: {listed}")


class ValidationError(NetJournalError):
    """A value given by the user is not acceptable (empty name, bad date, unknown kind)."""


class ImportFormatError(NetJournalError):
    """A file to import is unreadable or malformed; the message names the file, row and column."""


class ExportError(NetJournalError):
    """An export or backup could not be written (destination taken, folder missing, disk full)."""


class OperationCancelled(NetJournalError):
    """The user cancelled a long import or export; nothing was changed."""
