"""Work-arounds for defects of the Qt binding, each detected before it is applied.

PySide6 6.12.0 on CPython 3.10/3.11 returns ``None`` from every void method (and ``True``
from ``Signal.emit``) without taking a reference, as if those objects were immortal — which
they are only from CPython 3.12 on (PEP 683). On 3.11 every such call steals a reference,
and after a few thousand calls (seconds of painting) the interpreter aborts with "Fatal
Python error: none_dealloc". PySide6 6.11.3 does not have the defect.

:func:`guard_singleton_refcounts` measures the leak and, only if it is there, gives
``None``, ``True`` and ``False`` a huge reference count — what CPython 3.12 does for them —
so the stolen references can never bring them to zero. It changes nothing on 3.12+, on a
binding without the defect, or on interpreters where it cannot check its own work.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

_BOOST = 1 << 40 if sys.maxsize > 2**32 else 1 << 28
_PROBES = 64
_state = {"applied": False}


def _leaks_references() -> bool:
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.setObjectName("")  # a void method: returns None
        probe.ping.emit()  # returns True
    none_lost = none_before - sys.getrefcount(None)
    true_lost = true_before - sys.getrefcount(True)
    # Give back what the probe itself took.
    for obj, lost in ((None, none_lost), (True, true_lost)):
        for _ in range(max(0, lost)):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(obj))
    return none_lost >= _PROBES // 2 or true_lost >= _PROBES // 2


def _boost(obj: object) -> bool:
    before = sys.getrefcount(obj)
    cell = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt: the first field of PyObject
    cell.value += _BOOST
    # Temporaries may hold or drop a reference or two meanwhile; the boost itself is unmistakable.
    if abs(sys.getrefcount(obj) - before - _BOOST) < 1_000:
        return True
    cell.value -= _BOOST  # not the layout we expected: undo
    return False


def guard_singleton_refcounts() -> bool:
    """Neutralise the reference leak described above if (and only if) it is present."""
    if _state["applied"]:
        return True
    if (
        sys.version_info >= (3, 12)
        or sys.implementation.name != "cpython"
        or hasattr(sys, "gettotalrefcount")
    ):
        return False
    try:
        if not _leaks_references():
            return False
        _state["applied"] = all(_boost(obj) for obj in (None, True, False))
    except Exception:  # never let a work-around stop the app
        log.warning("could not check the Qt binding for reference leaks", exc_info=True)
        return False
    if _state["applied"]:
        log.info("PySide6 reference leak on None/True detected; singletons made immortal (as in 3.12)")
    else:
        log.warning("PySide6 leaks references to None/True here and the work-around failed: expect a crash")
    return _state["applied"]
