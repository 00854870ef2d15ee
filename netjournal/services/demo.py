"""Realistic sample data: the demo journal, the benchmarks' data and the screenshots' data.

Written in batches inside one transaction (autocommit per row would be 5-20x slower); the
index triggers keep search in sync as usual.

Every record the demo creates is recognisable, so :func:`remove_demo` can take it out again
without touching the user's own records: its UUID ends in a random 12-digit marker kept in the
``demo_data`` setting. A UUID (unlike a row id, which SQLite reuses) never changes, survives
edits and travels with a CSV backup, as does the setting.
"""

from __future__ import annotations

import itertools
import json
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import peewee

from netjournal.errors import NotFoundError
from netjournal.importexport.progress import Cancelled, Ticker
from netjournal.services import changes
from netjournal.services.journal import Journal
from netjournal.storage.fields import utc_text
from netjournal.storage.models import (
    CONTACT_KINDS,
    Contact,
    ContactTag,
    Conversation,
    FollowUp,
    Introduction,
    Opportunity,
    OpportunityPerson,
    Organisation,
    Participant,
    SentItem,
    Setting,
    Tag,
    new_uuid,
)

Progress = Callable[[int, int], None]

DEMO_SETTING_KEY = "demo_data"
CADENCE_SETTING_KEY = "keep_in_touch_defaults"  # the reminders' per-kind defaults
_MARKER_AT = 24  # a UUID's last group (12 hex digits) starts here

