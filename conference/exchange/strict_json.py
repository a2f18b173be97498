"""A strict JSON reader for documents from outside: every bad input becomes a one-line RefusedInput.

Python's json module accepts duplicate keys (the last one wins), NaN and Infinity, lone
surrogates (which later crash an encoder), integers of any length (until int() refuses
past 4,300 digits with a ValueError) and nesting until the interpreter's recursion
limit. This reader refuses each of them, naming where, and never raises anything else.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from conference.errors import RefusedInput

MAX_DEPTH = 64
MAX_INT_DIGITS = 30
MAX_TEXT = 200_000  # characters in one string value
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _cut(text: str, limit: int = 40) -> str:
    """A key or value quoted in a message: short, with control characters escaped."""
    shown = text if len(text) <= limit else text[:limit] + "…"
    return shown.encode("unicode_escape").decode("ascii") if not shown.isprintable() else shown


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise RefusedInput(f"duplicate key '{_cut(key)}' in one object")
        obj[key] = value
    return obj


def _int(text: str) -> int:
    digits = text.lstrip("-")
    if len(digits) > MAX_INT_DIGITS:
        raise RefusedInput(
            f"a number of {len(digits)} digits is too long (at most {MAX_INT_DIGITS})"
        )
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if len(text) > 400 or not math.isfinite(value):
        raise RefusedInput(f"the number '{_cut(text)}' is out of range")
    return value


def _constant(name: str) -> Any:
    raise RefusedInput(f"'{name}' is not a JSON number")


def _depth_of(text: str) -> int:
    """The deepest nesting of [ and { outside strings (before parsing, so recursion is safe)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    return deepest
        elif ch in "]}":
            depth -= 1
    return deepest


def _check_strings(value: Any, path: str) -> None:
    """No lone surrogates and no huge strings, in keys or values (iterative: no recursion)."""
    stack: list[tuple[Any, str]] = [(value, path)]
    while stack:
        node, where = stack.pop()
        if isinstance(node, str):
            _check_text(node, where)
        elif isinstance(node, dict):
            for k, v in node.items():
                _check_text(k, f"{where} key")
                stack.append((v, f"{where}.{_cut(k, 30)}" if where else _cut(k, 30)))
        elif isinstance(node, list):
            stack.extend((v, f"{where}[{i}]") for i, v in enumerate(node))


def _check_text(text: str, where: str) -> None:
    if _SURROGATE.search(text):
        raise RefusedInput(f"{where or 'document'}: text holds a lone surrogate (not Unicode text)")
    if len(text) > MAX_TEXT:
        raise RefusedInput(
            f"{where or 'document'}: text of {len(text)} characters is too long (at most {MAX_TEXT})"
        )


def loads(text: str | bytes, origin: str = "") -> Any:
    """Parse one JSON value strictly; RefusedInput (one line) for anything wrong, nothing else."""
    try:
        return _loads(text)
    except RefusedInput as exc:
        raise RefusedInput(f"{origin}: {exc.message}" if origin else exc.message) from None


def _loads(text: str | bytes) -> Any:
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise RefusedInput("not UTF-8 text") from None
    if not isinstance(text, str):
        raise RefusedInput("not text")
    depth = _depth_of(text)
    if depth > MAX_DEPTH:
        raise RefusedInput(f"nested deeper than {MAX_DEPTH} levels")
    try:
        value = json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_int=_int,
            parse_float=_float,
            parse_constant=_constant,
        )
    except json.JSONDecodeError as exc:
        raise RefusedInput(f"not valid JSON (line {exc.lineno}, column {exc.colno})") from None
    except RefusedInput:
        raise
    except (ValueError, RecursionError, MemoryError, OverflowError) as exc:
        raise RefusedInput(f"not valid JSON ({type(exc).__name__})") from None
    _check_strings(value, "")
    return value
