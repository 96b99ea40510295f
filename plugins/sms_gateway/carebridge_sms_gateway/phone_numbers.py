"""Phone numbers as a gateway wants them: E.164 (``+`` country code and number, 15 digits at
most), from what people type ("(650) 555-0101", "650.555.0101", "+1 650 555 0101",
"001 650 555 0101")."""

from __future__ import annotations

import re

from carebridge.plugin_api import SendFailed

_DIGITS = re.compile(r"\d")
_ALLOWED = re.compile(r"^[\d\s().\-/+]*$")


class NotAPhoneNumber(SendFailed, ValueError):
    """The text is not a phone number this plugin can send to."""


def e164(number: str, country_code: str = "1") -> str:
    """``number`` in E.164; a national number (no ``+`` or ``00``) takes ``country_code``.
    For North America (``1``) a national number has 10 digits, or 11 starting with 1."""
    text = (number or "").strip()
    if not text or not _ALLOWED.match(text) or "+" in text[1:]:
        raise NotAPhoneNumber("not a phone number")
    digits = "".join(_DIGITS.findall(text))
    if text.startswith("+"):
        full = digits
    elif digits.startswith("00"):
        full = digits[2:]
    elif country_code == "1":
        if len(digits) == 11 and digits.startswith("1"):
            digits = digits[1:]
        if len(digits) != 10 or digits[0] in "01":
            raise NotAPhoneNumber("a North American number has 10 digits")
        full = "1" + digits
    else:
        full = country_code + digits.removeprefix("0")  # the trunk prefix is not dialled
    if not 8 <= len(full) <= 15 or full.startswith("0"):
        raise NotAPhoneNumber("an international number has 8 to 15 digits")
    return "+" + full
