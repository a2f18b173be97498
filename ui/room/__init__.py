"""The room's screen (projector): what the family sees, fed only by the family filter."""
