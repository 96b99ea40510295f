"""The names under which a browser keeps a person's typed answers (renderer.js's local backup).

A backup only bridges a lost connection or an expired session. It belongs to the person who
typed it (the key starts with their user id, so the next person on a shared tablet never sees
it), and it is cleared when the form is submitted and when that person logs out.
"""

from __future__ import annotations

PREFIX = "carebridge:"


def user_prefix(user_id: int | None) -> str:
    """Every backup of one person starts with this."""
    return f"{PREFIX}u{user_id}:"


def backup_key(user_id: int | None, slug: str, draft_id: str | None = "") -> str:
    """The backup of one form being filled: a new one, or a draft being resumed."""
    return f"{user_prefix(user_id)}{slug}:{draft_id or 'new'}"


def submitted_keys(user_id: int | None, slug: str, draft_ids: list[str]) -> list[str]:
    """The backups a submission makes obsolete: the new form's and its drafts'."""
    return [backup_key(user_id, slug)] + [backup_key(user_id, slug, d) for d in draft_ids]
