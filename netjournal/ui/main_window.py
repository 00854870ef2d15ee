"""The main window: contacts on the left, the card in the middle, the timeline on the right."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTextEdit,
    QToolBar,
    QWidget,
)

from netjournal import __version__
from netjournal.errors import NetJournalError, NotFoundError
from netjournal.services.records import PersonRef, SearchHit
from netjournal.services.vocabulary import CONTACT_KINDS
from netjournal.ui import messages
from netjournal.ui.changes import ExternalChangeWatcher
from netjournal.ui.contact_card import ContactCard
from netjournal.ui.contact_list import ContactListPane, ContactQuery
from netjournal.ui.dialogs.contact_dialog import NewContactDialog
from netjournal.ui.dialogs.contact_picker import ContactPickerDialog
from netjournal.ui.dialogs.conversation_dialog import ConversationDialog
from netjournal.ui.dialogs.merge_dialog import MergeDialog
from netjournal.ui.dialogs.preferences import PreferencesDialog, apply_saved_theme
from netjournal.ui.icons import app_icon, line_icon
from netjournal.ui.import_export import DataTransfers
from netjournal.ui.network.brief import BriefWindows
from netjournal.ui.network.page import NetworkPage
from netjournal.ui.organisations import OrganisationsPage
from netjournal.ui.search import SearchController, SearchField, SearchResultsPane
from netjournal.ui.tasks import Task, run_with_progress
from netjournal.ui.timeline import TimelinePane
from netjournal.ui.today import TodayPage

if TYPE_CHECKING:
    from netjournal.security.keystore import KeyStore
    from netjournal.services.journal import Journal
    from netjournal.ui.changes import ChangeSignal
    from netjournal.ui.settings import UiSettings
    from netjournal.ui.today import DueReportSource

log = logging.getLogger(__name__)

TITLE = "NetJournal"
DEMO_CONTACTS, DEMO_CONVERSATIONS = 120, 900


def standard_shortcut(key: QKeySequence.StandardKey, fallback: str) -> list[QKeySequence]:
    """The platform's shortcut for ``key``, or ``fallback`` where the platform has none."""
    bindings = QKeySequence.keyBindings(key)
    return bindings if bindings else [QKeySequence(fallback)]