FIRST = (
    "Anna",
    "Sofia",
    "Lukas",
    "Emma",
    "Noah",
    "Mia",
    "Elias",
    "Lea",
    "Jonas",
    "Hannah",
    "Aiko",
    "Haruto",
    "Yuki",
    "Sakura",
    "Wei",
    "Li",
    "Mei",
    "Jun",
    "Min-jun",
    "Seo-yeon",
    "Ji-ho",
    "Aarav",
    "Priya",
    "Rohan",
    "Ananya",
    "Vikram",
    "Fatima",
    "Omar",
    "Layla",
    "Youssef",
    "Amira",
    "Kwame",
    "Ama",
    "Chidi",
    "Ngozi",
    "Tunde",
    "Zanele",
    "Thabo",
    "Sipho",
    "Lindiwe",
    "Mateo",
    "Valentina",
    "Santiago",
    "Camila",
    "Lucía",
    "Diego",
    "Sofía",
    "João",
    "Beatriz",
    "Tiago",
    "Inês",
    "Pierre",
    "Camille",
    "Léa",
    "Hugo",
    "Chloé",
    "Matthieu",
    "Giulia",
    "Marco",
    "Francesca",
    "Luca",
    "Chiara",
    "Olga",
    "Dmitri",
    "Anastasia",
    "Ivan",
    "Katarzyna",
    "Piotr",
    "Agnieszka",
    "Tomasz",
    "Erik",
    "Ingrid",
    "Lars",
    "Astrid",
    "Sven",
    "Freya",
    "Niamh",
    "Seán",
    "Aoife",
    "Ciarán",
    "Siobhan",
    "Liam",
    "Olivia",
    "James",
    "Charlotte",
    "William",
    "Amelia",
    "Henry",
    "Isla",
    "Mehmet",
    "Elif",
    "Emre",
    "Zeynep",
    "Ayşe",
    "Kemal",
    "Nadia",
    "Rafael",
    "Dolores",
    "Björn",
    "Åsa",
    "Jürgen",
    "Zoë",
    "Noémie",
    "François",
    "Renée",
    "Ólafur",
    "Þóra",
)
LAST = (
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Hoffmann",
    "Tanaka",
    "Suzuki",
    "Takahashi",
    "Watanabe",
    "Wang",
    "Zhang",
    "Liu",
    "Chen",
    "Yang",
    "Kim",
    "Park",
    "Lee",
    "Choi",
    "Sharma",
    "Patel",
    "Gupta",
    "Iyer",
    "Reddy",
    "Haddad",
    "Khalil",
    "Nasser",
    "Farouk",
    "Mensah",
    "Owusu",
    "Okafor",
    "Adeyemi",
    "Dlamini",
    "Nkosi",
    "Ndlovu",
    "García",
    "Rodríguez",
    "Martínez",
    "Hernández",
    "López",
    "González",
    "Silva",
    "Santos",
    "Oliveira",
    "Pereira",
    "Dubois",
    "Martin",
    "Bernard",
    "Lefèvre",
    "Moreau",
    "Rossi",
    "Russo",
    "Bianchi",
    "Romano",
    "Colombo",
    "Ivanova",
    "Petrov",
    "Smirnov",
    "Kowalski",
    "Nowak",
    "Wiśniewski",
    "Andersson",
    "Johansson",
    "Nilsson",
    "Hansen",
    "Larsen",
    "O'Brien",
    "Murphy",
    "Kelly",
    "Byrne",
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Yılmaz",
    "Kaya",
    "Demir",
    "Çelik",
    "Novák",
    "Dvořák",
    "Horváth",
    "Nagy",
    "de Vries",
    "Jansen",
    "van Dijk",
    "Bakker",
    "Visser",
    "Janssens",
    "Peeters",
    "Lindqvist",
    "Þórsdóttir",
    "Ng",
)
COMPANIES = (
    "Nordwind Logistics",
    "Helios Energy",
    "Brightwater Foods",
    "Kestrel Aerospace",
    "Alpine Medtech",
    "Meridian Bank",
    "Corvid Software",
    "Lumen Retail Group",
    "Atlas Chemicals",
    "Harbour & Lane Property",
    "Quantia Insurance",
    "Verdant Agritech",
    "Orbis Telecom",
    "Stellar Pharma",
    "Granite Construction",
    "Bluefin Shipping",
    "Sakura Robotics",
    "Andes Mining",
    "Baobab Microfinance",
    "Fjord Seafood",
    "Tessellate Design",
    "Kinetic Mobility",
    "Cobalt Automotive",
    "Saffron Hospitality",
    "Polaris Public Services",
    "Ember Steelworks",
    "Solstice Media",
    "Praxis Hospitals",
)
INTERMEDIARIES = (
    ("Boyden Interim", "intermediary"),
    ("Atlantic Interim Partners", "intermediary"),
    ("Hudson Executive Interim", "intermediary"),
    ("Calibre Search", "recruiter"),
    ("Northgate Talent", "recruiter"),
    ("InterimPlus", "intermediary"),
    ("Stratos Executive Search", "recruiter"),
    ("Bridgehead Interim", "intermediary"),
)
ROLES = (
    "CFO",
    "COO",
    "Head of Operations",
    "HR Director",
    "CIO",
    "Managing Director",
    "Programme Director",
    "Partner",
    "Founder",
    "Board Member",
    "Supply Chain Lead",
    "Transformation Manager",
    "Head of Finance",
    "VP Engineering",
    "Interim Consultant",
)
INTERMEDIARY_ROLES = ("Interim Partner", "Senior Consultant", "Talent Partner", "Principal")
CITIES = (
    "Amsterdam",
    "Berlin",
    "Munich",
    "London",
    "Manchester",
    "Paris",
    "Lyon",
    "Madrid",
    "Lisbon",
    "Milan",
    "Zürich",
    "Vienna",
    "Stockholm",
    "Copenhagen",
    "Dublin",
    "Brussels",
    "Warsaw",
    "Istanbul",
    "Tokyo",
    "Singapore",
    "Lagos",
    "Johannesburg",
    "São Paulo",
    "Toronto",
)
COMMON_GROUND = (
    "Both studied in Leuven; same year, different faculties.",
    "Sails on the IJsselmeer most summer weekends — we swapped harbour tips.",
    "Ran the Berlin marathon in 2023, as did I.",
    "Grew up near Porto; loves the same little bakery in Foz.",
    "Fellow volunteer at the regional start-up mentoring programme.",
    "Both turned around a distressed logistics business.",
    "Two kids at the same international school.",
    "Passionate about jazz piano; recommended the Bimhuis Thursday sessions.",
    "Former colleague at Meridian Bank (2014–2017).",
    "Keen road cyclist; we talked about the Stelvio climb.",
    "Reads everything by Ursula K. Le Guin — lent me 'The Dispossessed'.",
    "Also moved countries twice for work; we compared notes on schools.",
    "Both on the alumni board of the executive MBA.",
    "Loves Japanese woodworking; visited Kyoto the same spring.",
    "Plays in an amateur orchestra (cello).",
    "Shares my view that interim work is about leaving teams stronger.",
)
THEIR_WORLD = (
    "Carve-out of the European business by Q3; worried about TSA exit dates.",
    "Board wants a new ERP live before year end; team is stretched and sceptical.",
    "Integrating an acquisition in Poland — culture clash between the two finance teams.",
    "Growing from 40 to 120 people; needs an operations backbone without killing the spirit.",
    "Looking for an interim HR lead during a works-council negotiation.",
    "Cash is tight after the refinancing; focused on working capital.",
    "New to the role; building credibility with a demanding PE owner.",
    "Wants to step back from day-to-day and find a successor within two years.",
    "Exploring a move into non-executive roles; asked how I built my portfolio.",
    "Under pressure to cut supply-chain emissions by 30% without raising costs.",
    "Recruiting an interim CFO for a client in the Benelux; prefers people she knows.",
    "Restructuring after losing the biggest customer; morale is low.",
)
HOW_I_CAN_HELP = (
    "Introduce to my contact who ran a similar carve-out.",
    "Share the working-capital playbook from my last assignment.",
    "Recommend a good employment lawyer for the works council.",
    "Be a sounding board on the successor question.",
    "Send the article on ERP go-live risk I mentioned.",
    "Connect with the mentoring programme coordinator.",
)
TAGS = (
    "board",
    "finance",
    "operations",
    "mentor",
    "alumni",
    "PE",
    "tech",
    "Benelux",
    "DACH",
    "Nordics",
    "sailing",
    "cycling",
    "speaker",
    "former colleague",
)
EVENTS = (
    "Interim Management Summit, Amsterdam",
    "CFO Forum Berlin",
    "Alumni dinner",
    "Chamber of Commerce breakfast",
    "Supply Chain Leaders Day",
    "Board Academy",
    "Women in Finance network drinks",
    "Tech Ops Meetup",
    "Lisbon Web Summit side event",
    "Regional start-up mentoring evening",
)
PLACES = (
    "their office",
    "Café de Jaren",
    "video call",
    "the station café",
    "my office",
    "lunch at Brasserie Flo",
    "conference venue",
    "walk by the river",
    "Zoom",
    "Teams",
)
# How a note starts depends on how we talked; "Follow-up on" fits any channel.
OPENINGS = {
    "meeting": (
        "Coffee to talk about",
        "Lunch; mostly about",
        "Long walk; we discussed",
        "Caught up after a long time, mostly about",
        "Met at their office about",
    ),
    "call": ("Quick call about", "They called about", "Phone call on"),
    "video": ("Video call on", "Teams call about", "Zoom catch-up on"),
    "email": ("E-mail exchange on", "They wrote about", "I wrote to them about"),
    "message": ("Short message exchange on", "Messaged about"),
    # Not "met at the event": whether this was the first meeting is settled after the fact
    # (see _met_where_the_history_begins).
    "event": ("Ran into them at the event; we talked about", "Caught up between sessions about"),
}
TOPICS = (
    "the carve-out timeline and who owns the TSA exit",
    "how their new ERP programme is going — they are two months late",
    "an interim CFO role at a client in the Benelux",
    "my availability from March and my day rate",
    "the integration of the Polish acquisition",
    "their successor question and board dynamics",
    "a possible introduction to the head of operations at Kestrel",
    "working capital: DSO is up 12 days since the summer",
    "the works-council negotiation and what they need from HR",
    "sailing plans for the summer and the new boat",
    "their move into non-executive roles",
    "supply-chain emissions and the new reporting rules",
    "hiring a transformation manager for six months",
    "the refinancing and what the bank asked for",
    "a mutual friend who just started a company",
)
DETAILS = (
    "They asked me to send my CV and availability.",
    "I promised to send the article.",
    "Agreed to meet again next month.",
    "They will introduce me to their CFO.",
    "Mentioned they might need someone from Q2.",
    "Good energy; genuinely enjoyed it.",
    "Their daughter just started university in Delft.",
    "They are hiring through Calibre Search.",
    "Suggested I talk to the partner at Boyden.",
    "Left it open — follow up in a few weeks.",
    "Lots of pressure from the board; offered to be a sounding board.",
)
FOLLOW_UPS = (
    "Send CV and availability",
    "Send the working-capital article",
    "Introduce to Marco",
    "Share contact of employment lawyer",
    "Check in after the board meeting",
    "Send day rate and start date",
    "Congratulate on the new role",
    "Book lunch in spring",
    "Send notes from the summit",
    "Ask about the Benelux interim role",
)
CHANNEL_WEIGHTS = (("meeting", 30), ("call", 25), ("video", 20), ("email", 12), ("message", 8), ("event", 5))


