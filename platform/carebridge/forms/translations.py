"""Translations of a definition's texts: what is translatable, and the form in another language.

A definition's ``translations`` block maps a language tag (BCP 47: ``es``, ``es-MX``) to
translated texts keyed by the JSON Pointer of the original text in the definition document
(``/schema/properties/phq_1/title``). Only words change: the schema keeps its keywords and
``const`` values, so a submission made in any language stores the same data.
"""

from __future__ import annotations

import copy
import difflib
import re

from carebridge.errors import Problem
from carebridge.forms.validation import pointer
from carebridge.i18n import _
from carebridge.whole_numbers import is_index

#: The language a definition's own texts are in when it does not say (``"language"``).
DEFAULT_LANGUAGE = "en"

# Keywords of JSON Schema (draft 2020-12) whose values are schemas: maps of them, lists of
# them and single ones. Texts live in the ``title`` and ``description`` of every schema.
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "dependentSchemas")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_SINGLE = (
    "items", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "contains",
    "propertyNames", "not", "if", "then", "else",
)
_SCHEMA_TEXTS = ("title", "description")
_FIELD_TEXTS = ("label", "help", "placeholder", "add_label")
_GROUP_TEXTS = ("title", "description")  # of wizard pages and sections
_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")


def texts(document: dict) -> dict[str, str]:
    """Every translatable text of a definition, keyed by its JSON Pointer, in document order.

    Translatable: the form's title and description; the ``title`` and ``description`` of every
    schema in ``schema`` (labels, help, choice titles); labels, help, placeholders and add-item
    labels in ``ui.fields``; page and section titles and descriptions; the submit label; the
    score label, band labels and descriptions, flag messages; need labels and descriptions.
    Not translatable: ids, data values (``const``, ``enum``, ``default``, ``examples``), the
    ``when`` schemas of need rules (conditions, never shown) and ``source`` (a citation).
    """
    found: dict[str, str] = {}

    def take(node: object, keys: tuple[str, ...], where: list) -> None:
        if isinstance(node, dict):
            for key in keys:
                if isinstance(node.get(key), str):
                    found[pointer([*where, key])] = node[key]

    take(document, ("title", "description"), [])
    _schema_texts(document.get("schema"), ["schema"], found)
    ui = document.get("ui")
    if isinstance(ui, dict):
        fields = ui.get("fields")
        if isinstance(fields, dict):
            for path, field_ui in fields.items():
                take(field_ui, _FIELD_TEXTS, ["ui", "fields", path])
        for group in ("pages", "sections"):
            for index, page in enumerate(_list(ui.get(group))):
                take(page, _GROUP_TEXTS, ["ui", group, index])
        take(ui, ("submit_label",), ["ui"])
    scoring = document.get("scoring")
    if isinstance(scoring, dict):
        # The first format held one score at the top of `scoring`; named scores sit in `scores`.
        _score_texts(scoring, ["scoring"], take)
        for index, score in enumerate(_list(scoring.get("scores"))):
            _score_texts(score, ["scoring", "scores", index], take)
        for index, flag in enumerate(_list(scoring.get("flags"))):
            take(flag, ("label", "message"), ["scoring", "flags", index])
    for index, rule in enumerate(_list(document.get("needs"))):
        take(rule, ("label", "description"), ["needs", index])
    return found


def _score_texts(score: object, where: list, take) -> None:
    if isinstance(score, dict):
        take(score, ("label",), where)
        for index, band in enumerate(_list(score.get("bands"))):
            take(band, ("label", "description"), [*where, "bands", index])


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _schema_texts(schema: object, where: list, found: dict[str, str]) -> None:
    if not isinstance(schema, dict):
        return
    for key in _SCHEMA_TEXTS:
        if isinstance(schema.get(key), str):
            found[pointer([*where, key])] = schema[key]
    for key in _SCHEMA_MAPS:
        if isinstance(schema.get(key), dict):
            for name, sub in schema[key].items():
                _schema_texts(sub, [*where, key, name], found)
    for key in _SCHEMA_LISTS:
        for index, sub in enumerate(_list(schema.get(key))):
            _schema_texts(sub, [*where, key, index], found)
    for key in _SCHEMA_SINGLE:
        _schema_texts(schema.get(key), [*where, key], found)


def original_language(document: dict) -> str:
    """The language tag of the definition's own texts."""
    language = document.get("language")
    return language if isinstance(language, str) and language else DEFAULT_LANGUAGE


def languages(document: dict) -> list[str]:
    """The languages the definition can be shown in: its own first, then its translations."""
    return [original_language(document), *_translations(document)]


def _translations(document: dict) -> dict[str, dict]:
    block = document.get("translations")
    if not isinstance(block, dict):
        return {}
    return {tag: texts_ for tag, texts_ in block.items() if isinstance(texts_, dict)}


