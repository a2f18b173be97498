"""Which page the chair's window shows for each kind of agenda step.

A page is a QWidget built as `PageClass(controller, parent)`; it listens to the
controller itself. Panes, the welcome and the child's view are built by
ui/conference_window.py; the analysis, scaling, plan, decision and close pages live here.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.pages.analysis import AnalysisPage
from ui.pages.close import ClosePage
from ui.pages.decision import DecisionPage
from ui.pages.plan import PlanPage
from ui.pages.progress import ProgressPage, RevisitPage
from ui.pages.scaling import ScalingPage

PAGE_CLASSES: dict[str, type[QWidget]] = {
    "analysis": AnalysisPage,
    "scaling": ScalingPage,
    "plan": PlanPage,
    "decision": DecisionPage,
    "close": ClosePage,
    "progress": ProgressPage,
    "revisit": RevisitPage,
}


def page_class(kind: str) -> type[QWidget] | None:
    """The page class for a step kind, or None for the steps the window builds itself."""
    return PAGE_CLASSES.get(kind)
