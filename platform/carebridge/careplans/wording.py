"""The words people see for the statuses and roles of plans and tasks (stored as codes)."""

from __future__ import annotations

from carebridge.i18n import lazy_gettext as _l

GOAL_STATUS_LABELS = {
    "proposed": _l("Proposed"), "active": _l("Active"), "achieved": _l("Achieved"),
    "not_achieved": _l("Not achieved"), "cancelled": _l("Cancelled"),
}
TASK_STATUS_LABELS = {
    "to_do": _l("To do"), "in_progress": _l("In progress"), "done": _l("Done"),
    "cancelled": _l("Cancelled"),
}
RESPONSIBLE_LABELS = {
    "client": _l("Client"), "care_manager": _l("Care manager"),
    "partner": _l("Partner organisation"), "family": _l("Family or friend"), "other": _l("Other"),
}
SIGNATURE_LABELS = {"typed_name": _l("The client typed their name"),
                    "verbal": _l("The client agreed verbally (recorded by me)")}
MODE_LABELS = {"in_person": _l("In person"), "phone": _l("Phone"), "video": _l("Video")}
APPOINTMENT_STATUS_LABELS = {"scheduled": _l("Scheduled"), "cancelled": _l("Cancelled")}
JUDGED_LABELS = {"improved": _l("a reliable improvement"), "worsened": _l("a reliable worsening"),
                 "no_reliable_change": _l("not a reliable change")}
