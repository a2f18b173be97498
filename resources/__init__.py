"""Data files shipped with sfconf: templates, glossary, fonts, icons, the interchange schema."""
