"""Shared widgets and Qt models: editors, delegates, roles, list and table models."""
