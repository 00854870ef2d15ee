"""Every item model passes qtmodeltester; the contact list and timeline load lazily."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt

from netjournal.services.journal import Journal
from netjournal.ui.contact_list import (
    SUMMARY_ROLE,
    UUID_ROLE,
    ContactListModel,
    ContactQuery,
    PeopleListModel,
)
from netjournal.ui.dialogs.contact_picker import ContactChoicesModel
from netjournal.ui.organisations import OrganisationListModel
from netjournal.ui.search import HIT_ROLE, SearchResultsModel
from netjournal.ui.timeline import RECORD_ROLE, ConversationTimelineModel

WHEN = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


@pytest.fixture
def people(journal: Journal) -> list[str]:
    uuids = []
    for i in range(12):
        uuids.append(
            journal.contacts.create(
                f"Person {i:02d}",
                organisation="Acme" if i % 2 else "Globex",
                kind="client" if i % 3 == 0 else "peer",
                tags=["board"] if i % 4 == 0 else [],
            )
        )
    return uuids


def test_contact_list_model_pages_and_passes_modeltester(qtmodeltester, journal: Journal, people) -> None:
    model = ContactListModel(journal)
    model.PAGE = 5
    model.reload(keep_loaded=False)
    assert model.rowCount() == 5 and model.total == 12
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 10
    qtmodeltester.check(model)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert [model.index(r, 0).data() for r in range(3)] == ["Person 00", "Person 01", "Person 02"]
    assert model.rowCount() == 12
    assert model.index(0, 0).data(UUID_ROLE) == people[0]
    assert model.index(0, 0).data(SUMMARY_ROLE).organisation == "Globex"
    assert "Globex" in model.index(0, 0).data(Qt.ItemDataRole.AccessibleTextRole)


def test_contact_list_filters_and_sorts(journal: Journal, people, clock) -> None:
    model = ContactListModel(journal)
    model.set_query(ContactQuery(kind="client"))
    assert model.total == 4
    model.set_query(ContactQuery(tag="board"))
    assert {model.index(r, 0).data() for r in range(model.rowCount())} == {
        "Person 00",
        "Person 04",
        "Person 08",
    }
    journal.conversations.log([people[7]], "Lunch", occurred_at=clock() - timedelta(days=1))
    model.set_query(ContactQuery(sort="last_contact"))
    assert model.index(0, 0).data() == "Person 07"
    journal.contacts.set_archived(people[7], True)
    model.reload()
    assert model.total == 11
    model.set_query(ContactQuery(sort="last_contact", show_archived=True))
    assert model.total == 12 and model.index(0, 0).data(SUMMARY_ROLE).archived


def test_timeline_model_newest_first_and_lazy(qtmodeltester, journal: Journal, people) -> None:
    for day in range(7):
        journal.conversations.log([people[0]], f"Talk {day}", occurred_at=WHEN + timedelta(days=day))
    model = ConversationTimelineModel(journal)
    model.PAGE = 3
    model.set_contact(people[0])
    assert model.total == 7 and model.rowCount() == 3
    assert model.index(0, 0).data() == "Talk 6"
    qtmodeltester.check(model)
    oldest = journal.conversations.timeline(people[0])[-1].uuid
    row = model.row_of(oldest, load=True)
    assert row == 6 and model.index(6, 0).data(RECORD_ROLE).summary == "Talk 0"
    model.set_contact(None)
    assert model.rowCount() == 0


def test_search_results_model(qtmodeltester, journal: Journal, people) -> None:
    journal.contacts.update(people[3], common_ground="Both sail on the Ijsselmeer")
    model = SearchResultsModel()
    hits = journal.search.search("sail")
    model.set_hits("sail", hits)
    assert model.rowCount() == 1
    assert model.index(0, 0).data(HIT_ROLE).uuid == people[3]
    assert "Ijsselmeer" in model.index(0, 0).data(Qt.ItemDataRole.AccessibleTextRole)
    qtmodeltester.check(model)


def test_organisation_models(qtmodeltester, journal: Journal, people) -> None:
    model = OrganisationListModel(journal)
    model.reload()
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["Acme", "Globex"]
    qtmodeltester.check(model)
    people_model = PeopleListModel()
    acme = model.index(0, 0).data(UUID_ROLE)
    people_model.set_people(journal.organisations.people(acme))
    assert people_model.rowCount() == 6
    qtmodeltester.check(people_model)


def test_contact_choices_model(qtmodeltester, journal: Journal, people) -> None:
    model = ContactChoicesModel(journal, exclude={people[1]})
    model.set_text("person")
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert len(names) == 11 and "Person 01" not in names
    qtmodeltester.check(model)
    model.set_text("")
    assert model.rowCount() == 11


def test_snippet_runs_keep_the_first_match_in_view() -> None:
    from netjournal.services.records import HIT_END, HIT_START
    from netjournal.ui.painting import focus_on_first_match, marked_runs

    text = f"…a long preamble about many other things before the {HIT_START}sailing{HIT_END} trip"
    runs = marked_runs(text)
    assert runs[1] == ("sailing", True)
    focused = focus_on_first_match(runs, 12)
    assert focused[0][0].startswith("…") and len(focused[0][0]) <= 13
    assert focused[1] == ("sailing", True)
    assert focus_on_first_match(runs, 500) == runs
