"""The pre-meeting brief window: Ctrl+B from the card, Save as PDF (a valid PDF), errors shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog

from netjournal.services.brief import render_html
from netjournal.services.journal import Journal
from netjournal.ui import messages
from netjournal.ui.main_window import MainWindow
from netjournal.ui.network import brief as brief_module
from netjournal.ui.network.brief import BriefWindow, write_pdf


@pytest.fixture
def carla(journal: Journal) -> str:
    uuid = journal.contacts.create(
        "Carla <Introducer>",
        organisation="Helios Energy",
        role="CFO",
        common_ground="Both sail on the IJsselmeer",
        their_world="Refinancing before the summer",
    )
    journal.conversations.log([uuid], "Coffee about the refinancing and who leads the TSA exit")
    return uuid


def test_ctrl_b_opens_the_brief_and_reuses_its_window(
    qtbot, window: MainWindow, journal: Journal, carla: str
) -> None:
    window.open_contact(carla)
    assert window.brief_action.isEnabled()
    assert window.brief_action.shortcut() == QKeySequence("Ctrl+B")
    with qtbot.waitSignal(window.briefs.opened, timeout=3000):
        window.brief_action.trigger()
    brief = window.briefs.windows[carla]
    assert brief.isVisible()
    assert "Brief: Carla <Introducer>" in brief.windowTitle()
    text = brief.browser.toPlainText()
    assert "Both sail on the IJsselmeer" in text and "Refinancing before the summer" in text
    assert brief.html == render_html(journal.briefs.brief(carla))
    # The card's button opens the same window again rather than a second one.
    window.card.brief_button.click()
    assert list(window.briefs.windows) == [carla]


def test_brief_follows_changes_and_a_deleted_contact(
    qtbot, window: MainWindow, journal: Journal, carla: str
) -> None:
    brief = BriefWindow(journal, window.changes, carla, window)
    qtbot.addWidget(brief)
    brief.show()
    with qtbot.waitSignal(window.changes.changed, timeout=3000):
        journal.contacts.update(carla, common_ground="Both grew up in Delft")
    assert "Both grew up in Delft" in brief.browser.toPlainText()
    # A hidden brief does not rebuild on every change; it catches up when shown again.
    brief.hide()
    with qtbot.waitSignal(window.changes.changed, timeout=3000):
        journal.contacts.update(carla, common_ground="Both row on the Amstel")
    assert "Both grew up in Delft" in brief.browser.toPlainText()
    brief.show()
    assert "Both row on the Amstel" in brief.browser.toPlainText()
    with qtbot.waitSignal(window.changes.changed, timeout=3000):
        journal.contacts.delete(carla)
    assert "no longer in your journal" in brief.browser.toPlainText()
    assert not brief.pdf_action.isEnabled() and not brief.print_action.isEnabled()


@pytest.fixture
def brief(qtbot, window: MainWindow, journal: Journal, carla: str) -> BriefWindow:
    made = BriefWindow(journal, window.changes, carla, window)
    qtbot.addWidget(made)
    return made


def test_save_as_pdf_writes_a_valid_pdf(qtbot, tmp_path: Path, brief: BriefWindow) -> None:
    target = tmp_path / "brief.pdf"
    with qtbot.waitSignal(brief.pdfSaved, timeout=5000):
        brief.save_pdf(target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]
    assert len(data) > 1000


def test_save_as_pdf_warns_first_and_adds_the_extension(
    qtbot, monkeypatch, tmp_path: Path, brief: BriefWindow
) -> None:
    warnings: list[str] = []

    def confirm(_parent, _title, text, _action, **_kw) -> bool:
        warnings.append(text)
        return len(warnings) > 1  # the first time the user says no

    monkeypatch.setattr(messages, "confirm", confirm)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(tmp_path / "carla"), ""))
    )
    brief.ask_and_save_pdf()
    assert not (tmp_path / "carla.pdf").exists()
    with qtbot.waitSignal(brief.pdfSaved, timeout=5000):
        brief.ask_and_save_pdf()
    assert "not encrypted" in warnings[0]
    assert (tmp_path / "carla.pdf").read_bytes().startswith(b"%PDF-")


def test_unwritable_place_is_reported(monkeypatch, tmp_path: Path, brief: BriefWindow) -> None:
    shown: list[str] = []
    monkeypatch.setattr(brief_module.messages, "show_error", lambda _p, error, **_k: shown.append(str(error)))
    brief.save_pdf(tmp_path / "missing-folder" / "brief.pdf")
    assert shown and "Cannot write" in shown[0]
    with pytest.raises(brief_module.PdfWriteError):
        write_pdf("<p>x</p>", tmp_path / "missing-folder" / "again.pdf")


def test_no_contact_no_brief(window: MainWindow) -> None:
    window.open_contact(None)
    assert not window.brief_action.isEnabled()
    window.show_brief()
    assert window.briefs.windows == {}
