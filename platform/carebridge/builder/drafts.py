"""Builder drafts as a service: start one, apply an edit, undo, publish as a new version."""

from __future__ import annotations

import copy
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge.builder import changes as change_summary
from carebridge.builder import operations as ops
from carebridge.builder.models import BuilderDraft
from carebridge.builder.questions import code_from_label
from carebridge.builder.view import read
from carebridge.errors import NotFound
from carebridge.forms import service as forms
from carebridge.forms.models import KINDS, FormVersion, Submission
from carebridge.i18n import gettext as _

log = logging.getLogger(__name__)

#: How many earlier documents a draft keeps for undo.
UNDO_DEPTH = 30


def start(session: Session, document: dict, *, user_id: int | None,
          base_version: int | None = None) -> BuilderDraft:
    draft = BuilderDraft(slug=str(document.get("id", ""))[:100],
                         title=str(document.get("title", ""))[:300], document=document,
                         history=[], base_version=base_version, created_by_id=user_id)
    session.add(draft)
    session.flush()
    log.info("builder draft started", extra={"builder_draft_id": draft.id})
    return draft


def start_blank(session: Session, title: str, kind: str, *, user_id: int | None
                ) -> BuilderDraft:
    title = title.strip() or _("New form")
    slug = free_slug(session, code_from_label(title).replace("_", "-")[:90])
    kind = kind if kind in KINDS else "intake"
    return start(session, ops.blank(title, slug, kind), user_id=user_id)


def start_from_form(session: Session, slug: str, *, user_id: int | None) -> BuilderDraft:
    """A draft of the agency's form: its next version."""
    version = forms.get_version(session, slug)
    return start(session, copy.deepcopy(version.document), user_id=user_id,
                 base_version=version.number)


def start_from_file(session: Session, path: Path, *, user_id: int | None) -> BuilderDraft:
    """A copy of a shipped instrument (under a new id when the agency already has that one)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    document["id"] = free_slug(session, str(document.get("id", "copy")))
    return start(session, document, user_id=user_id)


def free_slug(session: Session, slug: str) -> str:
    slug = slug.strip("-") or "form"
    taken = {f.slug for f in forms.list_definitions(session)}
    found, n = slug, 2
    while found in taken:
        found, n = f"{slug}-{n}", n + 1
    return found


def list_drafts(session: Session) -> list[BuilderDraft]:
    return list(session.scalars(select(BuilderDraft).order_by(BuilderDraft.updated_at.desc())))


def get(session: Session, draft_id: str) -> BuilderDraft:
    draft = session.get(BuilderDraft, draft_id)
    if draft is None:
        raise NotFound(_("No such form draft."))
    return draft


def change(session: Session, draft: BuilderDraft, document: dict) -> None:
    """Keep ``document`` as the draft's content, the one before it for undo."""
    if document == draft.document:
        return
    draft.history = [*draft.history, draft.document][-UNDO_DEPTH:]
    draft.document = document
    draft.slug = str(document.get("id", draft.slug))[:100]
    draft.title = str(document.get("title", draft.title))[:300]
    session.flush()


def undo(session: Session, draft: BuilderDraft) -> bool:
    if not draft.history:
        return False
    *rest, last = draft.history
    draft.history, draft.document = rest, last
    session.flush()
    return True


def discard(session: Session, draft: BuilderDraft) -> None:
    session.delete(draft)
    session.flush()


def published_versions(session: Session, slug: str) -> list[FormVersion]:
    found = forms.find_definition(session, slug)
    return list(found.versions) if found is not None else []


def locked_codes(session: Session, slug: str) -> dict[str, set[str]]:
    """Choice codes, by data path, that a published version of the form already stores."""
    locked: dict[str, set[str]] = {}
    for version in published_versions(session, slug):
        for item in read(version.document).all_items():
            if item.choices:
                locked.setdefault(item.data_path, set()).update(
                    str(r["const"]) for r in item.choices)
    return locked


@dataclass
class Review:
    """What publishing the draft would change, and the stored answers a change leaves behind."""

    latest: int | None
    changes: change_summary.Changes
    orphaned: dict[str, list]
    #: The draft started from an older version than the latest: publishing replaces the
    #: versions made since, whatever they changed.
    overtaken: bool = False


def review(session: Session, draft: BuilderDraft) -> Review:
    versions = published_versions(session, draft.slug)
    latest = versions[-1] if versions else None
    found = change_summary.compare(latest.document if latest else None, draft.document)
    removed = found.removed_codes()
    orphaned = {}
    if removed and versions:
        stored = session.scalars(select(Submission.data).where(
            Submission.form_version_id.in_([v.id for v in versions])))
        orphaned = change_summary.codes_in_use(stored, removed)
    overtaken = bool(latest and draft.base_version and latest.number > draft.base_version)
    return Review(latest.number if latest else None, found, orphaned, overtaken)


def publish(session: Session, draft: BuilderDraft, *, user_id: int | None):
    """Publish the draft as the form's next version; the draft is done with."""
    definition, version, created = forms.publish(session, draft.document, user_id=user_id)
    discard(session, draft)
    log.info("builder draft published", extra={"form": definition.slug,
                                               "version": version.number})
    return definition, version, created
