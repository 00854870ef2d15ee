"""Importing people from Google, Outlook, LinkedIn and vCard files: fields, merging, bad input."""

from __future__ import annotations

import random
import shutil
from datetime import date
from pathlib import Path

import pytest

from netjournal.errors import ImportFormatError, OperationCancelled, ValidationError
from netjournal.importexport.contacts_csv import google_tags, linkedin_date
from netjournal.importexport.importer import apply_import, import_file, prepare_import
from netjournal.importexport.plan import Action, ImportFormat
from netjournal.services.journal import Journal
from netjournal.services.records import ContactRecord
from tests.unit.io_support import DATA, counting_cancel, snapshot


def people(journal: Journal) -> dict[str, ContactRecord]:
    return {c.name: journal.contacts.get(c.uuid) for c in journal.contacts.list(include_archived=True)}


# -- each format -------------------------------------------------------------------------------
def test_google_current_layout(journal: Journal) -> None:
    plan = import_file(journal, DATA / "google-contacts.csv")
    assert plan.format is ImportFormat.GOOGLE
    assert plan.count(Action.CREATE, "contacts") == 3
    found = people(journal)
    priya = found["Priya Raman"]
    assert priya.organisation == "Harbour Interim Partners"
    assert priya.role == "Senior Consultant"
    assert priya.emails == ("priya.raman@harbour-interim.example", "priya.r@mail.example")
    assert priya.phones == ("+44 7700 900123",)
    assert priya.links == ("https://www.linkedin.com/in/priya-raman-example",)
    assert priya.notes == "Met at the IIM breakfast.\nPlaces finance directors; prefers calls before 9."
    assert priya.tags == ("Intermediaries",)  # "* myContacts" is Google's, not a label
    tomas = found["Tomás Ó Briain"]
    assert tomas.location == "Dublin, Ireland"
    assert tomas.tags == ("Clients", "Logistics")
    assert tomas.notes == "Birthday: 1975-04-12"
    helen = found["Helen Ward"]
    assert helen.organisation == "Ward & Co"
    assert helen.notes == 'Runs a "first Friday" networking lunch, Leeds'
    assert helen.tags == ()


def test_google_older_layout(journal: Journal) -> None:
    plan = import_file(journal, DATA / "google-contacts-legacy.csv")
    assert plan.format is ImportFormat.GOOGLE
    found = people(journal)
    assert set(found) == {"Greta Lindström", "Jean Dupont", "only.an.address@example.org"}
    greta = found["Greta Lindström"]
    # Two addresses in one cell (" ::: "), and row 4 is the same person (same e-mail, other case).
    assert greta.emails == ("greta@lindstrom.example", "g.lindstrom@mail.example")
    assert greta.phones == ("+46 70 111 2233", "+46 8 555 0100")
    assert greta.tags == ("Board network", "Sailing")
    assert greta.organisation == "Lindström Advisory" and greta.role == "Partner"
    assert greta.location == "Stockholm, Sweden"
    assert greta.notes == "Chairs two boards.\nSails every summer."
    jean = found["Jean Dupont"]
    assert jean.tags == ("Friends",)  # "My Contacts" and "Imported on 3/14" are Google's own
    assert jean.notes == "Birthday: 1971-07-14"
    merged = plan.items_for(Action.MERGE)
    assert [(i.label, i.origin) for i in merged] == [("Greta Lindström", "row 4")]
    assert "same person as row 2" in merged[0].reason
    skipped = plan.items_for(Action.SKIP)
    assert [(i.origin, i.reason) for i in skipped] == [("row 5", "no name and no e-mail address")]


def test_outlook(journal: Journal) -> None:
    plan = import_file(journal, DATA / "outlook-contacts.csv")
    assert plan.format is ImportFormat.OUTLOOK
    found = people(journal)
    sanjay = found["Sanjay Mehta"]
    assert sanjay.emails == ("s.mehta@crestline.example",)
    assert sanjay.phones == ("+44 7700 900456",)
    assert (sanjay.organisation, sanjay.role, sanjay.location) == (
        "Crestline Executive Interim",
        "Managing Partner",
        "Manchester",
    )
    assert sanjay.notes == "Introduced by Priya Raman\nHobby: Cycling"
    ingrid = found["Ingrid Berg"]
    assert ingrid.phones == ("+47 22 55 01 90",)
    assert ingrid.links == ("https://polaris.example",)
    assert (ingrid.organisation, ingrid.role) == ("Polaris Shipping", "CFO")
    assert ingrid.notes == "Birthday: 1980-09-30"


