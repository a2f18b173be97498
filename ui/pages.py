"""Which page the chair's window shows for each kind of agenda step.

A page is a QWidget built as `PageClass(controller, parent)`; it listens to
`controller.changed` itself. Pages for panes, the welcome, the child's view and the close
live in ui/conference_window.py; the analysis, scaling, plan and decision pages in their
own modules.
"""

from __future__ import annotations

import importlib
from typing import Any

PAGE_CLASSES: dict[str, tuple[str, str]] = {
    "analysis": ("ui.analysis_page", "AnalysisPage"),
    "scaling": ("ui.scaling_page", "ScalingPage"),
    "plan": ("ui.plan_page", "PlanPage"),
    "decision": ("ui.decision_page", "DecisionPage"),
}


def page_class(kind: str) -> Any | None:
    """The page class for a step kind, or None when that page is not built yet."""
    target = PAGE_CLASSES.get(kind)
    if target is None:
        return None
    try:
        module = importlib.import_module(target[0])
    except ModuleNotFoundError:
        return None
    return getattr(module, target[1], None)
