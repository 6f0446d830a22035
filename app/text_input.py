"""Text from outside (a terminal, a browser, a JSON body) checked before it reaches the answerer.

A lone UTF-16 surrogate (``"\\ud800"`` in JSON) or bytes that are not UTF-8 (which Python carries
as surrogates, U+DC80–U+DCFF) cannot be encoded again: left in, they surface later as a
UnicodeEncodeError and a traceback. They are refused up front with a message instead.
"""

from __future__ import annotations

import re

from index.errors import BadQuestionError

_SURROGATE = re.compile(r"[\ud800-\udfff]")


def check_encodable(text: str, what: str = "The question", from_terminal: bool = False) -> str:
    """``text`` unchanged, or BadQuestionError naming the first character that is not text
    (``from_terminal``: the text came from argv or stdin, where Python carries bad bytes as surrogates)."""
    found = _SURROGATE.search(text)
    if found is None:
        return text
    code = ord(found.group())
    if from_terminal and 0xDC80 <= code <= 0xDCFF:  # how Python carries an undecodable byte
        detail = f"the byte 0x{code - 0xDC00:02X} (not UTF-8 text)"
        hint = "Set the terminal to UTF-8 and type it again."
    else:
        detail = f"a lone UTF-16 surrogate (U+{code:04X}, not a character)"
        hint = "Send valid Unicode text (UTF-8 JSON)."
    raise BadQuestionError(f"{what} contains {detail} at position {found.start() + 1}.", hint)
