"""Text from a file, made safe to show: its control characters escaped.

A claims file, its source or a configuration may come from a stranger, and a terminal
acts on the control characters it is sent: ESC starts sequences that move the cursor,
clear the screen, set the window title or write to the clipboard; BEL rings; CR
overwrites the line. Every renderer shows file text through ``shown`` (plain text) or
``json_safe`` (JSON text), so that such a character appears as its escape (``\\x1b``)
and never acts.

Escaped: the C0 controls except tab and newline (which are layout), DEL, the C1
controls (U+0080-U+009F, of which U+009B acts as ESC [ on some terminals), and the
Unicode bidirectional controls, which reorder what is shown ("Trojan source").
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
# JSON text: json.dumps escapes C0 already; what it leaves raw, as \\uXXXX (the same
# string to a JSON reader).
_JSON_RAW = re.compile(f"[\x7f-\x9f{_BIDI}]")


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: str) -> str:
    """``text`` with every control character but tab and newline written as an escape:
    ESC as ``\\x1b``, BEL as ``\\x07``, U+202E as ``\\u202e``."""
    if _CONTROL.search(text) is None:  # nearly always: no copy
        return text
    return _CONTROL.sub(_escape, text)


def json_safe(text: str) -> str:
    """JSON text with DEL, the C1 and the bidirectional controls as ``\\uXXXX``; still
    valid JSON for the same value (the json module escapes the C0 controls itself)."""
    if _JSON_RAW.search(text) is None:
        return text
    return _JSON_RAW.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def shown_span(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Where ``text[start:end]`` lies in ``shown(text)``: each escape is longer than the
    character it stands for, so positions after one move right."""
    start, end = span
    return len(shown(text[:start])), len(shown(text[:end]))


_Shown = TypeVar("_Shown")


def shown_all(value: _Shown) -> _Shown:
    """``value`` with ``shown`` applied to every string in it: inside frozen dataclasses,
    tuples, lists and dicts (keys too). Other values are kept as they are."""
    return _walk(value)  # type: ignore[no-any-return]


def _walk(value: Any) -> Any:
    if isinstance(value, str):
        return shown(value)
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(_walk(item) for item in value)
    if isinstance(value, list):
        return [_walk(item) for item in value]
    if isinstance(value, dict):
        return {_walk(key): _walk(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {field.name: _walk(getattr(value, field.name))
                   for field in dataclasses.fields(value) if field.init}
        return dataclasses.replace(value, **changes)
    return value
