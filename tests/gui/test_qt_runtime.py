"""Guards for the Qt runtime the app depends on: a long meeting must not abort the interpreter."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

PROBE = textwrap.dedent(
    """
    from PySide6.QtCore import QAbstractListModel, QModelIndex, QSettings, Qt
    from PySide6.QtWidgets import QApplication, QComboBox, QLabel

    app = QApplication([])

    class Model(QAbstractListModel):
        def rowCount(self, parent=QModelIndex()):
            return 1

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            return "x" if role == Qt.ItemDataRole.DisplayRole else None

    model = Model()  # kept alive: an index outlives nothing
    index = model.index(0, 0)
    combo = QComboBox()
    combo.addItem("Everyone in the family", None)
    settings = QSettings("sfconf-tests", "probe")
    label = QLabel()
    for _ in range(60000):  # far more empty values than a two-hour meeting hands back
        index.data(Qt.ItemDataRole.ToolTipRole)
        combo.currentData()
        settings.value("no-such-key")
        label.setText("x")  # on 3.11 every void call leaks too
    print("survived")
    """
)


def test_empty_qt_values_do_not_exhaust_none() -> None:
    """PySide6 6.12 leaks a None reference per empty value and void call; on 3.11 that aborts."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "survived"
    assert sys.version_info >= (3, 12)