def test_linkedin_with_preamble_bom_and_crlf(journal: Journal) -> None:
    plan = import_file(journal, DATA / "linkedin-connections.csv")
    assert plan.format is ImportFormat.LINKEDIN
    assert [i.origin for i in plan.items_for(Action.CREATE)] == ["row 5", "row 6", "row 7"]
    found = people(journal)
    priya = found["Priya Raman"]
    assert priya.emails == ()  # LinkedIn leaves it blank
    assert priya.met_on == date(2021, 2, 3)
    assert priya.how_we_met == "LinkedIn"
    assert priya.links == ("https://www.linkedin.com/in/priya-raman-example",)
    assert found["Marcus Lindqvist"].emails == ("marcus.l@nordhavn.example",)
    assert found["Marcus Lindqvist"].met_on == date(2023, 11, 17)
    ada = found["Ada Okafor"]
    assert (ada.organisation, ada.role) == ("Okafor Advisory, Ltd", "Founder & Interim CFO")
    assert ada.met_on == date(2024, 6, 9)


def test_linkedin_older_export_without_url(journal: Journal) -> None:
    plan = import_file(journal, DATA / "linkedin-connections-old.csv")
    assert plan.format is ImportFormat.LINKEDIN
    found = people(journal)
    assert found["Kofi Mensah"].met_on == date(2018, 3, 14)
    assert found["Kofi Mensah"].links == ()
    assert found["Léa Fontaine"].organisation == "Fontaine, Roux & Associés"
    assert found["Léa Fontaine"].how_we_met == "LinkedIn"


def test_linkedin_dates() -> None:
    assert linkedin_date("03 Feb 2021") == date(2021, 2, 3)
    assert linkedin_date("3 Sept 2021") == date(2021, 9, 3)
    assert linkedin_date("2021-02-03") == date(2021, 2, 3)
    assert linkedin_date("31 Feb 2021") is None
    assert linkedin_date("soon") is None


def test_unreadable_linkedin_date_is_a_note_not_a_failure(journal: Journal, tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text("First Name,Last Name,Email Address,Company,Position,Connected On\nAna,Lima,,,,someday\n")
    plan = import_file(journal, path)
    assert plan.warnings == ["row 2: 'Connected On' 'someday' is not a date; left empty"]
    assert people(journal)["Ana Lima"].met_on is None


def test_vcard_30(journal: Journal) -> None:
    plan = import_file(journal, DATA / "contacts.vcf")
    assert plan.format is ImportFormat.VCARD
    found = people(journal)
    priya = found["Priya Raman"]
    assert priya.notes == "Places finance directors.\nPrefers calls before 9, not after."
    assert priya.tags == ("Finance", "Intermediaries")
    assert priya.phones == ("+44 7700 900123",)
    marcus = found["Marcus Lindqvist"]
    assert marcus.organisation == "Nordhavn Energy"  # "Transformation Office" is a department
    assert marcus.location == "Hellerup, Denmark"
    assert marcus.notes == "Birthday: 1979-02-28"


def test_vcard_21_quoted_printable_and_photo(journal: Journal) -> None:
    plan = import_file(journal, DATA / "contacts-v21.vcf")
    assert any("photo" in w for w in plan.warnings)
    found = people(journal)
    jurgen = found["Jürgen Müller"]
    assert jurgen.organisation == "Müller & Söhne GmbH"
    assert jurgen.role == "Geschäftsführer"
    assert jurgen.phones == ("+49 170 1234567", "+49 30 1234567")
    assert jurgen.location == "Köln, NRW, Deutschland"  # ISO-8859-1 inside quoted-printable
    assert jurgen.notes == (
        "Met at the Hannover fair.\nWants an interim CFO in Q3; budget is tight but the board is supportive."
    )
    ada = found["Ada Okafor"]
    assert ada.emails == ("ada@okafor.example",)  # item1.EMAIL
    assert ada.organisation == "Okafor Advisory, Ltd"  # vCard 2.1 does not escape commas


def test_vcard_40(journal: Journal) -> None:
    import_file(journal, DATA / "contacts-v40.vcf")
    zoe = people(journal)["Zoë Ångström"]
    assert zoe.emails == ("zoe@nordlys.example", "zoe.private@example.se")
    assert zoe.phones == ("+46-70-123-4567",)
    assert zoe.notes == (
        "Folded note about a long lunch in Gamla Stan that went on and on and on and on\n"
        "Second line, with a comma."
    )
    assert zoe.tags == ("Investors", "Nordics")
    assert zoe.links == ("https://nordlys.example/team/zoe",)


def test_unescaped_commas_are_kept(journal: Journal, tmp_path: Path) -> None:
    path = tmp_path / "old.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ana Lima\r\nTITLE:Director, Finance\r\n"
        "NOTE:Call me, please; soon\r\nEND:VCARD\r\n"
    )
    import_file(journal, path)
    ana = people(journal)["Ana Lima"]
    assert (ana.role, ana.notes) == ("Director, Finance", "Call me, please; soon")


