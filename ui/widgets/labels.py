"""The words the chair's windows use for stored values, each meaning defined once."""

from __future__ import annotations

# A conference's kind and status read the same on screen and in the minutes: see
# conference/labels.py.

# A next step's status, as the chair picks it on the plan page.
STEP_STATUS_LABELS = {
    "open": "To do",
    "done": "Done",
    "partly_done": "Partly done",
    "not_done": "Not done",
    "dropped": "No longer needed",
}
REPORT_LABELS = {
    "none": "No report",
    "submitted": "Submitted",
    "shared_with_family": "Shared with the family",
}