def generate_demo(
    journal: Journal,
    contacts: int = 120,
    conversations: int = 900,
    *,
    seed: int = 7,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> dict[str, int]:
    """Fill ``journal`` with realistic sample records; returns how many of each were added."""
    rng = random.Random(seed)
    now = now or journal.clock()
    total_steps = contacts + conversations
    step = 0

    def tick(n: int) -> None:
        nonlocal step
        step += n
        if progress is not None:
            progress(min(step, total_steps), total_steps)

    created_at = now - timedelta(days=6 * 365)
    with journal.changes.write() as change:
        marker = _start_run()
        uid = _uuids(marker)
        mine = _demo_records(marker)
        # Organisations: companies plus intermediaries (interim providers, recruiters).
        org_rows = [
            {
                "uuid": uid(),
                "name": n,
                "kind": "company",
                "created_at": created_at,
                "updated_at": created_at,
            }
            for n in COMPANIES
        ] + [
            {
                "uuid": uid(),
                "name": n,
                "kind": k,
                "created_at": created_at,
                "updated_at": created_at,
                "notes": "Interim provider; places people they already know."
                if k == "intermediary"
                else "Executive search; retained assignments.",
            }
            for n, k in INTERMEDIARIES
        ]
        Organisation.insert_many(org_rows).execute()
        orgs = list(Organisation.select(Organisation.id, Organisation.kind).where(mine(Organisation)))
        companies = [o.id for o in orgs if o.kind == "company"]
        brokers = [o.id for o in orgs if o.kind != "company"]

        tag_ids = []
        for name in TAGS:
            # A tag the user already has is shared, not made up: it stays when the demo goes.
            existing = Tag.get_or_none(Tag.name == name)
            if existing is None:
                existing = Tag.create(uuid=uid(), name=name, created_at=created_at, updated_at=created_at)
            tag_ids.append(existing.id)

        kinds = ("client", "intermediary", "peer", "prospect", "referrer", "friend", "other")
        contact_rows = []
        for _ in range(contacts):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            kind = rng.choices(kinds, weights=(22, 12, 25, 15, 10, 8, 8))[0]
            org = (
                rng.choice(brokers)
                if kind == "intermediary"
                else (rng.choice(companies) if rng.random() < 0.85 else None)
            )
            role = rng.choice(INTERMEDIARY_ROLES if kind == "intermediary" else ROLES)
            met = now - timedelta(days=rng.randint(30, 6 * 365))
            slug = name.lower().replace(" ", ".").replace("'", "")
            contact_rows.append(
                {
                    "uuid": uid(),
                    "name": name,
                    "organisation": org,
                    "role": role,
                    "kind": kind,
                    "emails": f"{slug}@example.com" if rng.random() < 0.8 else "",
                    "phones": f"+31 6 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
                    if rng.random() < 0.5
                    else "",
                    "links": f"https://www.linkedin.com/in/{slug.replace('.', '-')}"
                    if rng.random() < 0.6
                    else "",
                    "location": rng.choice(CITIES),
                    "how_we_met": rng.choice(EVENTS) if rng.random() < 0.7 else "",
                    "met_on": met.date(),
                    "common_ground": rng.choice(COMMON_GROUND) if rng.random() < 0.75 else "",
                    "their_world": rng.choice(THEIR_WORLD) if rng.random() < 0.7 else "",
                    "how_i_can_help": rng.choice(HOW_I_CAN_HELP) if rng.random() < 0.4 else "",
                    "notes": "",
                    "keep_in_touch_days": None,  # set from the history below
                    "archived": rng.random() < 0.03,
                    "created_at": met,
                    "updated_at": met,
                }
            )
            if len(contact_rows) == 500:
                Contact.insert_many(contact_rows).execute()
                tick(len(contact_rows))
                contact_rows = []
        if contact_rows:
            Contact.insert_many(contact_rows).execute()
            tick(len(contact_rows))
        ids = [c.id for c in Contact.select(Contact.id).where(mine(Contact)).order_by(Contact.id)]
        if ids:
            links = {(rng.choice(ids), rng.choice(tag_ids)) for _ in range(len(ids))}
            rows = [{"contact": c, "tag": t} for c, t in links]
            for start in range(0, len(rows), 500):
                ContactTag.insert_many(rows[start : start + 500]).on_conflict_ignore().execute()

        # Conversations: a few people we talk to very often, a long tail of occasional ones.
        inner = ids[0] if ids else None
        weights = [1.0 / (rank + 1) ** 0.5 for rank in range(len(ids))]
        if inner is not None and len(weights) > 1:
            weights[0] = 0.0  # the long history below is theirs already
        cumulative = list(itertools.accumulate(weights))  # choices() would redo this per call
        first_seen: dict[int, tuple[datetime, str, str]] = {}  # contact -> earliest (when, channel, place)
        channels, channel_w = zip(*CHANNEL_WEIGHTS, strict=True)
        conv_rows: list[dict[str, object]] = []
        pending_people: list[list[int]] = []
        follow_rows: list[dict[str, object]] = []

        def flush() -> None:
            if not conv_rows:
                return
            Conversation.insert_many(conv_rows).execute()
            uuids = [r["uuid"] for r in conv_rows]
            id_of = dict(
                Conversation.select(Conversation.uuid, Conversation.id)
                .where(Conversation.uuid.in_(uuids))
                .tuples()
            )
            part = [
                {"conversation": id_of[u], "contact": c}
                for u, people in zip(uuids, pending_people, strict=True)
                for c in people
            ]
            Participant.insert_many(part).execute()
            for row in follow_rows:
                row["conversation"] = id_of[row.pop("conv_uuid")]
            if follow_rows:
                FollowUp.insert_many(follow_rows).execute()
            tick(len(conv_rows))
            conv_rows.clear()
            pending_people.clear()
            follow_rows.clear()

        for n in range(conversations):
            if not ids:
                break
            # One person has a long history (500 conversations at full size): the worst case
            # for opening a contact.
            if inner is not None and n < min(500, conversations // 20):
                people = [inner]
            else:
                people = [rng.choices(ids, cum_weights=cumulative)[0]]
            if rng.random() < 0.08:
                people.append(rng.choice(ids))
            people = list(dict.fromkeys(people))
            days_ago = int(rng.triangular(0, 6 * 365, 0))
            when = now - timedelta(
                days=days_ago, hours=rng.randint(0, 10), minutes=rng.choice((0, 15, 30, 45))
            )
            channel = rng.choices(channels, weights=channel_w)[0]
            opening = "Follow-up on" if rng.random() < 0.1 else rng.choice(OPENINGS[channel])
            sentences = [f"{opening} {rng.choice(TOPICS)}."]
            sentences.extend(rng.sample(DETAILS, rng.choice((0, 1, 1, 2, 3, 4))))
            if rng.random() < 0.1:
                sentences.append("\n" + "\n".join(f"- {t}" for t in rng.sample(TOPICS, 3)))
            uuid = uid()
            place = (
                rng.choice(EVENTS)
                if channel == "event"
                else (rng.choice(PLACES) if rng.random() < 0.5 else "")
            )
            if channel not in {"meeting", "event"}:
                place = ""  # (drawn all the same: the rest of the demo stays as it was)
            for person in people:
                earliest = first_seen.get(person)
                if earliest is None or when < earliest[0]:
                    first_seen[person] = (when, channel, place)
            conv_rows.append(
                {
                    "uuid": uuid,
                    "occurred_at": when,
                    "channel": channel,
                    "place": place,
                    "summary": " ".join(sentences),
                    "created_at": when,
                    "updated_at": when,
                }
            )
            pending_people.append(people)
            if rng.random() < 0.06:
                due = (when + timedelta(days=rng.randint(3, 30))).date()
                follow_rows.append(
                    {
                        "uuid": uid(),
                        "contact": people[0],
                        "conv_uuid": uuid,
                        "what": rng.choice(FOLLOW_UPS),
                        "owner": "me" if rng.random() < 0.75 else "them",
                        "due_on": due,
                        # Open if from the last four months (most of them), else done.
                        "done_at": None if days_ago < 120 and rng.random() < 0.8 else when + timedelta(5),
                        "created_at": when,
                        "updated_at": when,
                    }
                )
            if len(conv_rows) == 500:
                flush()
        flush()

        _met_where_the_history_begins(rng, first_seen)
        _cadences(rng, now, ids)
        added_intros = _introductions(rng, ids, now, uid)
        added_opps = _opportunities(rng, ids, companies, brokers, now, uid=uid)
        _sent_items(rng, now, ids, uid)
        change.add(changes.CONTACTS)
        change.add(changes.ORGANISATIONS)
        change.add(changes.CONVERSATIONS)
        change.add(changes.FOLLOW_UPS)
        change.add(changes.TAGS)
        change.add(changes.INTRODUCTIONS)
        change.add(changes.OPPORTUNITIES)
        change.add(changes.SENT_ITEMS)
    counts = journal.stats()
    counts["introductions_added"] = added_intros
    counts["opportunities_added"] = added_opps
    return counts


def _met_where_the_history_begins(
    rng: random.Random, first_seen: dict[int, tuple[datetime, str, str]]
) -> None:
    """Make *how we met* agree with each timeline: a card never says we met after we first talked.

    When the first conversation was at an event, that is where and when we met. Otherwise we
    met on that day, or (for a "how we met" at an event) at the event a few days before. The
    record was created no later than that.
    """
    db = Contact._meta.database
    current = dict(Contact.select(Contact.id, Contact.how_we_met).tuples())
    dates: list[tuple[object, ...]] = []
    places: list[tuple[str, int]] = []
    for contact_id, (when, channel, place) in first_seen.items():
        local_day = when.astimezone().date()
        if channel == "event" and place:
            met_on = local_day
            if current.get(contact_id) != place:
                places.append((place, contact_id))
        elif current.get(contact_id) in EVENTS:
            met_on = local_day - timedelta(days=rng.randint(1, 20))
        else:
            met_on = local_day
        dates.append((met_on.isoformat(), utc_text(when), utc_text(when), contact_id))
    cursor = db.cursor()
    # met_on is not in the search index: no trigger fires for it, so this stays fast at 10k.
    cursor.executemany(
        "UPDATE contact SET met_on = ?, created_at = min(created_at, ?), updated_at = min(updated_at, ?)"
        " WHERE id = ?",
        dates,
    )
    cursor.executemany("UPDATE contact SET how_we_met = ? WHERE id = ?", places)


def _cadences(rng: random.Random, now: datetime, ids: list[int]) -> None:
    """Keep-in-touch rhythms that fit each history: most people on track, a few overdue.

    Relationships gone quiet for more than a year have no rhythm (as a real user would leave
    them); the demo journal switches the per-kind defaults off so only these rhythms count.
    """
    Setting.insert(key=CADENCE_SETTING_KEY, value=_DEMO_CADENCES).on_conflict_replace().execute()
    rhythms = (30, 45, 60, 90, 120, 180)
    updates: dict[int, list[int]] = {}
    demo_people = set(ids)
    for contact_id, last in Contact.select(Contact.id, Contact.last_contact_at).tuples():
        if last is None or contact_id not in demo_people:
            continue
        days = (now - last).days
        if days > 365:
            continue
        every = rng.choice(rhythms)
        if days > every and rng.random() < 0.75:
            # Mostly on track: pick the shortest rhythm that still fits.
            every = next((r for r in rhythms if r >= days), 365)
        updates.setdefault(every, []).append(contact_id)
    for every, contact_ids in updates.items():
        for start in range(0, len(contact_ids), 500):
            Contact.update(keep_in_touch_days=every).where(
                Contact.id.in_(contact_ids[start : start + 500])
            ).execute()


def _introductions(rng: random.Random, ids: list[int], now: datetime, uid: Callable[[], str]) -> int:
    """Introductions, referrals and help both ways.

    As in life, a few connectors make most of the introductions; the person with the longest
    history has introduced me three times and had nothing back, so the give & take view has
    something to say on first look.
    """
    if len(ids) < 3:
        return 0
    outcomes = (
        "Met for coffee; became a client.",
        "Led to an interim assignment.",
        "Nice conversation, nothing yet.",
        "They hired each other's firm.",
        "",
        "Introduced to the board; shortlisted.",
    )
    connectors = rng.sample(ids, max(3, len(ids) // 40))

    def row(
        direction: str, kind: str, introducer: int | None, introduced: int | None, to: int | None
    ) -> dict[str, object]:
        occurred = (now - timedelta(days=rng.randint(10, 5 * 365))).date()
        stamp = datetime.combine(occurred, datetime.min.time(), UTC)
        return {
            "uuid": uid(),
            "direction": direction,
            "kind": kind,
            "introducer": introducer,
            "introduced": introduced,
            "introduced_to": to,
            "occurred_on": occurred,
            "outcome": rng.choice(outcomes),
            "created_at": stamp,
            "updated_at": stamp,
        }

    rows = []
    # The first six cover every kind both ways, so even a small demo shows each of them.
    variety = [(d, k) for d in ("received", "given") for k in ("introduction", "referral", "help")]
    for n in range(max(len(variety), len(ids) // 12)):
        a, b, c = rng.sample(ids, 3)
        kind = rng.choices(("introduction", "referral", "help"), weights=(6, 3, 2))[0]
        received = rng.random() < 0.55
        if n < len(variety):
            received, kind = variety[n][0] == "received", variety[n][1]
        if received:
            introducer = rng.choice(connectors) if rng.random() < 0.7 else a
            if introducer == b:
                introducer = a  # nobody introduces a person to themselves
            if kind == "referral":  # they referred me to a prospective client
                rows.append(row("received", kind, introducer, None, b))
            else:  # they introduced someone to me (or helped me with them)
                rows.append(row("received", kind, introducer, b, None))
        elif kind == "help":
            rows.append(row("given", kind, None, b, None))
        else:
            rows.append(row("given", kind, None, b, c))
    inner = ids[0]
    others = [i for i in ids[1:] if i not in connectors] or ids[1:]
    rows += [row("received", "introduction", inner, rng.choice(others), None) for _ in range(3)]
    for start in range(0, len(rows), 500):
        Introduction.insert_many(rows[start : start + 500]).execute()
    # "Introduced by" on the people someone introduced me to.
    for item in rows:
        subject = item["introduced"] or item["introduced_to"]
        if item["direction"] == "received" and subject is not None:
            Contact.update(introduced_by=item["introducer"]).where(
                (Contact.id == subject) & Contact.introduced_by.is_null()
            ).execute()
    return len(rows)


# Events whose new contacts never led to work: the "waste of time" the insights point out.
FRUITLESS_EVENTS = frozenset({"Tech Ops Meetup", "Lisbon Web Summit side event"})


def _opportunities(
    rng: random.Random,
    ids: list[int],
    companies: list[int],
    brokers: list[int],
    now: datetime,
    *,
    uid: Callable[[], str],
) -> int:
    """Opportunities with realistic chains: intermediary work comes through the intermediary's
    own people, referrals through a referrer, and one won assignment ends in a few weeks (so
    the availability reminder shows)."""
    if len(ids) < 3:
        return 0
    titles = (
        "Interim CFO",
        "Interim COO",
        "ERP recovery programme",
        "Carve-out lead",
        "Interim HR Director",
        "Supply-chain turnaround",
        "PMI lead",
        "Board advisor",
        "Transformation programme",
        "Working-capital project",
    )
    people_at: dict[int, list[int]] = {}
    met_at: dict[int, str] = {}
    demo_people = set(ids)
    everyone = Contact.select(Contact.id, Contact.organisation, Contact.how_we_met)
    for contact_id, org_id, how in everyone.tuples():
        if how in FRUITLESS_EVENTS or contact_id not in demo_people:
            continue  # nobody met there brings work
        met_at[contact_id] = how
        if org_id is not None:
            people_at.setdefault(org_id, []).append(contact_id)
    fruitful = [i for i in ids if i in met_at] or ids
    good_events = [e for e in EVENTS if e not in FRUITLESS_EVENTS]

    def someone_at(org: int | None) -> int:
        return rng.choice(people_at.get(org, []) or fruitful) if org is not None else rng.choice(fruitful)

    def create(
        source: str, status: str, *, start: datetime, end: datetime | None, client: int, broker: int | None
    ) -> None:
        chain: list[tuple[int, str]] = []
        if source == "intermediary":
            chain.append((someone_at(broker), "intermediary"))
        elif source == "referral" or (source == "network" and rng.random() < 0.5):
            chain.append((rng.choice(fruitful), "introducer"))
        chain.append((someone_at(client), "client"))
        chain = list({contact: (contact, role) for contact, role in chain}.values())
        first_met = met_at.get(chain[0][0], "")
        opp = Opportunity.create(
            uuid=uid(),
            title=rng.choice(titles),
            kind=rng.choice(("assignment", "assignment", "project", "role")),
            status=status,
            source=source,
            client=client,
            intermediary=broker,
            # Where the relationship behind it started, when we know.
            event=first_met
            if first_met in EVENTS
            else (rng.choice(good_events) if rng.random() < 0.3 else ""),
            started_on=start.date(),
            ended_on=end.date() if end else None,
            day_rate=f"€{rng.choice((950, 1100, 1250, 1400, 1600))}",
            created_at=min(start, now),
            updated_at=min(start, now),
        )
        for position, (contact, role) in enumerate(chain):
            OpportunityPerson.create(opportunity=opp, contact=contact, role=role, position=position)

    count = max(4, min(60, len(ids) // 8))
    for _ in range(count):
        source = rng.choices(("intermediary", "network", "referral", "direct"), weights=(45, 30, 20, 5))[0]
        status = rng.choices(("lead", "proposed", "interview", "won", "lost"), weights=(2, 2, 1, 4, 3))[0]
        end = None
        if status == "won":  # past assignments: the current one is added below
            start = now - timedelta(days=rng.randint(400, 5 * 365))
            end = start + timedelta(days=rng.randint(90, 300))
        elif status == "lost":
            start = now - timedelta(days=rng.randint(0, 5 * 365))
        else:  # still open: recent, with a planned start
            start = now + timedelta(days=rng.randint(-30, 120))
        broker = rng.choice(brokers) if source == "intermediary" and brokers else None
        if source == "intermediary" and broker is None:
            source = "direct"
        create(source, status, start=start, end=end, client=rng.choice(companies), broker=broker)
    if companies and brokers:
        # The assignment I am on now: ends in under four weeks, inside the refresh window.
        create(
            "intermediary",
            "won",
            start=now - timedelta(days=150),
            end=now + timedelta(days=26),
            client=rng.choice(companies),
            broker=brokers[0],
        )
        count += 1
    return count


def _sent_items(rng: random.Random, now: datetime, ids: list[int], uid: Callable[[], str]) -> int:
    """CVs, day rates and availability sent to intermediary people over the years; about a
    third have heard about my availability in the last fortnight, the rest are due a refresh."""
    intermediary_people = (
        Contact.select(Contact.id)
        .join(Organisation)
        .where(Organisation.kind.in_(("intermediary", "recruiter")), Contact.archived == False)  # noqa: E712
    )
    demo_people = set(ids)
    today = now.date()
    rows = []
    for (contact_id,) in intermediary_people.tuples():
        if contact_id not in demo_people:
            continue
        if rng.random() < 0.2:
            continue  # never sent them anything
        sent = [("cv", rng.randint(90, 3 * 365), "CV (two pages)")]
        if rng.random() < 0.5:
            sent.append(("day_rate", rng.randint(30, 700), f"€{rng.choice((1100, 1250, 1400))} a day"))
        if rng.random() < 0.35:
            sent.append(("availability", rng.randint(1, 14), "Available from the end of next month"))
        elif rng.random() < 0.6:
            sent.append(("availability", rng.randint(60, 700), "Available from next quarter"))
        for what, days_ago, detail in sent:
            on = today - timedelta(days=days_ago)
            stamp = datetime.combine(on, datetime.min.time(), UTC)
            rows.append(
                {
                    "uuid": uid(),
                    "contact": contact_id,
                    "what": what,
                    "sent_on": on,
                    "detail": detail,
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
    for start in range(0, len(rows), 500):
        SentItem.insert_many(rows[start : start + 500]).execute()
    return len(rows)


# -- recognising and removing demo records -------------------------------------------------
# The per-kind keep-in-touch defaults the demo switches off (so only its own rhythms count).
_DEMO_CADENCES = json.dumps(dict.fromkeys(CONTACT_KINDS))


def _uuids(marker: str) -> Callable[[], str]:
    """New UUIDs in the standard form whose last group is ``marker``: random where it matters."""

    def uid() -> str:
        return new_uuid()[:_MARKER_AT] + marker

    return uid


def _demo_records(marker: str) -> Callable[[type[peewee.Model]], peewee.Expression]:
    """A ``where`` clause for the records of one model that the demo created."""

    def mine(model: type[peewee.Model]) -> peewee.Expression:
        return peewee.fn.substr(model.uuid, _MARKER_AT + 1) == marker

    return mine


def _demo_run() -> dict[str, Any] | None:
    stored = Setting.get_or_none(Setting.key == DEMO_SETTING_KEY)
    if stored is None:
        return None
    try:
        run = json.loads(stored.value)
    except ValueError:
        return None
    marker = run.get("marker") if isinstance(run, dict) else None
    if not isinstance(marker, str) or len(marker) != 12:
        return None
    return dict(run)


def _start_run() -> str:
    """The marker of this journal's demo records (one for all runs); noted before any is written.

    The keep-in-touch defaults as they were before the first run are kept with it, so removing
    the demo can put them back.
    """
    run = _demo_run()
    if run is None:
        before = Setting.get_or_none(Setting.key == CADENCE_SETTING_KEY)
        run = {"marker": secrets.token_hex(6), "cadences_before": None if before is None else before.value}
        Setting.insert(key=DEMO_SETTING_KEY, value=json.dumps(run)).on_conflict_replace().execute()
    return str(run["marker"])


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What removing the demo data takes out (or took out), and what of the user's stays."""

    contacts: int  # made-up people
    conversations: int  # conversations with nobody but made-up people
    organisations: int
    tags: int
    opportunities: int
    kept_contacts: int  # the user's own
    kept_conversations: int  # the user's own, including demo ones a real person joined


_TEMP_TABLES = (
    "demo_contact",
    "doomed_conversation",
    "doomed_opportunity",
    "doomed_tag",
    "doomed_organisation",
)


def _select_doomed(marker: str) -> None:
    """Fill temp tables with what goes: made-up people, and what only they take part in.

    A conversation goes when nobody but made-up people took part in it (a demo conversation a
    real person joined stays, without the made-up people); likewise an opportunity. A demo tag
    or organisation goes unless one of the user's own records still uses it.
    """
    db = Contact._meta.database
    demo = f"substr(uuid, {_MARKER_AT + 1}) = ?"
    _drop_temp_tables()
    db.execute_sql("CREATE TEMP TABLE demo_contact (id INTEGER PRIMARY KEY)")
    db.execute_sql(f"INSERT INTO temp.demo_contact SELECT id FROM contact WHERE {demo}", (marker,))
    real_participation = (
        "SELECT conversation_id FROM participant WHERE contact_id NOT IN (SELECT id FROM temp.demo_contact)"
    )
    db.execute_sql("CREATE TEMP TABLE doomed_conversation (id INTEGER PRIMARY KEY)")
    db.execute_sql(
        "INSERT INTO temp.doomed_conversation SELECT id FROM conversation"
        f" WHERE ({demo} OR id IN (SELECT conversation_id FROM participant"
        "                          WHERE contact_id IN (SELECT id FROM temp.demo_contact)))"
        f" AND id NOT IN ({real_participation})",
        (marker,),
    )
    db.execute_sql("CREATE TEMP TABLE doomed_opportunity (id INTEGER PRIMARY KEY)")
    db.execute_sql(
        f"INSERT INTO temp.doomed_opportunity SELECT id FROM opportunity WHERE {demo}"
        " AND id NOT IN (SELECT opportunity_id FROM opportunity_person"
        "                WHERE contact_id NOT IN (SELECT id FROM temp.demo_contact))",
        (marker,),
    )
    db.execute_sql("CREATE TEMP TABLE doomed_tag (id INTEGER PRIMARY KEY)")
    db.execute_sql(
        f"INSERT INTO temp.doomed_tag SELECT id FROM tag WHERE {demo}"
        " AND id NOT IN (SELECT tag_id FROM contact_tag"
        "                WHERE contact_id NOT IN (SELECT id FROM temp.demo_contact))",
        (marker,),
    )
    db.execute_sql("CREATE TEMP TABLE doomed_organisation (id INTEGER PRIMARY KEY)")
    db.execute_sql(
        f"INSERT INTO temp.doomed_organisation SELECT id FROM organisation WHERE {demo}"
        " AND id NOT IN (SELECT organisation_id FROM contact WHERE organisation_id IS NOT NULL"
        "                AND id NOT IN (SELECT id FROM temp.demo_contact))"
        " AND id NOT IN (SELECT client_id FROM opportunity WHERE client_id IS NOT NULL"
        "                AND id NOT IN (SELECT id FROM temp.doomed_opportunity))"
        " AND id NOT IN (SELECT intermediary_id FROM opportunity WHERE intermediary_id IS NOT NULL"
        "                AND id NOT IN (SELECT id FROM temp.doomed_opportunity))",
        (marker,),
    )


def _drop_temp_tables() -> None:
    db = Contact._meta.database
    for name in _TEMP_TABLES:
        db.execute_sql(f"DROP TABLE IF EXISTS temp.{name}")


def _summary() -> DemoSummary:
    db = Contact._meta.database

    def count(sql: str) -> int:
        return int(db.execute_sql(sql).fetchone()[0])

    contacts = count("SELECT count(*) FROM temp.demo_contact")
    conversations = count("SELECT count(*) FROM temp.doomed_conversation")
    return DemoSummary(
        contacts=contacts,
        conversations=conversations,
        organisations=count("SELECT count(*) FROM temp.doomed_organisation"),
        tags=count("SELECT count(*) FROM temp.doomed_tag"),
        opportunities=count("SELECT count(*) FROM temp.doomed_opportunity"),
        kept_contacts=count("SELECT count(*) FROM contact") - contacts,
        kept_conversations=count("SELECT count(*) FROM conversation") - conversations,
    )


def has_demo(journal: Journal) -> bool:
    """Whether ``journal`` holds demo data that :func:`remove_demo` can take out."""
    del journal  # the models are bound to the open journal's database
    return _demo_run() is not None


NO_DEMO_MESSAGE = "This journal has no demo data to remove: everything in it is your own."


def demo_summary(journal: Journal) -> DemoSummary:
    """What :func:`remove_demo` would take out now; raises NotFoundError without demo data."""
    run = _demo_run()
    if run is None:
        raise NotFoundError(NO_DEMO_MESSAGE)
    with journal.db.atomic():  # one consistent read; the temp tables go with it
        try:
            _select_doomed(str(run["marker"]))
            return _summary()
        finally:
            _drop_temp_tables()


def remove_demo(
    journal: Journal, *, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> DemoSummary:
    """Delete every record the demo created, and nothing of the user's, in one transaction.

    Made-up people go with everything attached to them (follow-ups, introductions, sent items,
    their part in conversations the user shares with real people). The keep-in-touch defaults
    the demo switched off come back unless the user has changed them since. Cancelling changes
    nothing. Raises NotFoundError when there is no demo data.
    """
    with journal.changes.write() as change:
        run = _demo_run()
        if run is None:
            raise NotFoundError(NO_DEMO_MESSAGE)
        db = journal.db
        try:
            _select_doomed(str(run["marker"]))
            summary = _summary()
            ticker = Ticker(summary.contacts + summary.conversations + 1, progress, cancelled)
            ticker.start()
            # Opportunities first (their chains cascade), then the people: their links,
            # follow-ups, introductions and sent items cascade; the search triggers follow.
            db.execute_sql("DELETE FROM opportunity WHERE id IN (SELECT id FROM temp.doomed_opportunity)")
            _delete_in_batches(db, "contact", "demo_contact", ticker)
            _delete_in_batches(db, "conversation", "doomed_conversation", ticker)
            db.execute_sql("DELETE FROM tag WHERE id IN (SELECT id FROM temp.doomed_tag)")
            db.execute_sql("DELETE FROM organisation WHERE id IN (SELECT id FROM temp.doomed_organisation)")
            cadences = Setting.get_or_none(Setting.key == CADENCE_SETTING_KEY)
            if cadences is not None and cadences.value == _DEMO_CADENCES:
                before = run.get("cadences_before")
                if isinstance(before, str):
                    Setting.update(value=before).where(Setting.key == CADENCE_SETTING_KEY).execute()
                else:
                    Setting.delete().where(Setting.key == CADENCE_SETTING_KEY).execute()
            Setting.delete().where(Setting.key == DEMO_SETTING_KEY).execute()
        finally:
            _drop_temp_tables()
        for kind in changes.ALL_KINDS:
            change.add(kind)
        ticker.advance()
    return summary


_BATCH = 1_000  # rows per DELETE: progress moves and a cancel is honoured within a fraction of a second


def _delete_in_batches(db: peewee.Database, table: str, doomed: str, ticker: Ticker) -> None:
    """Delete the rows of ``table`` listed in the temp table ``doomed``, a batch at a time."""
    after = 0
    while True:
        batch = [
            row[0]
            for row in db.execute_sql(
                f"SELECT id FROM temp.{doomed} WHERE id > ? ORDER BY id LIMIT {_BATCH:d}", (after,)
            ).fetchall()
        ]
        if not batch:
            return
        db.execute_sql(f"DELETE FROM {table} WHERE id IN ({', '.join('?' * len(batch))})", batch)
        after = batch[-1]
        ticker.advance(len(batch))
