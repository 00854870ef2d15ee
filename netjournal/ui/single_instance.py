"""One running NetJournal per journal: a second start hands its request over and exits.

The first instance listens on a local socket (QLocalServer; a Unix socket or a Windows named
pipe) whose name is derived from the user and the data folder, so two users, or two journals
of one user, never meet. A later ``netjournal`` connects, sends one line (``show``,
``quick`` or ``background``), waits for ``ok`` and exits; the first instance acts on it.

A socket file left behind by a crashed instance answers no one: :meth:`InstanceServer.listen`
removes it and listens afresh, so it never blocks start-up.

Only QtCore and QtNetwork are imported here: the second process hands over before it loads
any widgets.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
from pathlib import Path

from PySide6.QtCore import QDir, QLockFile, QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

REQUESTS = ("show", "quick", "background")
_ACK = b"ok\n"
_TIMEOUT_MS = 1000
_LOCK_WAIT_MS = 5000  # a first start holds the lock for milliseconds; a wedged one, never long


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (rare containers): fall back to the id
        return str(os.getuid()) if hasattr(os, "getuid") else "user"


def server_name(data_dir: Path) -> str:
    """The socket name for this user and data folder (a digest: no path or name shows)."""
    try:
        folder = str(data_dir.expanduser().resolve())
    except OSError:
        folder = str(data_dir.absolute())
    digest = hashlib.sha256(f"{_user()}\0{folder}".encode()).hexdigest()[:24]
    return f"netjournal-{digest}"


def hand_over(name: str, request: str, timeout_ms: int = _TIMEOUT_MS) -> bool:
    """Send ``request`` to a running instance; True once it acknowledged, False if none runs."""
    if request not in REQUESTS:
        raise ValueError(f"unknown request {request!r}")
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False  # nobody listens (or only a stale socket file is left)
    try:
        socket.write(f"{request}\n".encode())
        if not socket.waitForBytesWritten(timeout_ms):
            return False
        answer = b""
        while not answer.endswith(b"\n"):
            if not socket.waitForReadyRead(timeout_ms):
                log.warning("the running instance did not answer")
                return False
            answer += bytes(socket.readAll().data())
        return answer == _ACK
    finally:
        socket.disconnectFromServer()


class InstanceServer(QObject):
    """The running instance's end: receives requests from later starts.

    Signals:
        requested(str): a later start asked for ``show``, ``quick`` or ``background``.
    """

    requested = Signal(str)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Start listening. False if another live instance already owns the name.

        "Is anyone there?" and "then I am" happen under a lock file, so two starts in the same
        instant cannot both find nobody and both listen. A lock left by a crashed process is
        recognised (its process is gone) and taken over.
        """
        lock = QLockFile(os.path.join(QDir.tempPath(), f"{self.name}.lock"))
        if not lock.tryLock(_LOCK_WAIT_MS):
            log.warning("could not lock the start-up check (%s); going on without", lock.error())
        try:
            return self._listen_unless_taken()
        finally:
            lock.unlock()

    def _listen_unless_taken(self) -> bool:
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        if probe.waitForConnected(300):
            probe.abort()
            return False  # a live instance: hand over to it instead
        # Nobody answers: whatever socket file is left (a crashed instance's) is stale. With
        # UserAccessOption Qt would replace it anyway; removing it first says so plainly.
        QLocalServer.removeServer(self.name)
        if self._server.listen(self.name):
            return True
        log.warning("cannot listen for other starts: %s", self._server.errorString())
        return False

    def is_listening(self) -> bool:
        return self._server.isListening()

    def close(self) -> None:
        """Stop listening (removes the socket file)."""
        self._server.close()

    @Slot()
    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.setParent(self)
            buffer = bytearray()

            def read(socket: QLocalSocket = socket, buffer: bytearray = buffer) -> None:
                buffer.extend(bytes(socket.readAll().data()))
                if b"\n" not in buffer:
                    if len(buffer) > 64:  # not one of ours: drop it
                        socket.abort()
                    return
                request = bytes(buffer).split(b"\n", 1)[0].decode("ascii", "replace").strip()
                buffer.clear()
                if request in REQUESTS:
                    socket.write(_ACK)
                    socket.flush()
                    self.requested.emit(request)
                else:
                    log.warning("ignored an unknown request from another start")
                socket.disconnectFromServer()

            socket.readyRead.connect(read)
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                read()
