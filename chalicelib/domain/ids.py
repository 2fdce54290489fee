"""Identifiers: short, URL-safe, sortable by creation time (48-bit ms clock + 32 random bits)."""
from __future__ import annotations

import hashlib
import os
import re
import time

_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, lower case
ID_PATTERN = re.compile(r"^[0-9a-hjkmnp-tv-z]{16}$")


def _encode(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        chars.append(_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def new_id(at_ms: int | None = None) -> str:
    """A 16-character id; ids made later sort after earlier ones."""
    ms = int(time.time() * 1000) if at_ms is None else at_ms
    rand = int.from_bytes(os.urandom(4), "big")
    return _encode((ms << 32) | rand, 16)


def stable_id(at_ms: int, *parts: str) -> str:
    """The same id every time for the same inputs: used by imports so that a re-run creates nothing new."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return _encode((at_ms << 32) | int.from_bytes(digest[:4], "big"), 16)


def is_id(value: str) -> bool:
    return bool(ID_PATTERN.match(value))
