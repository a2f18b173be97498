"""Council settings: who the family contacts, how to disagree or complain, and the timescales."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from importlib.resources import files
from pathlib import Path
from typing import Any

from conference.errors import RefusedInput

# Kept with the store's location, which the first paint needs without the council's settings.
from conference.store.location import CONFIG_DIR_ENV as CONFIG_DIR_ENV
from conference.store.location import user_config_dir as user_config_dir

APP_NAME = "sfconf"
COUNCIL_FILE = "council.toml"
NATIONS = ("england-wales", "scotland", "northern-ireland")

_DEFAULT_ORIGIN = "resources/council/default.toml"


class CouncilSettingsError(RefusedInput):
    """A council settings file that cannot be used, described in one line naming file and key."""


@dataclass(frozen=True)
class CouncilSettings:
    """What the family copy and the timescales need to know about the council."""

    organisation: str
    contact_team: str
    contact_phone: str
    contact_email: str
    contact_address: str
    how_to_disagree: str
    how_to_complain: str
    nation: str
    record_working_days: int
    decision_letter_working_days: int
    # A summary of the record where the council sends one (Wales: 5 working days); 0: none.
    summary_working_days: int = 0
    # Shown on the room's screen at the welcome: how everyone agrees to talk together.
    ground_rules: str = ""


_FIELD_TYPES: dict[str, type] = {
    f.name: (int if f.type in ("int", int) else str) for f in fields(CouncilSettings)
}


def council_settings_path() -> Path:
    """Where the council's own settings file is looked for."""
    return user_config_dir() / COUNCIL_FILE


def load_council_settings(path: Path | None = None) -> CouncilSettings:
    """The built-in defaults with the council's own file (or `path`) merged over them."""
    default_text = files("resources").joinpath("council", "default.toml").read_text("utf-8")
    values = _read(default_text, _DEFAULT_ORIGIN)
    missing = [name for name in _FIELD_TYPES if name not in values]
    if missing:
        raise CouncilSettingsError(f"{_DEFAULT_ORIGIN}: missing key '{missing[0]}'")

    user_path = path if path is not None else council_settings_path()
    # An explicit path must exist; the usual place is optional (most laptops start without one).
    if path is not None or user_path.is_file():
        try:
            user_text = user_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise CouncilSettingsError(f"{user_path}: cannot read: {reason}") from None
        values.update(_read(user_text, str(user_path)))
    return CouncilSettings(**values)


def _read(text: str, origin: str) -> dict[str, Any]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CouncilSettingsError(f"{origin}: not valid TOML: {_one_line(str(exc))}") from None
    for key, value in data.items():
        _check(key, value, origin)
    return data


def _check(key: str, value: Any, origin: str) -> None:
    expected = _FIELD_TYPES.get(key)
    if expected is None:
        known = ", ".join(_FIELD_TYPES)
        raise CouncilSettingsError(f"{origin}: unknown key '{key}' (known keys: {known})")
    if expected is int:
        # bool is an int in Python, but `record_working_days = true` is a mistake, not 1.
        if not isinstance(value, int) or isinstance(value, bool):
            raise CouncilSettingsError(
                f"{origin}: key '{key}' must be a whole number, not {_describe(value)}"
            )
        if value < 0:
            raise CouncilSettingsError(f"{origin}: key '{key}' must not be negative")
        return
    if not isinstance(value, str):
        raise CouncilSettingsError(f"{origin}: key '{key}' must be text, not {_describe(value)}")
    if key == "nation" and value not in NATIONS:
        raise CouncilSettingsError(
            f"{origin}: key 'nation' must be one of {', '.join(NATIONS)}, not '{value}'"
        )
    if key == "organisation" and not value.strip():
        raise CouncilSettingsError(f"{origin}: key 'organisation' must not be empty")


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _one_line(message: str) -> str:
    return " ".join(message.split())
