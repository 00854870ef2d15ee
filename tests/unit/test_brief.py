"""The pre-meeting brief: its content, its openers, its text and HTML renderings, and the CLI."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from netjournal.services.brief import (
    Brief,
    _opportunity,
    brief_sections,
    conversation_topic,
    first_sentence,
    render_html,
    render_text,
    trimmed,
)
from netjournal.services.journal import Journal, open_with_secret
from tests.conftest import PASSPHRASE, FakeClock
from tests.unit.test_cli import run


@pytest.fixture
def carla_and_dan(journal: Journal, clock: FakeClock) -> dict[str, str]:
    """Dan, a client, with a full record; Carla introduced us."""
    now = clock()
    carla = journal.contacts.create("Carla Connector", organisation="Boyden Interim", kind="intermediary")
    dan = journal.contacts.create(
        "Dan Client",
        organisation="Helios Energy",
        role="CFO",
        kind="client",
        location="Amsterdam",
        how_we_met="CFO Forum Berlin",
        met_on=date(2024, 5, 14),
        introduced_by=carla,
        common_ground="Both sail on the IJsselmeer\nRan the Berlin marathon in 2023",
        their_world="Carve-out of the European business by Q3\nBoard wants a new ERP",
        how_i_can_help="Introduce him to Marco, who ran a similar carve-out",
    )
    for n in range(6):
        journal.conversations.log([dan], f"Old talk {n}.", occurred_at=now - timedelta(days=100 + n))
    journal.conversations.log(
        [dan],
        "Coffee to talk about the carve-out timeline and who owns the TSA exit. He is worried.",
        occurred_at=now - timedelta(days=20),
        place="Café de Jaren",
        follow_up="Send the TSA checklist",
        follow_up_due=now.date() + timedelta(days=3),
    )
    journal.follow_ups.create(dan, "Introduce me to the CEO", owner="them")
    done = journal.follow_ups.create(dan, "Send the article")
    journal.follow_ups.set_done(done)
    journal.introductions.record(
        direction="received", introducer=dan, introduced=carla, outcome="Led to an interim assignment."
    )
    journal.opportunities.create(
        "Interim CFO",
        status="won",
        source="intermediary",
        client="Helios Energy",
        intermediary="Boyden Interim",
        people=[("intermediary", carla), ("client", dan)],
        started_on=date(2025, 1, 6),
        ended_on=date(2025, 6, 30),
    )
    journal.intermediaries.record_sent(dan, "day_rate", sent_on=date(2026, 2, 1), detail="€1,250")
    return {"carla": carla, "dan": dan}


def test_brief_has_every_section_with_the_right_data(journal: Journal, carla_and_dan: dict[str, str]) -> None:
    brief = journal.briefs.brief(carla_and_dan["dan"])
    assert (brief.person.name, brief.person.role, brief.person.organisation) == (
        "Dan Client",
        "CFO",
        "Helios Energy",
    )
    assert [p.uuid for p in brief.introduced_by] == [carla_and_dan["carla"]]
    assert brief.conversation_count == 7 and len(brief.conversations) == 5
    assert brief.conversations[0].summary.startswith("Coffee to talk about")  # newest first
    assert [f.what for f in brief.my_promises] == ["Send the TSA checklist"]  # done ones left out
    assert [f.what for f in brief.their_promises] == ["Introduce me to the CEO"]
    assert brief.give_take.received.total == 1 and brief.give_take.balance == -1
    assert [o.title for o in brief.opportunities] == ["Interim CFO"]
    assert [(s.what, s.detail) for s in brief.sent] == [("day_rate", "€1,250")]

    sections = {s.title.split(" (")[0]: s.lines for s in brief_sections(brief)}
    assert list(sections) == [
        "How we met",
        "Common ground",
        "Their world",
        "How I can help",
        "Openers",
        "Open promises",
        "Last conversations",
        "Give and take",
        "Opportunities",
        "Sent to them",
    ]
    assert sections["How we met"] == ("CFO Forum Berlin (14 May 2024)", "Introduced by Carla Connector")
    assert sections["Common ground"] == ("Both sail on the IJsselmeer", "Ran the Berlin marathon in 2023")
    assert sections["Open promises"][0].startswith("You promised: Send the TSA checklist (due ")
    assert sections["Open promises"][1] == "They promised: Introduce me to the CEO"
    assert sections["Opportunities"] == (
        "Interim CFO at Helios Energy — won (intermediary, via Boyden Interim), 6 Jan 2025 → 30 Jun 2025",
    )
    assert sections["Give and take"][0] == brief.give_take.verdict

    text = render_text(brief)
    assert text.startswith("Dan Client\n==========\nCFO, Helios Energy · client · Amsterdam\n")
    assert "LAST CONVERSATIONS (5 OF 7)" in text
    assert "    Coffee to talk about the carve-out timeline" in text
    assert "Old talk 5" not in text  # only the latest five
    assert "Sent to them".upper() in text and "Day rate — 1 Feb: €1,250" in text


def test_openers_come_from_the_journal(
    journal: Journal, carla_and_dan: dict[str, str], clock: FakeClock
) -> None:
    brief = journal.briefs.brief(carla_and_dan["dan"])
    last_time = (clock() - timedelta(days=20)).astimezone()
    due = brief.my_promises[0].due_on
    assert due is not None
    assert brief.openers == (
        f"Ask how the carve-out timeline is going (last time: {last_time.day} {last_time:%b}).",
        "Ask Dan how this stands now: “Carve-out of the European business by Q3”.",
        f"Bring what you promised: Send the TSA checklist (due {due.day} {due:%b}).",
        "Gently check on what Dan offered: Introduce me to the CEO.",
        "Thank Dan for introducing you to Carla Connector — say how it went (Led to an interim assignment).",
        "Mention what you share: “Both sail on the IJsselmeer”.",
    )


def test_openers_quote_long_notes_as_one_trimmed_sentence(journal: Journal) -> None:
    """A long, multi-sentence note is quoted by its first sentence, cut at a word, never pasted whole."""
    world = (
        "Post-merger integration   of the two   finance teams is behind plan, the CFO is under pressure "
        "from the PE owner and the auditors. Also: new ERP. Also: hiring freeze."
    )
    person = journal.contacts.create(
        "Rita Long",
        their_world=world,
        common_ground="Grew up in Porto. Both have kids at the same school.",
        how_i_can_help="Share my integration playbook",
    )
    openers = journal.briefs.brief(person).openers
    assert openers[0] == (
        "Ask Rita how this stands now: “Post-merger integration of the two finance teams is behind plan, "
        "the CFO is under pressure…”."
    )
    assert openers[1] == "Mention what you share: “Grew up in Porto”."
    assert openers[2] == "Offer your help: “Share my integration playbook”."
    for opener in openers:
        assert "  " not in opener and "Also:" not in opener and len(opener) < 140


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Short note.", "Short note"),
        ("  spaced\tout   words  ", "spaced out words"),
        ("x" * 200, "x" * 90 + "…"),  # one endless word: cut anyway
        ("First line\nsecond line", "First line"),
        ("", ""),
    ],
)
def test_trimmed(text: str, expected: str) -> None:
    assert trimmed(text) == expected


@pytest.mark.parametrize(
    ("status", "ended_on", "dates"),
    [
        ("won", date(2025, 6, 30), ", 6 Jan 2025 → 30 Jun 2025"),
        ("won", None, ", 6 Jan 2025 → ongoing"),
        ("lost", None, ", 6 Jan 2025"),  # not "→ open": a lost opportunity is over
        ("interview", None, ", since 6 Jan 2025"),
    ],
)
def test_opportunity_dates_read_right_for_its_status(
    journal: Journal, clock: FakeClock, status: str, ended_on: date | None, dates: str
) -> None:
    uuid = journal.opportunities.create(
        "Interim CFO", status=status, source="network", started_on=date(2025, 1, 6), ended_on=ended_on
    )
    line = _opportunity(journal.opportunities.get(uuid), clock().date())
    assert line == f"Interim CFO — {status} (network){dates}"


def test_long_silence_and_an_empty_record(journal: Journal, clock: FakeClock) -> None:
    quiet = journal.contacts.create("Quentin Quiet", common_ground="Cello in an amateur orchestra")
    journal.conversations.log(
        [quiet], "Caught up after a long time.", occurred_at=clock() - timedelta(days=400)
    )
    brief = journal.briefs.brief(quiet)
    assert brief.openers[0] == "It has been 13 months since you last spoke — ask Quentin what has changed."
    assert brief.openers[1].startswith("Pick up where you left off on ") and brief.openers[1].endswith(
        ": “Caught up after a long time”."
    )
    assert brief.openers[2] == "Mention what you share: “Cello in an amateur orchestra”."

    empty = journal.briefs.brief(journal.contacts.create("New Nina"))
    assert empty.openers == () and empty.conversations == ()
    text = render_text(empty)
    assert text.count("Nothing recorded yet.") == 9  # every section but give & take's verdict
    assert "never spoken" in text


@pytest.mark.parametrize(
    ("sentence", "topic"),
    [
        ("Coffee to talk about the carve-out timeline and who owns the TSA exit", "the carve-out timeline"),
        ("Long walk; we discussed their successor question", "their successor question"),
        ("Follow-up on hiring a transformation manager, six months", "hiring a transformation manager"),
        ("Quick call about my availability from March", "my availability from March"),
        ("Caught up after a long time", None),
        ("Met on Tuesday", None),
    ],
)
def test_conversation_topic(sentence: str, topic: str | None) -> None:
    assert conversation_topic(sentence) == topic


def test_first_sentence() -> None:
    assert first_sentence("Lunch. Then more.") == "Lunch"
    assert first_sentence("Line one\nLine two") == "Line one"
    assert first_sentence("Is it done? Yes.") == "Is it done?"
    assert first_sentence("  ") == ""


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_everything(journal: Journal, clock: FakeClock) -> None:
    hostile = journal.contacts.create(
        "<script>alert(1)</script> & Co",
        organisation="<b>Evil</b> Ltd",
        common_ground='"quotes" & <img src=x onerror=alert(1)>',
    )
    journal.conversations.log(
        [hostile], "Talked about <iframe>.\nSecond line", occurred_at=clock() - timedelta(days=1)
    )
    brief: Brief = journal.briefs.brief(hostile)
    page = render_html(brief)
    collector = _Collector()
    collector.feed(page)
    assert set(collector.tags) <= {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "h1",
        "h2",
        "p",
        "ul",
        "li",
        "br",
    }
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "Talked about &lt;iframe&gt;.<br>Second line" in page
    text = "".join(collector.text)
    assert "<script>alert(1)</script> & Co" in text  # the user's text, intact once decoded
    assert all(title in text for title in ("Common ground", "Openers", "Last conversations", "Give and take"))


# -- the command line --------------------------------------------------------------------------
@pytest.fixture
def cli_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "journal"
    assert run(folder, "init").returncode == 0
    return folder


def test_brief_command(cli_folder: Path) -> None:
    assert run(cli_folder, "add", "Carla Connector").returncode == 0
    added = run(
        cli_folder,
        "add",
        "Dan Client",
        "--org",
        "Helios Energy",
        "--kind",
        "client",
        "--common-ground",
        "Both sail on the IJsselmeer",
        "--introduced-by",
        "carla",
    )
    assert added.returncode == 0, added.stderr
    when = (datetime.now() - timedelta(days=3)).isoformat(timespec="minutes")
    logged = run(
        cli_folder,
        "log",
        "dan",
        "--note",
        "Lunch; mostly about the ERP go-live",
        "--when",
        when,
        "--follow-up",
        "Send the ERP article",
        "--due",
        date.today().isoformat(),
    )
    assert logged.returncode == 0, logged.stderr
    journal = open_with_secret(cli_folder, PASSPHRASE)  # what the CLI cannot record yet
    try:
        dan = journal.contacts.find_by_name("Dan Client").uuid
        carla = journal.contacts.find_by_name("Carla Connector").uuid
        journal.introductions.record(direction="received", introducer=carla, introduced=dan)
    finally:
        journal.close()

    result = run(cli_folder, "brief", "dan client")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Dan Client\n")
    assert "Helios Energy · client" in out
    assert "Introduced by Carla Connector" in out
    assert "  - Both sail on the IJsselmeer" in out
    assert "Ask how the ERP go-live is going" in out
    assert "You promised: Send the ERP article (due " in out
    assert "Lunch; mostly about the ERP go-live" in out

    carla_brief = run(cli_folder, "brief", "carla").stdout
    assert "You have received none" not in carla_brief
    assert "Introduced you to: Dan Client" in carla_brief


def test_brief_command_names(cli_folder: Path) -> None:
    run(cli_folder, "add", "Anna Müller", "--org", "Helios")
    run(cli_folder, "add", "Anna Schmidt")
    ambiguous = run(cli_folder, "brief", "anna")
    assert ambiguous.returncode == 1
    assert ambiguous.stdout == ""
    assert ambiguous.stderr.count("\n") == 1 and "Traceback" not in ambiguous.stderr
    assert "matches 2 contacts" in ambiguous.stderr
    assert "Anna Müller (Helios)" in ambiguous.stderr and "Anna Schmidt" in ambiguous.stderr
    unknown = run(cli_folder, "brief", "Zed")
    assert unknown.returncode == 1 and "No contact named 'Zed'" in unknown.stderr
    assert run(cli_folder, "brief").returncode == 2
