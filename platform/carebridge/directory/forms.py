"""The editor's resource form and the worker's suggestion form (WTForms, checked on the server)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

PHONE = r"^[0-9()+.\- ]{7,30}(?:\s*(?:x|ext\.?)\s*\d{1,6})?$"
ZIP = r"^\d{5}(?:-\d{4})?$"


def _http_url(_form, field) -> None:
    if field.data and not field.data.startswith(("http://", "https://")):
        raise ValidationError("Start the address with http:// or https://.")


class ResourceForm(FlaskForm):
    organization = StringField("Organization", validators=[DataRequired(), Length(max=500)])
    service = StringField("Service name", validators=[DataRequired(), Length(max=500)])
    description = TextAreaField("What the service does", validators=[Length(max=5000)])
    address_1 = StringField("Street address", validators=[Length(max=500)])
    city = StringField("City", validators=[Length(max=200)])
    state_province = StringField("State", validators=[Optional(), Length(min=2, max=100)])
    postal_code = StringField("ZIP code", validators=[
        Optional(), Regexp(ZIP, message="Use a 5-digit ZIP code (or ZIP+4).")])
    phone = StringField("Phone", validators=[
        Optional(), Regexp(PHONE, message="Use digits, spaces, dashes and brackets only.")])
    hours = TextAreaField("Hours", validators=[Length(max=1000)],
                          description="As you would say it: “Mon-Fri 9am-5pm; Sat 10-2”.")
    languages = StringField("Languages", validators=[Length(max=500)],
                            description="Comma-separated: “English, Spanish”.")
    eligibility = TextAreaField("Who can use it", validators=[Length(max=2000)])
    fees = StringField("Cost", validators=[Length(max=1000)], description="“Free” if free.")
    url = URLField("Website", validators=[Optional(), Length(max=1000), _http_url])

    FIELD_ORDER = ("organization", "service", "description", "address_1", "city",
                   "state_province", "postal_code", "phone", "hours", "languages",
                   "eligibility", "fees", "url")

    def fields_in_order(self):
        return [self[name] for name in self.FIELD_ORDER]


class SuggestionForm(FlaskForm):
    message = TextAreaField("What is wrong or missing?",
                            validators=[DataRequired(), Length(max=4000)])
