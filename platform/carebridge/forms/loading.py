"""Definition files in and out: load a file or folder into an agency, export them back."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from flask import current_app
from sqlalchemy.orm import Session

from carebridge.agencies import agency_by_slug
from carebridge.errors import InvalidInput, Problem
from carebridge.forms import service
from carebridge.forms.definitions import META_SCHEMA_FILE
from carebridge.i18n import _
from carebridge.tenancy import set_tenant, tenant_of


def shipped_instruments() -> Path:
    return Path(current_app.config["FORM_DEFINITIONS_DIR"]) / "instruments"


def definition_files(path: Path) -> list[Path]:
    """The JSON files to load: the file itself, or every ``*.json`` below a folder, sorted."""
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*.json") if p.name != META_SCHEMA_FILE)


def load_path(session: Session, agency_slug: str, path: Path) -> Iterator[str]:
    """Check every file first, then publish all of them, or nothing if any is invalid."""
    agency = agency_by_slug(session, agency_slug)
    documents = []
    problems: list[Problem] = []
    for file in definition_files(Path(path)):
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
            service.check_definition(document)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            problems.append(Problem("", _("%(file)s: not valid JSON (%(reason)s).",
                                           file=file, reason=exc)))
            continue
        except InvalidInput as exc:
            problems += [Problem(p.pointer, _("%(file)s: %(message)s", file=file,
                                              message=p.message)) for p in exc.problems]
            continue
        documents.append((file, document))
    if problems:
        raise InvalidInput(_("Nothing was loaded: %(path)s has invalid definitions.",
                                 path=path), problems)
    previous = tenant_of(session)
    set_tenant(session, agency.id)
    try:
        for file, document in documents:
            form, version, created = service.publish(session, document, user_id=None)
            state = "new version" if created else "unchanged"
            yield f"{form.slug}: version {version.number} ({state}) from {file.name}"
        session.flush()
    finally:
        set_tenant(session, previous)


def export(session: Session, agency_slug: str, out: Path) -> Iterator[Path]:
    agency = agency_by_slug(session, agency_slug)
    out.mkdir(parents=True, exist_ok=True)
    previous = tenant_of(session)
    set_tenant(session, agency.id)
    try:
        for form in service.list_definitions(session):
            version = service.get_version(session, form.slug)
            target = out / f"{form.slug}.json"
            target.write_text(json.dumps(version.document, indent=2, ensure_ascii=False) + "\n",
                              encoding="utf-8")
            yield target
    finally:
        set_tenant(session, previous)
