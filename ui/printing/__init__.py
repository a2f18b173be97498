"""Printing from the chair's window: the preflight before the family copy and the minutes."""