def test_windows_1252_is_decoded_not_mangled(journal: Journal) -> None:
    plan = import_file(journal, DATA / "outlook-contacts-cp1252.csv")
    assert plan.encoding == "cp1252"
    assert any("Windows-1252" in w for w in plan.warnings)
    found = people(journal)
    jurgen = found["Jürgen Müller"]
    assert jurgen.organisation == "Müller & Söhne GmbH"
    assert jurgen.notes == "Budget: 5 000 € a month"
    assert jurgen.tags == ("Kunden", "Köln")  # in the order the journal lists them
    jose = found["José Señor"]
    assert jose.organisation == "Señor Café S.L."
    assert jose.location == "Sevilla, España"
    assert jose.notes == "Prefers “quotes” — and dashes"


def test_google_labels() -> None:
    assert google_tags("* myContacts ::: * starred ::: Clients ::: * Friends") == ["Clients", "Friends"]
    assert google_tags("System Group: My Contacts ::: Imported on 3/14 ::: Board") == ["Board"]


# -- merging and duplicates ------------------------------------------------------------------
SAMPLES = [
    "google-contacts.csv",
    "google-contacts-legacy.csv",
    "outlook-contacts.csv",
    "outlook-contacts-cp1252.csv",
    "linkedin-connections.csv",
    "linkedin-connections-old.csv",
    "contacts.vcf",
    "contacts-v21.vcf",
    "contacts-v40.vcf",
]


@pytest.mark.parametrize("name", SAMPLES)
def test_importing_the_same_file_twice_adds_nothing(journal: Journal, name: str) -> None:
    first = import_file(journal, DATA / name)
    assert first.count(Action.CREATE, "contacts") > 0
    before = snapshot(journal)
    second = import_file(journal, DATA / name)
    assert second.count(Action.CREATE) == second.count(Action.MERGE) == 0
    assert second.count(Action.SKIP) > 0
    assert snapshot(journal) == before


def test_every_sample_together_makes_no_duplicates(journal: Journal) -> None:
    for name in SAMPLES:
        import_file(journal, DATA / name)
    names = [c.name for c in journal.contacts.list()]
    assert len(names) == len(set(names)), names
    priya = people(journal)["Priya Raman"]
    # Google first: LinkedIn and the vCard only filled what was empty and added what was new.
    assert priya.notes == "Met at the IIM breakfast.\nPlaces finance directors; prefers calls before 9."
    assert priya.met_on == date(2021, 2, 3) and priya.how_we_met == "LinkedIn"
    assert priya.tags == ("Finance", "Intermediaries")
    assert priya.emails == ("priya.raman@harbour-interim.example", "priya.r@mail.example")


