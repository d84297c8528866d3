"""Python's cyclic garbage collector, run only in the GUI thread.

The collector runs in whichever thread happens to allocate when a threshold is crossed: the memory
monitor's thread, an engine-link thread. If it frees a widget there (a closed window kept alive by a
cycle through a connected lambda), Qt's destructor takes Qt's locks from that thread and then waits
for the GIL, while the GUI thread holds the GIL and waits for the same lock: the app hangs (seen in
the suite: a QMenu destroyed by gc in the monitor thread, the GUI thread stuck in setParent). The
usual cure for PySide and PyQt apps: switch automatic collection off and collect from a timer in the
GUI thread, by the same thresholds.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        """Collect the generations whose counts are over their thresholds, as gc itself would."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.threshold[generation]:
                gc.collect(generation)
                break


_collector: MainThreadCollector | None = None


def collect_in_main_thread(app: QObject) -> MainThreadCollector:
    """Install the collector for `app` (the QApplication) once; automatic collection is off from here."""
    global _collector
    if _collector is None:
        _collector = MainThreadCollector(app)
    gc.disable()
    return _collector
