"""The interface's catalogs as the tests see them: extracted fresh from the sources, and read."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "platform" / "carebridge" / "translations"
#: The language the sources are written in: its catalog may leave every text as written.
SOURCE_LANGUAGE = "en"


def extracted(folder: Path):
    """Every marked text in the sources now (what `make i18n-extract` would write)."""
    pybabel = Path(sys.executable).with_name("pybabel")
    template = folder / "messages.pot"
    subprocess.run(
        [str(pybabel), "extract", "-F", "babel.cfg", "-k", "lazy_gettext", "-k", "_l",
         "--add-location=file", "-o", str(template), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with open(template, "rb") as handle:
        return read_po(handle)


def catalog(language: str):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=language)


def languages() -> list[str]:
    return sorted(p.name for p in TRANSLATIONS.iterdir()
                  if (p / "LC_MESSAGES" / "messages.po").is_file())


def compile_stale() -> None:
    """Compile each catalog whose .mo is missing or older than its .po (`make install` does
    this; a test run straight after `git merge` must not read last week's .mo)."""
    for language in languages():
        po = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with open(mo, "wb") as handle:
                write_mo(handle, catalog(language))
