"""The pre-meeting brief: one page on one person, to read in the minute before we meet.

It keeps the focus on them — who they are, what we share, their world, how I can help, what
we promised each other — and suggests openers drawn from that, by fixed templates (no guessing,
no network; the same journal always gives the same brief).

Renderers are plain functions over the record: :func:`render_text` (the CLI) and
:func:`render_html` (the GUI prints it to PDF with Qt's own QTextDocument). Both are built
from the same :func:`brief_sections`, so they always say the same thing. Everything that goes
into HTML is escaped.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date

from netjournal.services.base import Clock, Service, split_lines
from netjournal.services.changes import ChangeHub
from netjournal.services.contacts import ContactService
from netjournal.services.conversations import ConversationService, FollowUpService
from netjournal.services.datetext import short_date
from netjournal.services.give_take import GiveTake, GiveTakeService, first_name
from netjournal.services.intermediaries import IntermediaryService, SentItemRecord
from netjournal.services.network import IntroductionService, OpportunityService
from netjournal.services.records import (
    ContactRecord,
    ConversationRecord,
    FollowUpRecord,
    IntroductionRecord,
    OpportunityRecord,
    PersonRef,
)

RECENT_CONVERSATIONS = 5
MAX_OPENERS = 6
SUMMARY_CHARS = 400  # a brief is read at a glance; the timeline has the rest
QUOTE_CHARS = 90  # a note quoted in an opener: one sentence, trimmed at a word to this length
LONG_SILENCE_DAYS = 180
SENT_ITEM_LABELS = {"cv": "CV", "availability": "Availability", "day_rate": "Day rate", "other": "Sent"}

# "Coffee to talk about the carve-out timeline and who owns the TSA exit" -> "the carve-out
# timeline": the words after a lead-in, up to the first joint of the sentence.
_TOPIC = re.compile(
    r"\b(?:about|discussed|discussing|regarding|follow-up on|follow up on|update on|news on)\s+(.+)$",
    re.IGNORECASE,
)
_TOPIC_END = re.compile(r"\s+(?:and|but|—|–|-)\s+|[,;:(]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")


@dataclass(frozen=True, slots=True)
class Brief:
    """Everything on one person for a meeting."""

    prepared_on: date
    person: ContactRecord
    introduced_by: tuple[PersonRef, ...]  # who introduced me to them
    conversations: tuple[ConversationRecord, ...]  # the latest, newest first
    conversation_count: int
    my_promises: tuple[FollowUpRecord, ...]  # what I promised them, not done yet
    their_promises: tuple[FollowUpRecord, ...]  # what they promised me, not done yet
    give_take: GiveTake
    introductions_from_them: tuple[IntroductionRecord, ...]  # introductions they made for me
    opportunities: tuple[OpportunityRecord, ...]
    sent: tuple[SentItemRecord, ...]  # what I sent them (CV, availability, day rate), newest first
    openers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BriefSection:
    """A heading and its lines, shared by the text and HTML renderers."""

    title: str
    lines: tuple[str, ...]  # empty: nothing recorded yet


def first_sentence(text: str) -> str:
    """The first sentence (or line) of ``text``, without its final full stop."""
    stripped = text.strip()
    if not stripped:
        return ""
    return _SENTENCE_END.split(stripped, maxsplit=1)[0].strip().rstrip(".").strip()


def trimmed(text: str, limit: int = QUOTE_CHARS) -> str:
    """The first sentence of a note, spaces tidied, cut at a word with "…" past ``limit``."""
    sentence = " ".join(first_sentence(text).split())
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit + 1]
    cut = cut[: cut.rfind(" ")] if " " in cut[limit // 2 :] else sentence[:limit]
    return cut.rstrip(" ,;:—–-") + "…"


def quoted(text: str, limit: int = QUOTE_CHARS) -> str:
    """A note as a quotation inside an opener: “first sentence, trimmed”."""
    return f"“{trimmed(text, limit)}”"


def conversation_topic(sentence: str) -> str | None:
    """What a sentence was about, if it says so with a lead-in ("about", "discussed", ...)."""
    match = _TOPIC.search(sentence)
    if match is None:
        return None
    topic = _TOPIC_END.split(match.group(1), maxsplit=1)[0].strip().rstrip(".!?").strip()
    return topic or None


def suggest_openers(
    person: ContactRecord,
    *,
    conversations: tuple[ConversationRecord, ...],
    my_promises: tuple[FollowUpRecord, ...],
    their_promises: tuple[FollowUpRecord, ...],
    introductions_from_them: tuple[IntroductionRecord, ...],
    today: date,
) -> tuple[str, ...]:
    """Conversation openers from the journal's own words, in a fixed order, at most MAX_OPENERS."""
    openers: list[str] = []
    who = first_name(person.name)
    if person.last_contact_at is not None:
        silent_days = (today - person.last_contact_at.astimezone().date()).days
        if silent_days >= LONG_SILENCE_DAYS:
            months = silent_days // 30
            openers.append(f"It has been {months} months since you last spoke — ask {who} what has changed.")
    if conversations:
        latest = conversations[0]
        when = short_date(latest.occurred_at, today)
        sentence = first_sentence(latest.summary)
        topic = conversation_topic(sentence) if sentence else None
        if topic and topic.casefold().startswith(("my ", "our ")):
            openers.append(f"Follow up on {topic} (last time: {when}).")
        elif topic:
            openers.append(f"Ask how {topic} is going (last time: {when}).")
        elif sentence:
            openers.append(f"Pick up where you left off on {when}: {quoted(sentence)}.")
    # Notes are quoted, one sentence each, so the opener reads as a sentence of its own.
    for line in split_lines(person.their_world)[:1]:
        openers.append(f"Ask {who} how this stands now: {quoted(line)}.")
    for item in my_promises[:1]:
        due = f" (due {short_date(item.due_on, today)})" if item.due_on else ""
        openers.append(f"Bring what you promised: {trimmed(item.what)}{due}.")
    for item in their_promises[:1]:
        openers.append(f"Gently check on what {who} offered: {trimmed(item.what)}.")
    for intro in introductions_from_them[:1]:
        other = intro.introduced or intro.introduced_to
        if other is not None:
            outcome = f" ({trimmed(intro.outcome)})" if intro.outcome.strip() else ""
            openers.append(f"Thank {who} for introducing you to {other.name} — say how it went{outcome}.")
    for line in split_lines(person.common_ground)[:2]:
        openers.append(f"Mention what you share: {quoted(line)}.")
    for line in split_lines(person.how_i_can_help)[:1]:
        openers.append(f"Offer your help: {quoted(line)}.")
    return tuple(openers[:MAX_OPENERS])


