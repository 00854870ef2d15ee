"""The nouns of DESIGN.md as peewee models.

Every record has an integer primary key (fast joins) and a stable ``uuid`` (export/import
round trips). Timestamps are UTC. Multi-valued simple fields (e-mails, phones, links) are
newline-separated text. Models are bound to the open journal's database at run time
(:func:`netjournal.storage.database.open_database`).
"""

from __future__ import annotations

import uuid as uuidlib
from datetime import UTC, datetime

import peewee

from netjournal.storage.fields import TextField, UtcDateTimeField

CONTACT_KINDS = ("client", "intermediary", "peer", "prospect", "referrer", "friend", "other")
ORGANISATION_KINDS = ("company", "intermediary", "recruiter", "public", "association", "other")
CHANNELS = ("meeting", "call", "video", "email", "message", "event")
INTRO_DIRECTIONS = ("received", "given")
INTRO_KINDS = ("introduction", "referral", "help")
OPPORTUNITY_KINDS = ("assignment", "project", "role")
OPPORTUNITY_STATUSES = ("lead", "proposed", "interview", "won", "lost")
OPPORTUNITY_SOURCES = ("intermediary", "network", "referral", "direct")
FOLLOW_UP_OWNERS = ("me", "them")
SENT_ITEM_KINDS = ("cv", "availability", "day_rate", "other")


def new_uuid() -> str:
    return str(uuidlib.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


class BaseModel(peewee.Model):
    id = peewee.AutoField()
    uuid = peewee.CharField(max_length=36, unique=True, default=new_uuid)
    created_at = UtcDateTimeField(default=utcnow)
    updated_at = UtcDateTimeField(default=utcnow)

    class Meta:
        legacy_table_names = False


class Organisation(BaseModel):
    name = TextField()
    kind = TextField(default="company")
    website = TextField(default="")
    notes = TextField(default="")
    archived = peewee.BooleanField(default=False)

    class Meta:
        indexes = ((("name",), False),)


class Contact(BaseModel):
    name = TextField()
    organisation = peewee.ForeignKeyField(Organisation, null=True, on_delete="SET NULL", backref="contacts")
    role = TextField(default="")
    emails = TextField(default="")
    phones = TextField(default="")
    links = TextField(default="")
    location = TextField(default="")
    kind = TextField(default="other")
    how_we_met = TextField(default="")
    met_on = peewee.DateField(null=True)
    introduced_by = peewee.ForeignKeyField("self", null=True, on_delete="SET NULL", backref="introduced")
    common_ground = TextField(default="")
    their_world = TextField(default="")
    how_i_can_help = TextField(default="")
    notes = TextField(default="")
    keep_in_touch_days = peewee.IntegerField(null=True)
    archived = peewee.BooleanField(default=False)
    # Kept up to date by triggers on conversation participants (see migrations).
    last_contact_at = UtcDateTimeField(null=True)
    # A keep-in-touch reminder put off until this date (schema 2).
    snoozed_until = peewee.DateField(null=True)


class Tag(BaseModel):
    name = TextField(unique=True, collation="NOCASE")


class ContactTag(peewee.Model):
    contact = peewee.ForeignKeyField(Contact, on_delete="CASCADE", backref="tag_links")
    tag = peewee.ForeignKeyField(Tag, on_delete="CASCADE", backref="contact_links")

    class Meta:
        legacy_table_names = False
        primary_key = peewee.CompositeKey("contact", "tag")
        indexes = ((("tag", "contact"), False),)


class Conversation(BaseModel):
    occurred_at = UtcDateTimeField(index=True)
    channel = TextField(default="meeting")
    place = TextField(default="")
    summary = TextField(default="")


class Participant(peewee.Model):
    conversation = peewee.ForeignKeyField(Conversation, on_delete="CASCADE", backref="participant_links")
    contact = peewee.ForeignKeyField(Contact, on_delete="CASCADE", backref="participations")

    class Meta:
        legacy_table_names = False
        primary_key = peewee.CompositeKey("conversation", "contact")
        indexes = ((("contact", "conversation"), False),)


class FollowUp(BaseModel):
    contact = peewee.ForeignKeyField(Contact, on_delete="CASCADE", backref="follow_ups")
    conversation = peewee.ForeignKeyField(Conversation, null=True, on_delete="SET NULL", backref="follow_ups")
    what = TextField()
    owner = TextField(default="me")  # who promised: me, or them
    due_on = peewee.DateField(null=True, index=True)
    done_at = UtcDateTimeField(null=True)


class Introduction(BaseModel):
    """Who introduced whom to whom. ``None`` for a person means *me*."""

    direction = TextField()  # received | given
    kind = TextField(default="introduction")  # introduction | referral | help
    introducer = peewee.ForeignKeyField(Contact, null=True, on_delete="CASCADE", backref="introductions_made")
    introduced = peewee.ForeignKeyField(
        Contact, null=True, on_delete="CASCADE", backref="introductions_as_subject"
    )
    introduced_to = peewee.ForeignKeyField(
        Contact, null=True, on_delete="CASCADE", backref="introductions_as_target"
    )
    occurred_on = peewee.DateField(null=True)
    outcome = TextField(default="")


class Opportunity(BaseModel):
    title = TextField()
    kind = TextField(default="assignment")
    status = TextField(default="lead")
    source = TextField(default="network")
    client = peewee.ForeignKeyField(
        Organisation, null=True, on_delete="SET NULL", backref="opportunities_as_client"
    )
    intermediary = peewee.ForeignKeyField(
        Organisation, null=True, on_delete="SET NULL", backref="opportunities_as_intermediary"
    )
    event = TextField(default="")  # where the relationship behind it started
    started_on = peewee.DateField(null=True)
    ended_on = peewee.DateField(null=True)
    day_rate = TextField(default="")
    notes = TextField(default="")


class OpportunityPerson(peewee.Model):
    """The chain of people behind an opportunity, in order (introducer → intermediary → client)."""

    opportunity = peewee.ForeignKeyField(Opportunity, on_delete="CASCADE", backref="people")
    contact = peewee.ForeignKeyField(Contact, on_delete="CASCADE", backref="opportunity_roles")
    role = TextField(default="introducer")
    position = peewee.IntegerField(default=0)

    class Meta:
        legacy_table_names = False
        primary_key = peewee.CompositeKey("opportunity", "contact", "role")


class SentItem(BaseModel):
    """Something I sent a contact (mostly intermediaries): CV, availability, day rate (schema 3)."""

    contact = peewee.ForeignKeyField(Contact, on_delete="CASCADE", backref="sent_items")
    what = TextField()  # cv | availability | day_rate | other
    sent_on = peewee.DateField()
    detail = TextField(default="")


class Setting(peewee.Model):
    """Journal-wide settings that belong with the data (e.g. keep-in-touch defaults per kind)."""

    key = TextField(primary_key=True)
    value = TextField()

    class Meta:
        legacy_table_names = False


MODELS: tuple[type[peewee.Model], ...] = (
    Organisation,
    Contact,
    Tag,
    ContactTag,
    Conversation,
    Participant,
    FollowUp,
    Introduction,
    Opportunity,
    OpportunityPerson,
    SentItem,
    Setting,
)
