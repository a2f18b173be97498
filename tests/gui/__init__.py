"""GUI tests: they drive real widgets offscreen (QT_QPA_PLATFORM=offscreen)."""
