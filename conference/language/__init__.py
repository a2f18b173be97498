"""Plain language: the glossary, jargon and acronym checks, and the analysis-wording checks."""
