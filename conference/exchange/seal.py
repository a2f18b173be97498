"""The seal of a finalised record, exactly as ../shared/cli.md defines it (standard library only)."""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any


def seal_of(doc: dict[str, Any]) -> str:
    """Lowercase hex SHA-256 of the version 2 export with status finalised and record null."""
    sealed = copy.deepcopy(doc)
    sealed["conference"]["status"] = "finalised"
    sealed["record"] = None
    text = json.dumps(sealed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
