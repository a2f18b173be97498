"""The words the chair's windows use for stored values, each meaning defined once."""

from __future__ import annotations

KIND_LABELS = {
    "initial": "Initial",
    "review": "Review",
    "transfer_in": "Transfer in",
    "pre_birth": "Pre-birth",
}
# A conference's status.
STATUS_LABELS = {
    "planned": "Planned",
    "in_progress": "In progress",
    "ended": "Ended",
    "finalised": "Finalised",
}
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
