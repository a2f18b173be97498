"""The sfconf test suite."""
