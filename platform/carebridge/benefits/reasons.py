"""A result's reasons: English sentences with named values, said in the reader's language.

A reason is kept as its English text (the catalog's msgid, marked with ``N_``) and its values,
so a screening run in one language reads in another: the text is translated and the values
written as the reader's locale writes them (numbers, percentages, dollars, lists) only when
the reason is shown. Results kept before reasons were messages hold plain sentences: those are
shown as they are.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal

from babel.lists import format_list
from babel.numbers import format_currency, format_decimal, format_percent

from carebridge.directory.wording import reader_locale
from carebridge.i18n import gettext

__all__ = ["Reason", "phrase", "say"]


@dataclass(frozen=True, eq=False)
class Reason:
    """``text`` with ``%(name)s`` holes and the ``args`` that fill them: plain strings and
    integers as they are, the tagged values below, or reasons themselves (a phrase)."""

    text: str
    args: dict = field(default_factory=dict)

    @staticmethod
    def percent(value: float) -> dict:
        return {"percent": _plain(value)}

    @staticmethod
    def dollars(value: float) -> dict:
        """US dollars: an int without cents (``$1,500``), a float with them."""
        return {"dollars": value}

    @staticmethod
    def number(value: float) -> dict:
        return {"number": _plain(value)}

    @staticmethod
    def words(items, style: str = "standard") -> dict:
        """Items joined as the locale joins a list (``style`` "or" for alternatives)."""
        return {"list": list(items), "style": style}

    @staticmethod
    def message(text: str) -> dict:
        """A text marked with ``N_`` elsewhere (a fact's label), translated when said."""
        return {"message": text}

    def as_dict(self) -> dict:
        return {"text": self.text, "args": {k: _encode(v) for k, v in self.args.items()}}

    @classmethod
    def from_dict(cls, data: dict) -> Reason:
        return cls(data["text"], {k: _decode(v) for k, v in data.get("args", {}).items()})

    def __eq__(self, other) -> bool:
        return isinstance(other, Reason) and self.as_dict() == other.as_dict()

    def __hash__(self) -> int:
        return hash(json.dumps(self.as_dict(), sort_keys=True, default=str))


def _plain(value):
    """An integral float as an int: 200.0 is written "200"."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _encode(value):
    if isinstance(value, Reason):
        return value.as_dict()
    if isinstance(value, dict) and "list" in value:
        return {**value, "list": [_encode(v) for v in value["list"]]}
    return value


def _decode(value):
    if isinstance(value, dict) and "text" in value:
        return Reason.from_dict(value)
    if isinstance(value, dict) and "list" in value:
        return {**value, "list": [_decode(v) for v in value["list"]]}
    return value


def say(reason) -> str:
    """A reason (a ``Reason``, its stored dict, or a kept plain sentence) in the reader's
    language, as a sentence."""
    if isinstance(reason, str):
        return reason
    text = phrase(reason)
    return text[:1].upper() + text[1:]


def phrase(reason) -> str:
    """A reason in the reader's language as it sits inside a sentence (not capitalised): "the
    income of person 2 (child)". A plain string is shown as it is."""
    if isinstance(reason, str):
        return reason
    if isinstance(reason, dict):
        reason = Reason.from_dict(reason)
    return _say(reason, reader_locale())


def _say(reason: Reason, locale) -> str:
    text = gettext(reason.text)
    if not reason.args:
        return text
    values = {name: _value(value, locale) for name, value in reason.args.items()}
    try:
        return text % values
    except (KeyError, ValueError, TypeError):
        # A translation whose placeholders do not fit (a catalog out of step with a kept
        # screening's values): the English text, rather than no page.
        return reason.text % values


def _value(value, locale) -> str:
    if isinstance(value, Reason):
        return _say(value, locale)
    if not isinstance(value, dict):
        return str(value)
    if "text" in value:
        return _say(Reason.from_dict(value), locale)
    if "message" in value:
        return gettext(value["message"])
    if "list" in value:
        items = [_value(v, locale) for v in value["list"]]
        return format_list(items, style=value.get("style", "standard"),
                           locale=locale) if items else gettext("none")
    if "percent" in value:
        return format_percent(_decimal(value["percent"]) / 100, locale=locale,
                              decimal_quantization=False)
    if "dollars" in value:
        amount = value["dollars"]
        pattern = locale.currency_formats["standard"].pattern
        if isinstance(amount, int):
            pattern = pattern.replace(".00", "")
        return format_currency(_decimal(amount), "USD", format=pattern, locale=locale,
                               currency_digits=False, decimal_quantization=False)
    if "number" in value:
        return format_decimal(_decimal(value["number"]), locale=locale,
                              decimal_quantization=False)
    return str(value)


def _decimal(value) -> Decimal:
    return Decimal(str(value))
