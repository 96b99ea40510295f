"""Language names as providers write them, normalized to English names and ISO 639-1 codes."""

from __future__ import annotations

import re

# English name -> ISO 639 code. Dialects ("Chinese (Cantonese)") keep the main language's name
# and carry the dialect as a note, so a search for Chinese finds every Chinese service.
CODES = {
    "Amharic": "am",
    "Arabic": "ar",
    "Aramaic": "arc",
    "Armenian": "hy",
    "Bengali": "bn",
    "Burmese": "my",
    "Chinese": "zh",
    "Croatian": "hr",
    "Czech": "cs",
    "Danish": "da",
    "Dutch": "nl",
    "English": "en",
    "Fijian": "fj",
    "Filipino": "fil",
    "French": "fr",
    "Gaelic": "gd",
    "German": "de",
    "Greek": "el",
    "Gujarati": "gu",
    "Hebrew": "he",
    "Hindi": "hi",
    "Hungarian": "hu",
    "Indonesian": "id",
    "Italian": "it",
    "Japanese": "ja",
    "Khmer": "km",
    "Korean": "ko",
    "Lao": "lo",
    "Maltese": "mt",
    "Marathi": "mr",
    "Norwegian": "no",
    "Persian": "fa",
    "Polish": "pl",
    "Portuguese": "pt",
    "Punjabi": "pa",
    "Romanian": "ro",
    "Russian": "ru",
    "Samoan": "sm",
    "Serbo-Croatian": "sh",
    "Sign Language": "sgn",
    "Sindhi": "sd",
    "Sinhala": "si",
    "Somali": "so",
    "Spanish": "es",
    "Swahili": "sw",
    "Swedish": "sv",
    "Tagalog": "tl",
    "Tamil": "ta",
    "Telugu": "te",
    "Thai": "th",
    "Tibetan": "bo",
    "Tigrinya": "ti",
    "Tongan": "to",
    "Ukrainian": "uk",
    "Urdu": "ur",
    "Vietnamese": "vi",
    "Yiddish": "yi",
}
ALIASES = {
    "panjabi": "Punjabi",
    "farsi": "Persian",
    "cambodian": "Khmer",
    "sinhalese": "Sinhala",
    "sign languages": "Sign Language",
    "american sign language": "Sign Language",
    "asl": "Sign Language",
    "mandarin": "Chinese",
    "cantonese": "Chinese",
    "castellano": "Spanish",
    "espanol": "Spanish",
    "español": "Spanish",
}
_BY_LOWER = {name.lower(): name for name in CODES} | ALIASES
_DIALECT = re.compile(r"^\s*([^()]+?)\s*(?:\(([^)]*)\))?\s*$")


def normalize_language(text: str) -> tuple[str, str, str | None] | None:
    """("Spanish", "es", None) for "Spanish ", ("Chinese", "zh", "Mandarin") for
    "Chinese (Mandarin)"; None when the text names a service (an interpreter line), not a
    language."""
    match = _DIALECT.match(text or "")
    if not match:
        return None
    main, dialect = match.group(1).strip(), (match.group(2) or "").strip() or None
    name = _BY_LOWER.get(main.lower())
    if name == "Chinese" and main.lower() in {"mandarin", "cantonese"}:
        dialect = main.title()
    if name is None and dialect:
        # "Persian (Farsi)": the part in brackets may be the name we know.
        name = _BY_LOWER.get(dialect.lower())
        dialect = None
    if name is None:
        return None
    if dialect and _BY_LOWER.get(dialect.lower()) == name:
        dialect = None
    return name, CODES[name], dialect