def _normal(tag: object) -> str:
    """A tag compared as BCP 47 says: case-insensitively (and ``es_MX``, as locales write it,
    as ``es-MX``); "" for anything that is not a language tag."""
    if not isinstance(tag, str) or not _TAG.match(tag.strip()):
        return ""
    return tag.strip().replace("_", "-").lower()


def is_original(document: dict, language: str | None) -> bool:
    """Whether ``language`` asks for the language the definition's own texts are written in."""
    wanted, own = _normal(language), _normal(original_language(document))
    return not wanted or wanted == own or own.startswith(wanted + "-") or (
        wanted.startswith(own + "-") and not fallbacks(document, language)
    )


def fallbacks(document: dict, language: str | None) -> tuple[str, ...]:
    """The translations consulted for ``language``, most specific first.

    ``es-MX`` consults ``es-MX``, then ``es``, then any other ``es-*`` the definition has; the
    search stops at the definition's own language (its texts are the originals). A text found
    in none of them is shown in the original.
    """
    wanted = _normal(language)
    if not wanted:
        return ()
    own = _normal(original_language(document))
    available = {_normal(tag): tag for tag in _translations(document)}
    chain: list[str] = []
    parts = wanted.split("-")
    for size in range(len(parts), 0, -1):
        candidate = "-".join(parts[:size])
        if candidate == own:
            return tuple(chain)
        if candidate in available:
            chain.append(available[candidate])
    primary = parts[0]
    if own.split("-")[0] != primary:
        chain += sorted(
            tag for normal, tag in available.items()
            if normal.split("-")[0] == primary and tag not in chain
        )
    return tuple(chain)


def localize(document: dict, language: str | None) -> dict:
    """The definition with each text in ``language`` where a translation has it.

    Every text falls back on its own (to a less specific tag, then to the original), so a
    label is never missing. The result has no ``translations`` block; everything else,
    including every ``const``, is unchanged.
    """
    chain = [_translations(document)[tag] for tag in fallbacks(document, language)]
    result = copy.deepcopy({k: v for k, v in document.items() if k != "translations"})
    if not chain:
        return result
    for where in texts(document):
        for translated in chain:
            text = translated.get(where)
            if isinstance(text, str) and text:
                _replace(result, where, text)
                break
    return result


def _replace(document: dict, where: str, text: str) -> None:
    *parents, last = [_unescape(part) for part in where.split("/")[1:]]
    node: object = document
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[last] = text


def _unescape(part: str) -> str:
    return part.replace("~1", "/").replace("~0", "~")


def missing(document: dict, language: str | None) -> list[str]:
    """Pointers of the texts that would be shown in the original language for ``language``.

    A text without letters (a placeholder such as ``(650) 555-0100``) reads the same in every
    language and is never missing.
    """
    if is_original(document, language):
        return []
    chain = [_translations(document)[tag] for tag in fallbacks(document, language)]
    return [
        where for where, text in texts(document).items()
        if _has_letters(text)
        and not any(isinstance(t.get(where), str) and t.get(where) for t in chain)
    ]


def _has_letters(text: str) -> bool:
    return any(character.isalpha() for character in text)


def problems(document: dict) -> list[Problem]:
    """What is wrong with the ``translations`` block: a language that duplicates another or
    the definition's own, and pointers that name no translatable text."""
    found: list[Problem] = []
    translatable = texts(document)
    own = original_language(document)
    seen: dict[str, str] = {}
    for tag, translated in _translations(document).items():
        at = pointer(["translations", tag])
        normal = _normal(tag)
        if normal and normal == _normal(own):
            found.append(Problem(at, _("'%(tag)s' is the language the definition is written "
                                       "in (\"language\": \"%(own)s\"); its texts are the "
                                       "originals.", tag=tag, own=own)))
        elif normal in seen:
            found.append(Problem(at, _("'%(tag)s' is the same language as '%(other)s'; put "
                                       "its texts in one block.", tag=tag, other=seen[normal])))
        seen.setdefault(normal, tag)
        for where in translated:
            if where not in translatable:
                found.append(Problem(pointer(["translations", tag, where]),
                                     _not_translatable(document, where, translatable)))
    return found


def _not_translatable(document: dict, where: str, translatable: dict[str, str]) -> str:
    if _exists(document, where):
        return _("'%(where)s' is not a translatable text. Translate titles, descriptions, "
                 "labels, help, placeholders, add-item and submit labels, band labels and "
                 "descriptions, flag messages and need labels; never ids or stored values.",
                 where=where)
    close = difflib.get_close_matches(where, list(translatable), n=1, cutoff=0.8)
    if close:
        return _("'%(where)s' names no text in this definition. Did you mean '%(close)s'?",
                 where=where, close=close[0])
    return _("'%(where)s' names no text in this definition.", where=where)


def _exists(document: dict, where: str) -> bool:
    node: object = document
    for part in [_unescape(p) for p in where.split("/")[1:]]:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and is_index(part) and int(part) < len(node):
            node = node[int(part)]
        else:
            return False
    return True
