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
NOTE_KIND_LABELS = {"progress": _l("Progress note (discussed, assessment, plan)"),
                    "free": _l("Free text"), "contact": _l("Contact attempt")}
CONTACT_METHOD_LABELS = {"phone": _l("Phone"), "in_person": _l("In person"),
                         "video": _l("Video"), "email": _l("E-mail"), "text": _l("Text message")}
CONTACT_OUTCOME_LABELS = {"reached": _l("Reached"), "voicemail": _l("Left a voicemail"),
                          "no_answer": _l("No answer"), "wrong_number": _l("Wrong number"),
                          "other": _l("Other")}
TEAM_KIND_LABELS = {"worker": _l("Agency worker"), "provider": _l("Outside provider"),
                    "family": _l("Family or caregiver")}
SHARE_LABELS = {"appointments": _l("Appointments"), "care_plan": _l("The care plan"),
                "assessments": _l("Assessment results"), "referrals": _l("Referrals")}
MESSAGE_STATUS_LABELS = {"queued": _l("Queued"), "sent": _l("Sent"), "failed": _l("Failed")}
CHANNEL_LABELS = {"email": _l("e-mail"), "sms": _l("text message")}
REMINDER_KIND_LABELS = {"first": _l("Appointment reminder"),
                        "second": _l("Second appointment reminder"),
                        "follow_up": _l("Referral follow-up reminder")}
REMINDER_STATUS_LABELS = {"pending": _l("Waiting for its time"), "sending": _l("Sending"),
                          "done": _l("Sent"), "skipped": _l("Not sent"),
                          "cancelled": _l("Cancelled")}
REMINDER_OUTCOME_LABELS = {
    "sent": _l("delivered to the sender"), "failed": _l("the sender failed"),
    "no_consent": _l("the client has not agreed"), "no_address": _l("no address to send to"),
    "too_late": _l("its time had passed"), "interrupted": _l("the worker stopped while sending"),
    "appointment_cancelled": _l("the appointment was cancelled"),
    "referral_closed": _l("the referral was closed"),
    "setting_off": _l("the agency turned it off"),
}
#: Everything the reminders part of a page names, for a template's context.
REMINDER_LABELS = {"channel_labels": CHANNEL_LABELS, "reminder_kind_labels": REMINDER_KIND_LABELS,
                   "reminder_status_labels": REMINDER_STATUS_LABELS,
                   "reminder_outcome_labels": REMINDER_OUTCOME_LABELS}
