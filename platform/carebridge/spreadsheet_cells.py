"""Text bound for a spreadsheet, made plain so it cannot start a formula (CSV injection)."""

from __future__ import annotations

#: How a spreadsheet tells a formula (OWASP, "CSV injection"): text a worker, a client or an
#: import wrote (a name, an answer, a need's label) must not start one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def plain_cell(value):
    """Text that would start a formula, made plain with a leading apostrophe; numbers stay."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
