"""Starting the app: a store problem is one line and exit code 4; None survives PySide6."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from ui.app import run_app


def test_store_problem_is_one_line_and_exit_code_4(
    qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a, **k: shown.append(text))
    folder = tmp_path / "a-folder.db"
    folder.mkdir()
    assert run_app(folder) == 4
    assert len(shown) == 1 and "\n" not in shown[0] and "folder" in shown[0]


def test_an_error_in_a_slot_is_logged_not_shown_as_a_traceback(
    qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import app as app_module

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "show", lambda self: shown.append(self.text()))
    case_data = "".join(["M", "ia's address"])  # must not reach the log
    try:
        raise ValueError(case_data)
    except ValueError as exc:
        app_module._report_unexpected(ValueError, exc, exc.__traceback__)
    logs = list((tmp_path / "logs").glob("crash-*.log"))
    assert len(logs) == 1 and "Mia" not in logs[0].read_text()
    assert len(shown) == 1 and "ValueError" in shown[0] and "\n" not in shown[0]
