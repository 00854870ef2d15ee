"""What an import will do (or did): records created, merged, skipped, with reasons.

The same :class:`ImportPlan` feeds ``netjournal import --dry-run`` and the GUI's preview; after
:func:`netjournal.importexport.importer.apply_import` it describes what was actually written.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from netjournal.importexport.progress import Cancelled, Progress
    from netjournal.services.changes import ChangeCollector
    from netjournal.services.journal import Journal


class ImportFormat(StrEnum):
    """The kinds of file ``netjournal import`` reads."""

    NETJOURNAL = "netjournal"
    GOOGLE = "google"
    OUTLOOK = "outlook"
    LINKEDIN = "linkedin"
    VCARD = "vcard"

    @property
    def display_name(self) -> str:
        return _FORMAT_TITLES[self]


_FORMAT_TITLES = {
    ImportFormat.NETJOURNAL: "NetJournal CSV backup",
    ImportFormat.GOOGLE: "Google Contacts CSV",
    ImportFormat.OUTLOOK: "Outlook contacts CSV",
    ImportFormat.LINKEDIN: "LinkedIn Connections.csv",
    ImportFormat.VCARD: "vCard file",
}


class Action(StrEnum):
    CREATE = "create"
    MERGE = "merge"
    SKIP = "skip"


# Record kinds in the order reports list them (the stats keys first, then the links).
KIND_ORDER = (
    "contacts",
    "organisations",
    "conversations",
    "follow_ups",
    "introductions",
    "opportunities",
    "tags",
    "sent_items",
    "contact_tags",
    "participants",
    "opportunity_people",
    "settings",
)

# How a record kind (a table of the backup) reads in a sentence.
KIND_WORDS = {
    "follow_ups": "follow-ups",
    "sent_items": "items sent",
    "contact_tags": "tag links",
    "opportunity_people": "people on opportunities",
}


def kind_words(kind: str) -> str:
    """``follow_ups`` → ``follow-ups``: a record kind in plain words."""
    return KIND_WORDS.get(kind, kind.replace("_", " "))


_VERBS = {
    (Action.CREATE, False): "to create",
    (Action.MERGE, False): "to merge",
    (Action.SKIP, False): "to skip",
    (Action.CREATE, True): "created",
    (Action.MERGE, True): "merged",
    (Action.SKIP, True): "skipped",
}


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One record the user will recognise (a person, an organisation, a tag) and its fate."""

    action: Action
    kind: str  # record kind, as in the stats: "contacts", "organisations", "tags", ...
    label: str  # what the user knows it by: a name
    reason: str = ""  # why it is merged or skipped, or what merging adds
    origin: str = ""  # where it is in the file: "row 5", "card 3", "contacts.csv row 12"


@dataclass(slots=True)
class PlanOutcome:
    """Items and counts, filled in while planning or applying."""

    items: list[PlanItem] = field(default_factory=list)
    counts: dict[str, Counter[Action]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def add(
        self,
        kind: str,
        action: Action,
        label: str = "",
        reason: str = "",
        origin: str = "",
        *,
        listed: bool = True,
    ) -> None:
        """Count one record; list it as an item too unless ``listed`` is False."""
        self.count(kind, action)
        if listed:
            self.items.append(PlanItem(action, kind, label, reason, origin))

    def count(self, kind: str, action: Action, n: int = 1) -> None:
        counts = self.counts.get(kind)
        if counts is None:  # not setdefault: that builds a Counter per call (100k rows)
            counts = self.counts[kind] = Counter()
        counts[action] += n


class PreparedSource(Protocol):
    """A parsed file, ready to be planned against a journal and applied to it."""

    def plan(
        self, journal: Journal, progress: Progress | None = None, cancelled: Cancelled | None = None
    ) -> PlanOutcome:
        """What applying would do to the journal as it is now (reads it, writes nothing)."""
        ...

    def apply(
        self,
        journal: Journal,
        change: ChangeCollector,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> PlanOutcome:
        """Write it inside the caller's ``journal.changes.write()``; returns what was done."""
        ...


@dataclass(slots=True)
class ImportPlan:
    """The preview (``applied`` False) or the report (``applied`` True) of one import."""

    source: Path
    format: ImportFormat
    items: list[PlanItem]
    counts: dict[str, Counter[Action]]
    warnings: list[str]
    encoding: str = "utf-8"
    applied: bool = False
    prepared: PreparedSource | None = field(default=None, repr=False)

    def count(self, action: Action, kind: str | None = None) -> int:
        """How many records (of ``kind``, or of every kind) get ``action``."""
        if kind is not None:
            return self.counts.get(kind, Counter())[action]
        return sum(c[action] for c in self.counts.values())

    @property
    def changes_anything(self) -> bool:
        return bool(self.count(Action.CREATE) or self.count(Action.MERGE))

    def items_for(self, action: Action) -> list[PlanItem]:
        """The listed items with ``action``: people first, then organisations, then tags."""
        order = {kind: n for n, kind in enumerate(KIND_ORDER)}
        chosen = [item for item in self.items if item.action is action]
        return sorted(chosen, key=lambda item: order.get(item.kind, len(order)))

    def summary_lines(self) -> list[str]:
        """One line per record kind: "contacts: 12 to create, 3 to merge, 1 to skip"."""
        lines = []
        kinds = [k for k in KIND_ORDER if k in self.counts] + sorted(set(self.counts) - set(KIND_ORDER))
        for kind in kinds:
            parts = [
                f"{self.counts[kind][action]:,} {_VERBS[(action, self.applied)]}"
                for action in Action
                if self.counts[kind][action]
            ]
            if parts:
                lines.append(f"{kind_words(kind)}: {', '.join(parts)}")
        return lines or ["nothing to import"]

    def report_lines(self, *, limit: int | None = 50) -> list[str]:
        """A readable report: source, counts, warnings, then the items by action."""
        head = "Imported" if self.applied else "Would import"
        lines = [f"{head} from {self.source.name} ({self.format.display_name}):"]
        lines += [f"  {line}" for line in self.summary_lines()]
        lines += [f"Note: {warning}" for warning in self.warnings]
        for action in Action:
            items = self.items_for(action)
            if not items:
                continue
            lines.append(f"{_VERBS[(action, self.applied)].capitalize()}:")
            shown = items if limit is None else items[:limit]
            for item in shown:
                where = f" [{item.origin}]" if item.origin else ""
                why = f" — {item.reason}" if item.reason else ""
                lines.append(f"  {item.label}{why}{where}")
            if len(items) > len(shown):
                lines.append(f"  … and {len(items) - len(shown):,} more")
        return lines
