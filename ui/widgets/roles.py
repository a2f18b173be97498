"""Every custom item-data role, in one place so no two mean different things on one number."""

from __future__ import annotations

# Qt's roles are plain numbers in its API; these are written as numbers so that the home
# list can paint before PySide6 builds the ~100 Python enums of the `Qt` namespace (some
# 25 ms of start-up). tests/gui/test_chair_window.py checks them against Qt's own.
USER_ROLE = 256  # Qt.ItemDataRole.UserRole
ACCESSIBLE_TEXT_ROLE = 11  # Qt.ItemDataRole.AccessibleTextRole
TOOLTIP_ROLE = 3  # Qt.ItemDataRole.ToolTipRole

_BASE = USER_ROLE

ChoicesRole = _BASE + 1  # an enum column's choices: a list of (value, label)
IdRole = _BASE + 2  # a row's id

# The information-sharing pane's items.
TextRole = _BASE + 10
DetailRole = _BASE + 11  # "Raised by ... · About ..."
HiddenRole = _BASE + 12  # "" or "Restricted" / "Not shared with Daniel Green"
LayoutRole = _BASE + 13  # (text, detail, hidden, leak) in one call, for the delegate
LeakRole = _BASE + 14  # "" or "May give away something kept back: ..." (chair's screen only)

# The room screen's blocks.
BlockKindRole = _BASE + 20
BlockDetailRole = _BASE + 21
ColumnsRole = _BASE + 22
KeyRole = _BASE + 23