class BriefService(Service):
    """Assembles a :class:`Brief` from the other services (read-only)."""

    def __init__(
        self,
        hub: ChangeHub,
        clock: Clock,
        *,
        contacts: ContactService,
        conversations: ConversationService,
        follow_ups: FollowUpService,
        introductions: IntroductionService,
        opportunities: OpportunityService,
        give_take: GiveTakeService,
        intermediaries: IntermediaryService,
    ) -> None:
        super().__init__(hub, clock)
        self._contacts = contacts
        self._conversations = conversations
        self._follow_ups = follow_ups
        self._introductions = introductions
        self._opportunities = opportunities
        self._give_take = give_take
        self._intermediaries = intermediaries

    def brief(self, contact_uuid: str) -> Brief:
        """The brief on one contact, as of today."""
        today = self.today()
        person = self._contacts.get(contact_uuid)
        conversations = tuple(self._conversations.timeline(contact_uuid, limit=RECENT_CONVERSATIONS))
        open_items = self._follow_ups.for_contact(contact_uuid)
        mine = tuple(f for f in open_items if f.owner == "me")
        theirs = tuple(f for f in open_items if f.owner == "them")
        give_take = self._give_take.for_contact(contact_uuid)
        from_them = tuple(
            i
            for i in self._introductions.for_contact(contact_uuid)
            if i.direction == "received" and i.introducer is not None and i.introducer.uuid == contact_uuid
        )
        return Brief(
            prepared_on=today,
            person=person,
            introduced_by=give_take.introduced_by,
            conversations=conversations,
            conversation_count=self._conversations.timeline_count(contact_uuid),
            my_promises=mine,
            their_promises=theirs,
            give_take=give_take,
            introductions_from_them=from_them,
            opportunities=tuple(self._opportunities.for_contact(contact_uuid)),
            sent=tuple(self._intermediaries.sent_to(contact_uuid)[:RECENT_CONVERSATIONS]),
            openers=suggest_openers(
                person,
                conversations=conversations,
                my_promises=mine,
                their_promises=theirs,
                introductions_from_them=from_them,
                today=today,
            ),
        )


# -- rendering -------------------------------------------------------------------------------
def _clip(text: str, limit: int = SUMMARY_CHARS) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _identity(person: ContactRecord) -> str:
    """``CFO, Helios Energy · client · Amsterdam``."""
    job = ", ".join(part for part in (person.role, person.organisation) if part)
    return " · ".join(part for part in (job, person.kind, person.location) if part)


def _promise(item: FollowUpRecord, today: date) -> str:
    if item.due_on is None:
        return item.what
    late = " — overdue" if item.due_on < today else ""
    return f"{item.what} (due {short_date(item.due_on, today)}{late})"


