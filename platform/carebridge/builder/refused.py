"""The one error builder edits raise: an edit the document cannot take, in words for admins."""


class EditRefused(ValueError):
    """An edit the document cannot take (the message is for the admin)."""
