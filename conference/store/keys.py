"""The store key: SFCONF_KEY, else the keyring entry `sfconf`, else a key file only the user can read."""

from __future__ import annotations

import contextlib
import os
import re
import sys
from pathlib import Path
from typing import Any

from conference.errors import StoreError, UsageError

ENV_KEY = "SFCONF_KEY"
KEYRING_SERVICE = "sfconf"
KEYRING_USER = "store-key"
KEY_FILE = "store.key"
_HEX64 = re.compile(r"^[0-9a-fA-F]{64}$")

# One look-up per process and source: the keyring may be slow (D-Bus, a locked Keychain).
_cache: dict[str, str] = {}


def _config_dir() -> Path:
    from conference.store.location import user_config_dir

    return user_config_dir()


def key_file_path() -> Path:
    """Where the key is kept when the computer has no keyring."""
    return _config_dir() / KEY_FILE


def private_folder(folder: Path) -> Path:
    """Make `folder` (and missing parents) and give the folder itself mode 0700."""
    folder.mkdir(parents=True, exist_ok=True)
    # A folder we do not own (a network share) keeps its own ACLs.
    with contextlib.suppress(OSError):
        os.chmod(folder, 0o700)
    return folder


def make_private(path: Path) -> None:
    """Mode 0600 on a file the app made; quietly left alone where the file system cannot."""
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)


def _checked(value: str, origin: str) -> str:
    value = value.strip()
    if not _HEX64.match(value):
        raise StoreError(f"{origin} is not a key: it must be 64 hexadecimal characters")
    return value.lower()


def _no_session_bus() -> bool:
    """On Linux the keyring is the Secret Service, reached only over a D-Bus session bus."""
    if not sys.platform.startswith("linux") or os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return False
    getuid = getattr(os, "getuid", None)
    return getuid is None or not Path(f"/run/user/{getuid()}/bus").exists()


def _keyring() -> Any:
    """The system keyring, or None where there is none (or it cannot be used)."""
    if _no_session_bus() and not os.environ.get("PYTHON_KEYRING_BACKEND"):
        # No bus, no Secret Service: asking keyring would import every backend it knows
        # (about 200 ms of every start-up) only to be told there is none.
        return None
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception:  # no keyring module, no usable backend, a broken D-Bus
        return None
    name = f"{type(backend).__module__}.{type(backend).__qualname__}"
    if isinstance(backend, fail.Keyring) or "null" in name.lower():
        return None
    return backend


def _from_keyring() -> tuple[bool, str | None]:
    """(a keyring exists, the key found in it)."""
    backend = _keyring()
    if backend is None:
        return False, None
    try:
        found = backend.get_password(KEYRING_SERVICE, KEYRING_USER)
    except Exception:
        return False, None
    return True, (_checked(found, "the keyring entry 'sfconf'") if found else None)


def _to_keyring(value: str) -> bool:
    backend = _keyring()
    if backend is None:
        return False
    try:
        backend.set_password(KEYRING_SERVICE, KEYRING_USER, value)
    except Exception:
        return False
    return True


def _read_key_file() -> str | None:
    path = key_file_path()
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        raise StoreError(f"the key file {path} cannot be read; nothing was changed") from None
    return _checked(text, f"the key file {path}")


def _write_key_file(value: str) -> Path:
    path = key_file_path()
    try:
        private_folder(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(value + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        make_private(path)
    except OSError as exc:
        raise StoreError(f"the key file {path} cannot be written ({exc.strerror})") from None
    return path


def store_key() -> str:
    """The user's key as 64 lowercase hex characters, made (once) when there is none yet."""
    env = os.environ.get(ENV_KEY, "")
    if env:
        return _checked(env, ENV_KEY)
    if "user" in _cache:
        return _cache["user"]
    has_keyring, found = _from_keyring()
    value = found or _read_key_file()
    if value is None:
        import secrets  # only when a key is made

        value = secrets.token_hex(32)
        if not (has_keyring and _to_keyring(value)):
            path = _write_key_file(value)
            sys.stderr.write(
                f"sfconf: this computer has no keyring; the store's key was saved in {path} "
                "(readable only by you); keep a copy: sfconf key --show-recovery\n"
            )
    _cache["user"] = value
    return value


def use_recovery(value: str) -> str:
    """Put a recovery key where this user's key is kept; returns where (for the user)."""
    try:
        value = _checked(value, "the recovery key")
    except StoreError as exc:
        raise UsageError(exc.message) from None
    _cache.pop("user", None)
    where = "the keyring" if _to_keyring(value) else str(_write_key_file(value))
    _cache["user"] = value
    return where


def forget_cache() -> None:
    """Drop the key remembered by this process (tests; after --use-recovery)."""
    _cache.clear()
