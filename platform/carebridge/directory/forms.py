"""The editor's resource form and the worker's suggestion form (WTForms, checked on the server)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from carebridge.i18n import _
from carebridge.i18n import lazy_gettext as _l

PHONE = r"^[0-9()+.\- ]{7,30}(?:\s*(?:x|ext\.?)\s*\d{1,6})?$"
ZIP = r"^\d{5}(?:-\d{4})?$"


def _http_url(_form, field) -> None:
    if field.data and not field.data.startswith(("http://", "https://")):
        raise ValidationError(_("Start the address with http:// or https://."))


class ResourceForm(FlaskForm):
    organization = StringField(_l("Organization"), validators=[DataRequired(), Length(max=500)])
    service = StringField(_l("Service name"), validators=[DataRequired(), Length(max=500)])
    description = TextAreaField(_l("What the service does"), validators=[Length(max=5000)])
    address_1 = StringField(_l("Street address"), validators=[Length(max=500)])
    city = StringField(_l("City"), validators=[Length(max=200)])
    state_province = StringField(_l("State"), validators=[Optional(), Length(min=2, max=100)])
    postal_code = StringField(_l("ZIP code"), validators=[
        Optional(), Regexp(ZIP, message=_l("Use a 5-digit ZIP code (or ZIP+4)."))])
    phone = StringField(_l("Phone"), validators=[
        Optional(), Regexp(PHONE, message=_l("Use digits, spaces, dashes and brackets only."))])
    hours = TextAreaField(_l("Hours"), validators=[Length(max=1000)],
                          description=_l("As you would say it: “Mon-Fri 9am-5pm; Sat 10-2”."))
    languages = StringField(_l("Languages"), validators=[Length(max=500)],
                            description=_l("Comma-separated: “English, Spanish”."))
    eligibility = TextAreaField(_l("Who can use it"), validators=[Length(max=2000)])
    fees = StringField(_l("Cost"), validators=[Length(max=1000)], description=_l("“Free” if free."))
    url = URLField(_l("Website"), validators=[Optional(), Length(max=1000), _http_url])

    FIELD_ORDER = ("organization", "service", "description", "address_1", "city",
                   "state_province", "postal_code", "phone", "hours", "languages",
                   "eligibility", "fees", "url")

    def fields_in_order(self):
        return [self[name] for name in self.FIELD_ORDER]


class SuggestionForm(FlaskForm):
    message = TextAreaField(_l("What is wrong or missing?"),
                            validators=[DataRequired(), Length(max=4000)])