def test_merging_fills_empty_fields_and_never_overwrites(journal: Journal) -> None:
    uuid = journal.contacts.create(
        "Priya Raman",
        organisation="Harbour Interim Partners",
        role="Partner",
        notes="My own notes",
        emails=["old@harbour.example"],
        tags=["Mentors"],
    )
    plan = import_file(journal, DATA / "google-contacts.csv")
    (merged,) = plan.items_for(Action.MERGE)
    assert "already in the journal as Priya Raman (same name and organisation)" in merged.reason
    assert "adds e-mail priya.raman@harbour-interim.example" in merged.reason
    priya = journal.contacts.get(uuid)
    assert priya.role == "Partner"
    assert priya.notes == "My own notes"
    assert priya.emails == (
        "old@harbour.example",
        "priya.raman@harbour-interim.example",
        "priya.r@mail.example",
    )
    assert priya.phones == ("+44 7700 900123",)
    assert priya.tags == ("Intermediaries", "Mentors")
    assert journal.stats()["contacts"] == 3


def test_a_name_alone_matches_only_without_organisation(journal: Journal, tmp_path: Path) -> None:
    journal.contacts.create("Ana Lima", organisation="Acme")
    path = tmp_path / "c.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ana Lima\nORG:Other Co\nEND:VCARD\n")
    import_file(journal, path)
    assert journal.stats()["contacts"] == 2  # same name, other organisation: another person


def test_dry_run_writes_nothing(journal: Journal) -> None:
    import_file(journal, DATA / "google-contacts.csv")
    before = snapshot(journal)
    plan = import_file(journal, DATA / "linkedin-connections.csv", dry_run=True)
    assert not plan.applied
    assert plan.count(Action.CREATE) == 2 and plan.count(Action.MERGE) == 1
    assert snapshot(journal) == before
    lines = plan.report_lines()
    assert lines[0] == "Would import from linkedin-connections.csv (LinkedIn Connections.csv):"
    assert "  contacts: 2 to create, 1 to merge" in lines


def test_preview_then_apply_uses_the_same_plan(journal: Journal) -> None:
    plan = prepare_import(journal, DATA / "google-contacts.csv")
    assert journal.stats()["contacts"] == 0
    done = apply_import(journal, plan)
    assert done.applied and done.items == plan.items
    assert "  contacts: 3 created" in done.report_lines()
    with pytest.raises(ValueError, match="not applied yet"):
        apply_import(journal, done)


def test_one_change_notification_per_import(journal: Journal) -> None:
    seen = []
    journal.changes.subscribe(seen.append)
    import_file(journal, DATA / "google-contacts-legacy.csv")
    assert len(seen) == 1
    assert "contacts" in seen[0].kinds
    import_file(journal, DATA / "google-contacts-legacy.csv")  # nothing new: no notification
    assert len(seen) == 1


def test_progress_and_cancel(journal: Journal) -> None:
    import_file(journal, DATA / "google-contacts.csv")
    before = snapshot(journal)
    plan = prepare_import(journal, DATA / "google-contacts-legacy.csv")
    with pytest.raises(OperationCancelled):
        apply_import(journal, plan, cancelled=counting_cancel(4))  # after two people were written
    assert snapshot(journal) == before
    seen: list[tuple[int, int]] = []
    apply_import(journal, plan, progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)
    assert journal.stats()["contacts"] == 6


# -- bad input -----------------------------------------------------------------------------
GOOGLE_HEADER = (DATA / "google-contacts.csv").read_text(encoding="utf-8").splitlines()[0]


def _garbage() -> bytes:
    return random.Random(5).randbytes(4000)