class MainWindow(QMainWindow):
    """NetJournal's main window.

    Signals:
        searchShown(int): search results were displayed (their count) — for tests and timing.
        contactShown(str): the card and timeline now show this contact.
    """

    searchShown = Signal(int)
    contactShown = Signal(str)

    def __init__(
        self,
        journal: Journal,
        changes: ChangeSignal,
        settings: UiSettings,
        keystore: KeyStore,
        parent: QWidget | None = None,
        *,
        due_source: DueReportSource | None = None,
    ) -> None:
        super().__init__(parent)
        self._due_source = due_source
        # Set by the app: opens its quick-entry window (else Quick entry falls back to the dialog).
        self.quick_entry_handler: Any = None
        self.journal = journal
        self.changes = changes
        self.settings = settings
        self.keystore = keystore
        self._dialog: Any = None  # the dialog currently open (tests look here)
        self._task: Task | None = None
        self.setWindowTitle(TITLE)
        self.setWindowIcon(app_icon())
        self.setObjectName("mainWindow")
        self.setUnifiedTitleAndToolBarOnMac(True)

        self.search = SearchController(journal, self)
        # Writes by other processes (the command line) reach the views like our own.
        self.external_changes = ExternalChangeWatcher(journal, changes, self)
        self._build_pages()
        self._build_actions()
        self.transfers = DataTransfers(self)
        apply_saved_theme()  # the look chosen in Preferences, before the window is first drawn
        self._build_toolbar()
        self._build_menus()
        self._connect()
        self._restore()

    # -- building ---------------------------------------------------------------------------
    def _build_pages(self) -> None:
        self.contact_list = ContactListPane(self.journal, self.changes, self)
        self.search_results = SearchResultsPane(self)
        self.left = QStackedWidget(self)
        self.left.addWidget(self.contact_list)
        self.left.addWidget(self.search_results)
        self.card = ContactCard(self.journal, self.changes, self)
        self.timeline = TimelinePane(self.journal, self.changes, self)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("peopleSplitter")
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.card)
        self.splitter.addWidget(self.timeline)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 1)
        self.splitter.setSizes([310, 500, 470])
        self.left.setMinimumWidth(220)
        self.card.setMinimumWidth(300)
        self.timeline.setMinimumWidth(240)

        self.organisations = OrganisationsPage(self.journal, self.changes, self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.splitter)
        self.pages.addWidget(self.organisations)
        self.today = TodayPage(self.journal, self.changes, self, source=self._due_source)
        self.pages.addWidget(self.today)
        self.network = NetworkPage(self.journal, self.changes, self)
        self.pages.addWidget(self.network)
        self.briefs = BriefWindows(self.journal, self.changes, self)
        self.setCentralWidget(self.pages)
        self.statusBar().setSizeGripEnabled(True)

    def _action(
        self,
        text: str,
        slot: Any,
        shortcut: list[QKeySequence] | QKeySequence | str | None = None,
        *,
        icon: str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(QKeySequence(shortcut))
        if icon:
            action.setIcon(line_icon(icon, self.palette()))
            action.setData(icon)
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        sk = QKeySequence.StandardKey
        self.new_contact_action = self._action(
            "&New contact…",
            self.new_contact,
            QKeySequence(sk.New),
            icon="add-person",
            tip="Add a contact (Ctrl+N)",
        )
        self.log_action = self._action(
            "&Log conversation…",
            self.log_conversation,
            "Ctrl+L",
            icon="conversation",
            tip="Log a conversation with the selected contact (Ctrl+L)",
        )
        self.quick_entry_action = self._action(
            "&Quick entry…",
            self.open_quick_entry,
            "Ctrl+Shift+L",
            tip="Log a conversation with anyone, in the quick-entry window (Ctrl+Shift+L)",
        )
        self.find_action = self._action("&Find…", self.focus_search, QKeySequence(sk.Find), icon="search")
        self.save_action = self._action("&Save changes", self.card.save_pending, QKeySequence(sk.Save))
        # The text-editing commands, for the field that has the focus (the fields handle their
        # own keys first; the menu makes the commands visible and reachable by mouse).
        self.text_actions: dict[str, QAction] = {}
        for method, text, key in (
            ("undo", "&Undo", sk.Undo),
            ("redo", "&Redo", sk.Redo),
            ("cut", "Cu&t", sk.Cut),
            ("copy", "&Copy", sk.Copy),
            ("paste", "&Paste", sk.Paste),
            ("selectAll", "Select &All", sk.SelectAll),
        ):
            self.text_actions[method] = self._action(
                text, lambda m=method: self._edit_focused_text(m), QKeySequence.keyBindings(key)
            )
        self.delete_contact_action = QAction("&Delete contact…", self)
        self.delete_contact_action.setShortcut(QKeySequence(sk.Delete))
        self.delete_contact_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_contact_action.setIcon(line_icon("delete", self.palette()))
        self.delete_contact_action.setData("delete")
        self.delete_contact_action.triggered.connect(lambda _c=False: self.delete_contact())
        self.contact_list.view.addAction(self.delete_contact_action)
        self.archive_action = self._action("&Archive contact", self.toggle_archived, "Ctrl+E", icon="archive")
        self.merge_action = self._action("&Merge with…", self.merge_contact, "Ctrl+Shift+M", icon="merge")
        self.edit_conversation_action = self.timeline.edit_action
        self.delete_conversation_action = self.timeline.delete_action

        self.people_action = self._action(
            "&People", lambda: self.show_page("people"), "Ctrl+1", icon="people"
        )
        self.organisations_action = self._action(
            "&Organisations", lambda: self.show_page("organisations"), "Ctrl+2", icon="organisation"
        )
        self.network_action = self._action(
            "&Network",
            lambda: self.show_page("network"),
            "Ctrl+3",
            icon="merge",
            tip="Where work comes from, intermediaries, introductions and insights",
        )
        self.work_sources_action = self._action(
            "Where &work comes from", lambda: self.show_network("work"), "Ctrl+4"
        )
        self.intermediaries_action = self._action(
            "&Intermediaries", lambda: self.show_network("intermediaries"), "Ctrl+5"
        )
        self.intro_paths_action = self._action(
            "Who can intro&duce me?…", lambda: self.show_network("introductions"), "Ctrl+7"
        )
        self.insights_action = self._action("In&sights", lambda: self.show_network("insights"), "Ctrl+6")
        self.brief_action = self._action(
            "&Brief…",
            self.show_brief,
            "Ctrl+B",
            icon="brief",
            tip="Pre-meeting brief on the selected contact (Ctrl+B)",
        )
        self.today_action = self._action(
            "&Today", lambda: self.show_page("today"), "Ctrl+T", icon="done", tip="What is due today (Ctrl+T)"
        )
        group = QActionGroup(self)
        for action in (self.today_action, self.people_action, self.organisations_action, self.network_action):
            action.setCheckable(True)
            group.addAction(action)
        self.people_action.setChecked(True)
        self.show_archived_action = QAction("Show &archived contacts", self)
        self.show_archived_action.setCheckable(True)
        self.show_archived_action.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.show_archived_action.toggled.connect(self.contact_list.archived_check.setChecked)
        self.contact_list.archived_check.toggled.connect(self.show_archived_action.setChecked)
        self.addAction(self.show_archived_action)

        self.preferences_action = self._action(
            "&Preferences…", self.show_preferences, standard_shortcut(sk.Preferences, "Ctrl+,")
        )
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.quit_action = self._action("&Quit", self.quit_app, standard_shortcut(sk.Quit, "Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.demo_action = self._action("Load &demo data…", self.load_demo)
        self.remove_demo_action = self._action("&Remove demo data…", self.remove_demo)
        self.remove_demo_action.setEnabled(False)  # until the Help menu finds demo data
        self.about_action = self._action("&About NetJournal", self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def _build_toolbar(self) -> None:
        bar = QToolBar("Main", self)
        bar.setObjectName("mainToolBar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.addAction(self.today_action)
        bar.addAction(self.people_action)
        bar.addAction(self.organisations_action)
        bar.addAction(self.network_action)
        bar.addSeparator()
        self.search_field = SearchField(bar)
        self.search_field.setMinimumWidth(320)
        self.search_field.setMaximumWidth(640)
        self.search_field.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        left_space = QWidget(bar)
        left_space.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        left_space.setMaximumWidth(40)
        bar.addWidget(left_space)
        bar.addWidget(self.search_field)
        right_space = QWidget(bar)
        right_space.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(right_space)
        bar.addAction(self.new_contact_action)
        bar.addAction(self.log_action)
        self.addToolBar(bar)
        self.toolbar = bar

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.new_contact_action)
        file_menu.addAction(self.log_action)
        file_menu.addAction(self.quick_entry_action)
        file_menu.addSeparator()
        self.transfers.install(file_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.preferences_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        for method in ("undo", "redo", "", "cut", "copy", "paste", "selectAll", ""):
            if method:
                edit_menu.addAction(self.text_actions[method])
            else:
                edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        edit_menu.addAction(self.save_action)
        edit_menu.aboutToShow.connect(self._update_text_actions)
        contact_menu = bar.addMenu("&Contact")
        contact_menu.addAction(self.brief_action)
        contact_menu.addSeparator()
        contact_menu.addAction(self.archive_action)
        contact_menu.addAction(self.merge_action)
        contact_menu.addSeparator()
        contact_menu.addAction(self.delete_contact_action)
        conversation_menu = bar.addMenu("Con&versation")
        conversation_menu.addAction(self.log_action)
        conversation_menu.addAction(self.edit_conversation_action)
        conversation_menu.addAction(self.delete_conversation_action)
        view_menu = bar.addMenu("&View")
        view_menu.addAction(self.today_action)
        view_menu.addAction(self.people_action)
        view_menu.addAction(self.organisations_action)
        view_menu.addAction(self.network_action)
        view_menu.addSeparator()
        for action in (
            self.work_sources_action,
            self.intermediaries_action,
            self.intro_paths_action,
            self.insights_action,
        ):
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.show_archived_action)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.demo_action)
        help_menu.addAction(self.remove_demo_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)
        self._contact_menu = contact_menu
        contact_menu.aboutToShow.connect(self._update_actions)
        help_menu.aboutToShow.connect(self._update_actions)
        help_menu.aboutToShow.connect(self._update_demo_actions)

    def _edit_focused_text(self, method: str) -> None:
        """Undo, cut, paste… in the text field that has the focus (nothing elsewhere)."""
        command = getattr(QApplication.focusWidget(), method, None)
        if callable(command):
            command()

    def _update_text_actions(self) -> None:
        focused = QApplication.focusWidget()
        for method, action in self.text_actions.items():
            action.setEnabled(callable(getattr(focused, method, None)))
        if isinstance(focused, QLineEdit):
            self.text_actions["undo"].setEnabled(focused.isUndoAvailable())
            self.text_actions["redo"].setEnabled(focused.isRedoAvailable())
        elif isinstance(focused, QTextEdit | QPlainTextEdit):
            document = focused.document()
            self.text_actions["undo"].setEnabled(document.isUndoAvailable())
            self.text_actions["redo"].setEnabled(document.isRedoAvailable())

    def _connect(self) -> None:
        self.contact_list.currentContactChanged.connect(self.open_contact)
        self.contact_list.queryChanged.connect(self._store_query)
        self.contact_list.model.totalChanged.connect(self._total_changed)
        self.contact_list.set_empty_actions(self.new_contact, self.load_demo, self.transfers.open_import)
        self.card.openContactRequested.connect(self.open_contact)
        self.card.chooseIntroducerRequested.connect(self.choose_introducer)
        self.card.archiveToggled.connect(self.toggle_archived)
        self.card.briefRequested.connect(self.show_brief)
        self.network.openContactRequested.connect(self.open_contact)
        self.card.saved.connect(lambda: self.statusBar().showMessage("Saved", 2000))
        self.timeline.logRequested.connect(self.log_conversation)
        self.timeline.editRequested.connect(self.edit_conversation)
        self.timeline.followUpDoneRequested.connect(self.set_follow_up_done)
        self.organisations.openContactRequested.connect(self.open_contact)
        self.organisations.statusMessage.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.today.openContactRequested.connect(self.open_contact)
        self.today.statusMessage.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.today.logRequested.connect(lambda person: self.open_quick_entry((person,)))
        self.today.intermediariesRequested.connect(lambda: self.show_network("intermediaries"))

        self.search_field.textChanged.connect(self._search_text_changed)
        self.search_field.moveRequested.connect(self.search_results.move_selection)
        self.search_field.openRequested.connect(self.open_current_hit)
        self.search_field.cleared.connect(self.end_search)
        self.search.resultsReady.connect(self._show_results)
        self.search.failed.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.search_results.hitActivated.connect(self.open_hit)
        self.search_results.hitHighlighted.connect(self._preview_hit)
        self.search_results.escapePressed.connect(self.end_search)
        self.changes.changed.connect(lambda _change: self._update_actions())

        QWidget.setTabOrder(self.search_field, self.contact_list.view)
        QWidget.setTabOrder(self.contact_list.view, self.search_results.view)
        QWidget.setTabOrder(self.search_results.view, self.card.first_field())
        QWidget.setTabOrder(self.card.notes_edit, self.timeline.log_button)
        QWidget.setTabOrder(self.timeline.log_button, self.timeline.view)

    # -- state --------------------------------------------------------------------------------
    def _restore(self) -> None:
        settings = self.settings
        geometry = settings.window_geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = settings.window_state()
        if state is not None:
            self.restoreState(state)
        splitter = settings.splitter_state("people")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        orgs = settings.splitter_state("organisations")
        if orgs is not None:
            self.organisations.splitter.restoreState(orgs)
        self.contact_list.restore_query(
            ContactQuery(
                sort=settings.sort(),
                kind=settings.kind_filter(CONTACT_KINDS),
                show_archived=settings.show_archived(),
            )
        )
        last = settings.last_contact_uuid()
        if last is not None:
            self.open_contact(last)
        if self.card.contact_uuid is None and self.contact_list.model.rowCount():
            first = self.contact_list.model.summary_at(0)
            if first is not None:
                self.open_contact(first.uuid)
        self.show_page(settings.page())
        self._update_actions()
        self.contact_list.view.setFocus()

    def save_state(self) -> None:
        """Remember geometry, splitters, view choices and the selected contact's UUID."""
        settings = self.settings
        settings.set_window_geometry(self.saveGeometry())
        settings.set_window_state(self.saveState())
        settings.set_splitter_state("people", self.splitter.saveState())
        settings.set_splitter_state("organisations", self.organisations.splitter.saveState())
        settings.set_last_contact_uuid(self.card.contact_uuid)
        settings.set_page(self.current_page())
        self._store_query()
        settings.sync()

    def _store_query(self) -> None:
        query = self.contact_list.query()
        self.settings.set_sort(query.sort)
        self.settings.set_kind_filter(query.kind)
        self.settings.set_show_archived(query.show_archived)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.card.save_pending()
        self.save_state()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop background work before the journal closes."""
        self.external_changes.stop()
        self.search.shutdown()
        self.today.shutdown()
        self.transfers.shutdown()
        self.network.shutdown()
        self.briefs.close_all()
        if self._task is not None:
            self._task.cancel()
            self._task.wait(30)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.external_changes.check()  # back from the terminal: show what it changed
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            for action in self.findChildren(QAction):
                name = action.data()
                if isinstance(name, str) and name:
                    action.setIcon(line_icon(name, self.palette()))
        super().changeEvent(event)

    def _total_changed(self, total: int) -> None:
        unfiltered = self.contact_list.query().kind is None and self.contact_list.query().tag is None
        self.card.set_journal_empty(total == 0 and unfiltered)
        self._update_actions()

    def _update_actions(self) -> None:
        record = self.card.record
        has = record is not None
        for action in (self.archive_action, self.merge_action, self.delete_contact_action, self.brief_action):
            action.setEnabled(has)
        # Off the People page the contact is out of sight, and Ctrl+E archives an organisation.
        self.archive_action.setEnabled(has and self.current_page() == "people")
        self.log_action.setEnabled(has or self.contact_list.model.total > 0)
        archived = record is not None and record.archived
        self.archive_action.setText("&Restore contact" if archived else "&Archive contact")
        self.demo_action.setEnabled(self._task is None)

    # -- navigation ---------------------------------------------------------------------------
    def current_page(self) -> str:
        """The name of the page shown (one of ``settings.PAGES``)."""
        current = self.pages.currentWidget()
        named = ((self.today, "today"), (self.organisations, "organisations"), (self.network, "network"))
        for widget, name in named:
            if current is widget:
                return name
        return "people"

    def show_page(self, page: str) -> None:
        if page == "organisations":
            self.card.save_pending()
            self.pages.setCurrentWidget(self.organisations)
            self.organisations_action.setChecked(True)
        elif page == "today":
            self.card.save_pending()
            self.pages.setCurrentWidget(self.today)
            self.today_action.setChecked(True)
            self.today.view.setFocus()
        elif page == "network":
            self.card.save_pending()
            self.pages.setCurrentWidget(self.network)
            self.network_action.setChecked(True)
        else:
            self.pages.setCurrentWidget(self.splitter)
            self.people_action.setChecked(True)
        self._update_actions()

    def show_network(self, tab: str) -> None:
        """The Network page at one of its tabs (work, intermediaries, introductions, insights)."""
        self.show_page("network")
        self.network.show_tab(tab)

    def show_brief(self) -> None:
        """Open (or raise) the pre-meeting brief on the selected contact."""
        record = self.card.record
        if record is None:
            return
        self.card.save_pending()
        self.briefs.show(record.uuid)

    def open_contact(self, uuid: str | None, *, conversation: str | None = None) -> None:
        """Show a contact on the card and timeline (and select them in the list if loaded)."""
        if uuid is None:
            self.card.set_contact(None)
            self.timeline.set_contact(None)
            self._update_actions()
            return
        self.show_page("people")
        if self.card.contact_uuid != uuid:
            self.card.set_contact(uuid)
            record = self.card.record
            if record is None:
                self.timeline.set_contact(None)
                self._update_actions()
                return
            self.timeline.set_contact(uuid, record.name.split()[0] if record.name else "")
        if conversation is not None:
            self.timeline.select_conversation(conversation)
        if self.contact_list.current_uuid() != uuid:
            self.contact_list.select(uuid)
        self._update_actions()
        self.contactShown.emit(uuid)

    # -- search -------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def _search_text_changed(self, text: str) -> None:
        if text.strip():
            self.left.setCurrentWidget(self.search_results)
            self.show_page("people")
        else:
            self.left.setCurrentWidget(self.contact_list)
        self.search.search(text)

    def _show_results(self, text: str, hits: list[SearchHit], _elapsed: float) -> None:
        # The newest answer so far (possibly for a few keystrokes ago; the next one follows).
        if not self.search_field.text().strip():
            return
        self.search_results.show_hits(text, hits)
        self.searchShown.emit(len(hits))

    def open_current_hit(self) -> None:
        hit = self.search_results.current_hit()
        if hit is not None:
            self.open_hit(hit)
            self.search_results.view.setFocus()

    def open_hit(self, hit: SearchHit) -> None:
        """Open what a search result points at: a contact, an organisation, a conversation."""
        if hit.kind == "organisation":
            self.show_page("organisations")
            self.organisations.select(hit.uuid)
        elif hit.contact_uuid is not None:
            self.open_contact(hit.contact_uuid, conversation=hit.uuid if hit.kind == "conversation" else None)

    def _preview_hit(self, hit: SearchHit) -> None:
        if self.search_results.view.hasFocus() and hit.kind != "organisation":
            self.open_hit(hit)

    def end_search(self) -> None:
        self.search_field.clear()
        self.left.setCurrentWidget(self.contact_list)
        if self.card.contact_uuid is not None:
            self.contact_list.select(self.card.contact_uuid)
        self.contact_list.view.setFocus()

    # -- contacts -----------------------------------------------------------------------------
    def _open_dialog(self, dialog: Any, on_accept: Any) -> None:
        self._dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(on_accept)
        dialog.finished.connect(lambda _r: setattr(self, "_dialog", None))
        dialog.open()

    def new_contact(self) -> None:
        self.card.save_pending()
        dialog = NewContactDialog(self.journal, self)
        dialog.openExistingRequested.connect(self.open_contact)
        self._open_dialog(dialog, lambda: self._contact_created(dialog.created_uuid))

    def _contact_created(self, uuid: str | None) -> None:
        if uuid is None:
            return
        if self.left.currentWidget() is not self.contact_list:
            self.end_search()
        # The list refreshes from the change signal; select once it has.
        QTimer.singleShot(0, lambda: self._select_new(uuid))

    def _select_new(self, uuid: str) -> None:
        # Runs after the change signal (posted earlier) has refreshed the list.
        self.open_contact(uuid)
        self.card.common_ground_edit.setFocus()

    def toggle_archived(self) -> None:
        record = self.card.record
        if record is None:
            return
        self.card.save_pending()
        with messages.reporting_errors(self, "archive the contact"):
            self.journal.contacts.set_archived(record.uuid, not record.archived)
            self.statusBar().showMessage("Restored" if record.archived else "Archived", 3000)

    def delete_contact(self) -> None:
        record = self.card.record
        if record is None:
            return
        count = self.journal.conversations.timeline_count(record.uuid)
        text = (
            f"Delete {record.name} for good? Their follow-ups go too, and the "
            f"{count} conversation{'s' if count != 1 else ''} with them "
            "(conversations with other people stay, without them).\n\n"
            "To keep their history but hide them, archive them instead."
        )
        if not messages.confirm(self, "Delete contact", text, "Delete"):
            return
        row = self.contact_list.model.row_of(record.uuid)
        with messages.reporting_errors(self, "delete the contact"):
            self.journal.contacts.delete(record.uuid)
            self.card.set_contact(None)
            self.timeline.set_contact(None)
            QTimer.singleShot(0, lambda: self._select_row_after_delete(row))

    def _select_row_after_delete(self, row: int | None) -> None:
        model = self.contact_list.model
        if row is not None and model.rowCount():
            summary = model.summary_at(min(row, model.rowCount() - 1))
            if summary is not None:
                self.open_contact(summary.uuid)
        self._update_actions()

    def merge_contact(self) -> None:
        record = self.card.record
        if record is None:
            return
        self.card.save_pending()
        try:
            dialog = MergeDialog(self.journal, record.uuid, self)
        except NotFoundError as error:
            messages.show_error(self, error)
            return
        self._open_dialog(dialog, lambda: self._merged(dialog.kept_uuid))

    def _merged(self, uuid: str | None) -> None:
        if uuid is not None:
            self.card.set_contact(None)
            QTimer.singleShot(0, lambda: self.open_contact(uuid))
            self.statusBar().showMessage("Merged: every conversation was kept", 4000)

    def choose_introducer(self) -> None:
        record = self.card.record
        if record is None:
            return
        dialog = ContactPickerDialog(
            self.journal,
            "Introduced by",
            f"Who introduced you to {record.name}?",
            self,
            exclude={record.uuid},
        )
        self._open_dialog(dialog, lambda: self.card.set_introducer(dialog.chosen_uuid))

    # -- conversations ----------------------------------------------------------------------
    def log_conversation(self) -> None:
        """Ctrl+L: log a conversation with the person in front of the user (the card's, or
        the one selected on Today)."""
        if self.current_page() == "today" and self.today.current_item() is not None:
            self.today.log_selected()
            return
        record = self.card.record
        self.card.save_pending()
        people = (PersonRef(record.uuid, record.name),) if record is not None else ()
        dialog = ConversationDialog(self.journal, self, people=people)
        if not people:
            QTimer.singleShot(0, dialog.add_person_button.click)
        self._open_dialog(dialog, lambda: self._conversation_saved(dialog.saved_uuid))

    def open_quick_entry(self, people: tuple[PersonRef, ...] = ()) -> None:
        """The quick-entry window (from the app), else the conversation dialog for ``people``."""
        self.card.save_pending()
        if self.quick_entry_handler is not None:
            self.quick_entry_handler(people)
            return
        dialog = ConversationDialog(self.journal, self, people=people)
        if not people:
            QTimer.singleShot(0, dialog.add_person_button.click)
        self._open_dialog(dialog, lambda: self._conversation_saved(dialog.saved_uuid))

    def edit_conversation(self, uuid: str) -> None:
        try:
            record = self.journal.conversations.get(uuid)
        except NetJournalError as error:
            messages.show_error(self, error)
            return
        dialog = ConversationDialog(self.journal, self, record=record)
        self._open_dialog(dialog, lambda: self._conversation_saved(dialog.saved_uuid))

    def _conversation_saved(self, uuid: str | None) -> None:
        self.statusBar().showMessage("Conversation saved", 3000)
        if uuid is not None:
            QTimer.singleShot(0, lambda: self.timeline.select_conversation(uuid))

    def set_follow_up_done(self, uuid: str, done: bool) -> None:
        with messages.reporting_errors(self, "update the follow-up"):
            self.journal.follow_ups.set_done(uuid, done)

    # -- app ------------------------------------------------------------------------------------
    def show_preferences(self, *, security: bool = False) -> None:
        dialog = PreferencesDialog(self.journal, self.keystore, self)
        dialog.passphraseChanged.connect(self._journal_rekeyed)
        if security:
            dialog.show_security()
        self._open_dialog(dialog, lambda: None)

    def suggest_new_passphrase(self) -> QMessageBox:
        """After opening with the recovery key: the passphrase may be forgotten; offer a new one."""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Opened with the recovery key",
            "You opened the journal with its recovery key. If you no longer know your "
            "passphrase, set a new one now.",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setInformativeText("The recovery key keeps working either way.")
        change = box.addButton("&Set a new passphrase…", QMessageBox.ButtonRole.AcceptRole)
        later = box.addButton("&Not now", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(change)
        box.setEscapeButton(later)
        box.setObjectName("suggestNewPassphrase")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(
            lambda _r: self.show_preferences(security=True) if box.clickedButton() is change else None
        )
        box.open()
        return box

    def _journal_rekeyed(self) -> None:
        # Connections opened before the rekey hold the old key: the search worker's too.
        self.search.restart()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About NetJournal",
            f"<h3>NetJournal {__version__}</h3>"
            "<p>A private, offline journal of your professional relationships.</p>"
            "<p>Your journal is encrypted on this computer and never goes online.</p>",
        )

    def load_demo(self) -> None:
        """Fill an empty journal with sample people and conversations (in the background)."""
        if self._task is not None:
            return
        from netjournal.services.demo import generate_demo, has_demo

        if not self.journal.is_empty():
            text = (
                "Demo data can only be loaded into an empty journal, so it never mixes with your own records."
            )
            if has_demo(self.journal):
                text += " This journal has demo data already: Help → Remove demo data… takes it out."
            messages.show_error(self, NetJournalError(text), doing="load demo data")
            return

        journal = self.journal

        def work(progress: Any, _cancelled: Any) -> dict[str, int]:
            return generate_demo(journal, DEMO_CONTACTS, DEMO_CONVERSATIONS, progress=progress)

        def done(counts: dict[str, int]) -> None:
            self.statusBar().showMessage(
                f"Demo data loaded: {counts.get('contacts', 0)} contacts, "
                f"{counts.get('conversations', 0)} conversations",
                5000,
            )

        self._task = run_with_progress(
            self,
            "Demo data",
            "Creating sample contacts and conversations…",
            work,
            on_success=done,
            journal=journal,
            doing="load demo data",
        )
        self._task.finished.connect(self._task_finished)
        self._update_actions()

    def _update_demo_actions(self) -> None:
        """Offer to remove demo data only when there is some (checked as the Help menu opens)."""
        from netjournal.services.demo import has_demo

        self.remove_demo_action.setEnabled(self._task is None and has_demo(self.journal))

    def remove_demo(self) -> None:
        """Take the made-up people and everything only they are part of out (in the background)."""
        if self._task is not None:
            return
        from netjournal.services.demo import demo_summary, remove_demo

        self.card.save_pending()
        try:
            summary = demo_summary(self.journal)
        except NetJournalError as error:
            messages.show_error(self, error, doing="remove demo data")
            self._update_demo_actions()
            return

        def plural(count: int, one: str, many: str) -> str:
            return f"{count:,} {one if count == 1 else many}"

        text = (
            f"Remove the demo data? {plural(summary.contacts, 'made-up person goes', 'made-up people go')}, "
            f"with the {plural(summary.conversations, 'conversation', 'conversations')} only they took "
            "part in and the demo's organisations, tags, follow-ups and opportunities.\n\n"
        )
        if summary.kept_contacts or summary.kept_conversations:
            text += (
                f"Your own records stay: {plural(summary.kept_contacts, 'contact', 'contacts')} and "
                f"{plural(summary.kept_conversations, 'conversation', 'conversations')}. A conversation "
                "you had with a made-up person and someone real stays, without the made-up person."
            )
        else:
            text += "You have no records of your own yet: the journal will be empty, ready for your contacts."
        if not messages.confirm(self, "Remove demo data", text, "Remove demo data"):
            return
        journal = self.journal

        def work(progress: Any, cancelled: Any) -> Any:
            return remove_demo(journal, progress=progress, cancelled=cancelled)

        def done(removed: Any) -> None:
            self.statusBar().showMessage(
                f"Demo data removed: {plural(removed.contacts, 'person', 'people')}, "
                f"{plural(removed.conversations, 'conversation', 'conversations')}",
                8000,
            )

        self._task = run_with_progress(
            self,
            "Remove demo data",
            "Removing the made-up people and their conversations…",
            work,
            on_success=done,
            journal=journal,
            doing="remove demo data",
        )
        self._task.finished.connect(self._task_finished)
        self._update_actions()
        self._update_demo_actions()

    def _task_finished(self) -> None:
        self._task = None
        self._update_actions()
        self._update_demo_actions()
        if self.card.contact_uuid is None and self.contact_list.model.rowCount():
            first = self.contact_list.model.summary_at(0)
            if first is not None:
                self.open_contact(first.uuid)

    def quit_app(self) -> None:
        """Quit the app (the controller saves state and closes the journal on the way out)."""
        QApplication.quit()
