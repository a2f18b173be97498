"""Errors a user can cause, each with the exit code of the command-line contract."""

from __future__ import annotations


class SfconfError(Exception):
    """A problem to report to the user in one line, with its exit code."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(SfconfError):
    """Misuse of the command: unknown option, missing argument, conflicting flags."""

    exit_code = 2


class RefusedInput(SfconfError):
    """Invalid or newer document, unknown id, duplicate id, finalised conference."""

    exit_code = 3


class StoreError(SfconfError):
    """The database is newer, corrupt, locked, unreadable or unwritable."""

    exit_code = 4


class StoreUnreachable(StoreError):
    """The shared store's server cannot be reached or the connection dropped: nothing written."""
