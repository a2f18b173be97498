"""Words for the model's codes that read the same everywhere: on screen and in the minutes.

Labels that depend on who reads them (formal in the minutes, short on the chair's screen,
plain in the family copy) stay with their readers.
"""

from __future__ import annotations

ATTENDANCE_LABELS = {
    "present": "Present",
    "part": "Part of the meeting",
    "apologies": "Apologies",
    "absent": "Absent",
    "excluded": "Excluded",
}
CATEGORY_LABELS = {
    "neglect": "Neglect",
    "physical_abuse": "Physical abuse",
    "emotional_abuse": "Emotional abuse",
    "sexual_abuse": "Sexual abuse",
}
KIND_LABELS = {
    "initial": "Initial",
    "review": "Review",
    "transfer_in": "Transfer in",
    "pre_birth": "Pre-birth",
}
STATUS_LABELS = {
    "planned": "Planned",
    "in_progress": "In progress",
    "ended": "Ended",
    "finalised": "Finalised",
}