BAD_FILES = [
    pytest.param(
        "unbalanced.csv",
        (GOOGLE_HEADER + "\r\nAna,,Lima" + "," * 33 + "\r\n" + '"Bo,,Lind' + "," * 33 + "\r\n").encode(),
        ["unbalanced.csv: row 3 (from line 3)", "unbalanced quotes"],
        id="unbalanced-quotes",
    ),
    pytest.param(
        "quotes.csv",
        (GOOGLE_HEADER + '\r\n"Ana"x,,Lima' + "," * 33 + "\r\n").encode(),
        ["quotes.csv: row 2", "closing quote is followed by more text"],
        id="text-after-quote",
    ),
    pytest.param(
        "columns.csv",
        (GOOGLE_HEADER + "\r\nAna,,Lima" + "," * 33 + "\r\nBo,,Lind" + "," * 30 + "\r\n").encode(),
        ["columns.csv: row 3 has 33 cells but the header has 34"],
        id="wrong-columns",
    ),
    pytest.param("garbage.csv", _garbage(), ["garbage.csv", "binary file"], id="binary-garbage"),
    pytest.param(
        "mixed.csv",
        b"First Name,Last Name,Connected On\nAna,Lima,01 Jan 2020\n" + b"\x81\x8d\xff\n",
        ["mixed.csv", "neither UTF-8 nor Windows-1252", "byte 0x81"],
        id="not-utf8-nor-cp1252",
    ),
    pytest.param(
        "unknown.csv",
        b"Vorname,Nachname\nAna,Lima\n",
        ["unknown.csv", "no header row of a Google, Outlook or LinkedIn contacts export"],
        id="unknown-columns",
    ),
    pytest.param(
        "contacts.csv",
        b"uuid,created_at,updated_at,name\r\n",
        ["contacts.csv", "one file of a NetJournal backup"],
        id="one-backup-file",
    ),
    pytest.param(
        "broken.vcf",
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo\r\n",
        ["broken.vcf: card 2", "no END:VCARD"],
        id="vcard-not-closed",
    ),
    pytest.param(
        "garbled.vcf",
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nthis line means nothing\r\nEND:VCARD\r\n",
        ["garbled.vcf: card 1 (line 4)", "not a vCard property"],
        id="vcard-garbled-line",
    ),
    pytest.param(
        "charset.vcf",
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=KLINGON;ENCODING=QUOTED-PRINTABLE:A=C3=BC\r\nEND:VCARD\r\n",
        ["charset.vcf: card 1 (line 3)", "cannot be decoded"],
        id="vcard-unknown-charset",
    ),
    pytest.param(
        "empty.vcf", b"BEGIN:VCARD\r\n", ["empty.vcf: card 1", "no END:VCARD"], id="vcard-cut-short"
    ),
    pytest.param(
        "backup.zip", b"PK\x03\x04 not really a zip", ["backup.zip: not a readable zip"], id="bad-zip"
    ),
]


@pytest.mark.parametrize(("name", "data", "phrases"), BAD_FILES)
def test_bad_input_changes_nothing_and_says_where(
    journal: Journal, tmp_path: Path, name: str, data: bytes, phrases: list[str]
) -> None:
    import_file(journal, DATA / "google-contacts.csv")
    before = snapshot(journal)
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ImportFormatError) as caught:
        import_file(journal, path)
    message = str(caught.value)
    assert "\n" not in message
    for phrase in phrases:
        assert phrase in message
    assert snapshot(journal) == before


def test_explicit_format_must_match(journal: Journal, tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match=r"no header row of LinkedIn Connections\.csv"):
        import_file(journal, DATA / "google-contacts.csv", "linkedin")
    with pytest.raises(ImportFormatError, match="not a vCard file"):
        import_file(journal, DATA / "google-contacts.csv", "vcard")
    with pytest.raises(ImportFormatError, match="not a NetJournal CSV backup"):
        import_file(journal, DATA / "google-contacts.csv", "netjournal")
    with pytest.raises(ValidationError, match="Unknown import format"):
        import_file(journal, DATA / "google-contacts.csv", "excel")
    with pytest.raises(ImportFormatError, match="no such file"):
        import_file(journal, tmp_path / "nowhere.csv")
    folder = tmp_path / "folder"
    folder.mkdir()
    shutil.copy(DATA / "google-contacts.csv", folder)
    with pytest.raises(ImportFormatError, match="not a NetJournal CSV backup"):
        import_file(journal, folder)
    # Explicitly named, it reads the same as detected.
    assert import_file(journal, DATA / "google-contacts.csv", "google").count(Action.CREATE) == 3
    assert journal.stats()["contacts"] == 3


def test_semicolon_separated_excel_csv(journal: Journal, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(
        '"First Name";"Last Name";"E-mail Address";"Company";"Notes"\r\n'
        '"Jürgen";"Müller";"jm@example.de";"Müller; Söhne";"Grüße"\r\n'.encode("cp1252")
    )
    plan = import_file(journal, path)
    assert plan.format is ImportFormat.OUTLOOK
    jurgen = people(journal)["Jürgen Müller"]
    assert (jurgen.organisation, jurgen.notes) == ("Müller; Söhne", "Grüße")