def _opportunity(opp: OpportunityRecord, today: date) -> str:
    via = f", via {opp.intermediary}" if opp.intermediary else ""
    client = f" at {opp.client}" if opp.client else ""
    dates = ""
    if opp.started_on:
        start = short_date(opp.started_on, today)
        if opp.ended_on:
            dates = f", {start} → {short_date(opp.ended_on, today)}"
        elif opp.status == "won":
            dates = f", {start} → ongoing"  # an assignment without an end date yet
        elif opp.status == "lost":
            dates = f", {start}"
        else:
            dates = f", since {start}"  # still in play
    return f"{opp.title}{client} — {opp.status} ({opp.source}{via}){dates}"


def brief_sections(brief: Brief) -> list[BriefSection]:
    """The brief as headed lists of lines, in reading order."""
    today = brief.prepared_on
    person = brief.person
    met = person.how_we_met.strip()
    if person.met_on:
        met = (
            f"{met} ({short_date(person.met_on, today)})"
            if met
            else f"Met {short_date(person.met_on, today)}"
        )
    how_we_met = [met] if met else []
    if brief.introduced_by:
        how_we_met.append(f"Introduced by {', '.join(p.name for p in brief.introduced_by)}")
    shown = len(brief.conversations)
    conversations = [
        f"{short_date(c.occurred_at, today)} · {c.channel}{f' · {c.place}' if c.place else ''}"
        + (f"\n{_clip(c.summary)}" if c.summary.strip() else "")
        for c in brief.conversations
    ]
    give_take = [brief.give_take.verdict] + [
        f"{y.year}: given {y.given.describe()}, received {y.received.describe()}"
        for y in brief.give_take.years
    ]
    if brief.give_take.introduced_me_to:
        names = ", ".join(p.name for p in brief.give_take.introduced_me_to)
        give_take.append(f"Introduced you to: {names}")
    promises = [f"You promised: {_promise(f, today)}" for f in brief.my_promises] + [
        f"They promised: {_promise(f, today)}" for f in brief.their_promises
    ]
    sent = [
        f"{SENT_ITEM_LABELS.get(s.what, s.what)} — {short_date(s.sent_on, today)}"
        + (f": {s.detail}" if s.detail else "")
        for s in brief.sent
    ]
    return [
        BriefSection("How we met", tuple(how_we_met)),
        BriefSection("Common ground", split_lines(person.common_ground)),
        BriefSection("Their world", split_lines(person.their_world)),
        BriefSection("How I can help", split_lines(person.how_i_can_help)),
        BriefSection("Openers", brief.openers),
        BriefSection("Open promises", tuple(promises)),
        BriefSection(
            f"Last conversations ({shown} of {brief.conversation_count})"
            if brief.conversation_count > shown
            else "Last conversations",
            tuple(conversations),
        ),
        BriefSection("Give and take", tuple(give_take)),
        BriefSection("Opportunities", tuple(_opportunity(o, today) for o in brief.opportunities)),
        BriefSection("Sent to them", tuple(sent)),
    ]


NOTHING_YET = "Nothing recorded yet."


def _title(brief: Brief) -> tuple[str, str, str]:
    last = brief.person.last_contact_at
    seen = f"last spoke {short_date(last, brief.prepared_on)}" if last else "never spoken"
    return (
        brief.person.name,
        _identity(brief.person),
        f"Brief prepared {brief.prepared_on.day} {brief.prepared_on:%b %Y} · {seen}",
    )


def render_text(brief: Brief) -> str:
    """The brief as plain text (what ``netjournal brief NAME`` prints)."""
    name, identity, prepared = _title(brief)
    out = [name, "=" * len(name)]
    if identity:
        out.append(identity)
    out.append(prepared)
    for section in brief_sections(brief):
        out += ["", section.title.upper()]
        for line in section.lines or (NOTHING_YET,):
            first, *rest = line.split("\n")
            out.append(f"  - {first}" if section.lines else f"  {first}")
            out += [f"    {more}" for more in rest]
    return "\n".join(out) + "\n"


def _html_text(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def render_html(brief: Brief) -> str:
    """The brief as a small, self-contained HTML document; every piece of text is escaped."""
    name, identity, prepared = _title(brief)
    parts = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        f"<title>Brief: {html.escape(name)}</title>",
        "<style>body{font-family:sans-serif;font-size:10pt} h1{font-size:16pt;margin-bottom:2pt}"
        " h2{font-size:11pt;margin:10pt 0 2pt 0} .sub{color:#555} .none{color:#888}</style>",
        "</head><body>",
        f"<h1>{html.escape(name)}</h1>",
    ]
    if identity:
        parts.append(f'<p class="sub">{html.escape(identity)}</p>')
    parts.append(f'<p class="sub">{html.escape(prepared)}</p>')
    for section in brief_sections(brief):
        parts.append(f"<h2>{html.escape(section.title)}</h2>")
        if section.lines:
            parts.append("<ul>" + "".join(f"<li>{_html_text(line)}</li>" for line in section.lines) + "</ul>")
        else:
            parts.append(f'<p class="none">{NOTHING_YET}</p>')
    parts.append("</body></html>")
    return "\n".join(parts)
