"""The record after the meeting in the window: working as, changes, side by side, approve, corrections."""
