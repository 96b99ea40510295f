"""Language names however they are written, normalised to one English name and ISO 639 code.

"Spanish", "español", "es", "spa" and "Castellano" are one language; so are "Chinese",
"中文" and "Chinese (Cantonese)" (the dialect is kept as a note). Names and codes come from
``langcodes`` and its ``language_data`` (CLDR), looked up offline; a few names providers use
that CLDR lacks are listed here.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import langcodes
from language_data.names import code_to_names

# Individual languages filed under the language people search for: a search for Chinese finds
# a service that speaks Cantonese, and Tagalog is what most Filipino speakers speak.
MACRO = {"yue": "zh", "cmn": "zh", "nan": "zh", "hak": "zh", "wuu": "zh", "tl": "fil",
         "ase": "sgn", "pes": "fa", "prs": "fa", "hbs": "sh"}
# The English name the directory shows for a code, where CLDR's differs or is missing.
NAMES = {"sgn": "Sign Language", "sh": "Serbo-Croatian", "gd": "Gaelic", "arc": "Aramaic",
         "cmn": "Mandarin", "nan": "Taiwanese"}
# Names providers write that CLDR does not know (keys folded: lower case, no accents).
ALIASES = {"castellano": "es", "espanol": "es", "sign language": "sgn", "sign languages": "sgn",
           "toishanese": "yue", "taishanese": "yue", "taiwanese": "nan", "farsi": "fa",
           "mien": "ium", "cambodian": "km", "panjabi": "pa", "mandarin": "cmn", "asl": "ase",
           "gaelic": "gd"}
_DIALECT = re.compile(r"^\s*([^()]+?)\s*(?:\(([^)]*)\))?\s*$")
_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*$", re.I)


def fold(text: str) -> str:
    """Lower case, no accents or extra spaces: how names are compared ("Español" → "espanol")."""
    if text.isascii():  # nothing to decompose
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return " ".join(decomposed.translate(_COMBINING_MARKS).split())


class _CombiningMarks(dict):
    """A ``str.translate`` table deleting combining marks, filled as characters are met (a
    search index folds millions of words: one C call per text, not a Python test per
    character)."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.combining(chr(code)) else code
        self[code] = value
        return value


_COMBINING_MARKS = _CombiningMarks()


#: C0 and C1 control characters for ``str.translate``: deleted, but those that break lines or
#: tabs are spaces.
_CONTROLS = {**dict.fromkeys([*range(0x20), *range(0x7F, 0xA0)]),
             **{ord(space): " " for space in "\t\n\v\f\r\x1c\x1d\x1e\x1f\x85"}}


@lru_cache(maxsize=2048)
def language_code(text: str) -> str | None:
    """The ISO 639 code a name or code stands for ("español" → "es", "Cantonese" → "yue"), or
    None when the text names no language ("Interpreter", "AT&T Language Line"). Control
    characters (a NUL in an imported file) are no part of a name: they are dropped (langcodes'
    name index cannot read them)."""
    text = text.translate(_CONTROLS)
    folded = fold(text)
    if not folded:
        return None
    if folded in ALIASES:
        return ALIASES[folded]
    if _CODE.match(folded) and len(folded) <= 3 or "-" in folded or "_" in folded:
        try:
            tag = langcodes.Language.get(folded.replace("_", "-"))
        except (ValueError, langcodes.tag_parser.LanguageTagError):
            tag = None
        if tag is not None and tag.language and tag.is_valid() and code_to_names(tag.language):
            return tag.language
    try:
        found = langcodes.find(text.strip()).language
    except LookupError:
        return None
    # langcodes also accepts a known name followed by more words ("Spanish speaking"), or the
    # start of one ("bilingual" → "Bilin"); only whole names, or whole names then words, count.
    names = {fold(name) for name in code_to_names(found).values()}
    if folded in names or any(folded.startswith(name + " ") for name in names):
        return found
    return None


def language_name(code: str) -> str:
    """The English name the directory uses for a code ("zh" → "Chinese")."""
    return NAMES.get(code) or langcodes.Language.get(code).display_name("en")


@lru_cache(maxsize=2048)
def normalize_language(text: str) -> tuple[str, str, str | None] | None:
    """("Spanish", "es", None) for "Spanish " or "español"; ("Chinese", "zh", "Cantonese") for
    "Chinese (Cantonese)" or "Cantonese"; None when the text names a service (an interpreter
    line), not a language."""
    match = _DIALECT.match(text or "")
    if not match:
        return None
    main, note = match.group(1).strip(), (match.group(2) or "").strip() or None
    code = language_code(main)
    if code is None and note:
        # "Persian (Farsi)", "Filipino (Tagalog)": the part in brackets may be what we know.
        code, note = language_code(note), None
    if code is None:
        return None
    macro = MACRO.get(code, code)
    if macro != code and note is None:
        note = language_name(code)
    if note:
        note_code = language_code(note)
        if note_code is not None and MACRO.get(note_code, note_code) == macro and (
            note_code == macro or note_code == code == MACRO.get(code)
        ):
            note = None
    return language_name(macro), macro, note


def search_language(text: str | None) -> str | None:
    """The lower-case English name a language filter means, however it was written ("es",
    "Español", "Chinese (Cantonese)" → "spanish", "spanish", "chinese"); the text folded when it
    names no language the code lists know, so a filter never silently widens."""
    if not text or not text.strip():
        return None
    found = normalize_language(text)
    return found[0].lower() if found else fold(text)


ANY_DIALECT = "*"


def language_keys(text: str) -> list[str]:
    """What an index stores for a language a service speaks: its name, and its dialect key
    ("chinese", "chinese:cantonese"; "chinese:*" when no dialect is named)."""
    found = normalize_language(text)
    if found is None:
        return [fold(text)] if text.strip() else []
    name, _code, note = found
    return [name.lower(), f"{name.lower()}:{fold(note) if note else ANY_DIALECT}"]


def filter_keys(text: str | None) -> list[str]:
    """The index keys a language filter accepts: the language, or for a dialect ("Cantonese")
    the services naming that dialect and those naming no dialect at all."""
    if not text or not text.strip():
        return []
    found = normalize_language(text)
    if found is None:
        return [fold(text)]
    name, _code, note = found
    if note is None:
        return [name.lower()]
    return [f"{name.lower()}:{fold(note)}", f"{name.lower()}:{ANY_DIALECT}"]


def language_label(text: str) -> str:
    """How a filter's language reads in an explanation: "spanish", "chinese (cantonese)"."""
    found = normalize_language(text)
    if found is None:
        return fold(text)
    return f"{found[0].lower()} ({found[2].lower()})" if found[2] else found[0].lower()
