"""The sfconf windows: home, the chair's conference window and the projector (PySide6)."""
