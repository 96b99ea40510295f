"""Login and logout pages."""

from __future__ import annotations

import logging

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email

from carebridge import i18n
from carebridge.auth import service, sessions, throttle
from carebridge.auth.access import current_user
from carebridge.db import get_session
from carebridge.http import same_site_path
from carebridge.i18n import _
from carebridge.i18n import lazy_gettext as _l
from carebridge.tenancy import set_tenant

log = logging.getLogger(__name__)
bp = Blueprint("auth", __name__)


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(check_deliverability=False)])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


@bp.route("/login", methods=["GET", "POST"])
@throttle.per_address
@throttle.per_account
def login():
    form = LoginForm()
    if form.validate_on_submit():
        db = get_session()
        user = service.authenticate(db, form.email.data, form.password.data)
        if user is None:
            log.info("login refused")  # never the address typed: it may be a client's
            service.note_failed_login(current_app._get_current_object(), form.email.data)
            form.password.errors.append(_(
                "That e-mail and password do not match an account. After repeated "
                "failures an account is locked until an admin unlocks it."))
        else:
            log.info("login", extra={"user_id": user.id, "agency_id": user.agency_id})
            set_tenant(db, user.agency_id)
            # A language chosen before signing in is kept (and becomes the profile's choice).
            chosen = session.get(i18n.SESSION_KEY)
            session.clear()
            session["sid"] = sessions.start(db, user, address=request.remote_addr or "",
                                            user_agent=request.user_agent.string)
            if chosen:
                session[i18n.SESSION_KEY] = user.locale = chosen
            # Only a path on this site: an attacker's link must not bounce a login elsewhere.
            return redirect(same_site_path(request.args.get("next"), url_for("forms.index")),
                            code=303)
    status = 422 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout():
    chosen = session.get(i18n.SESSION_KEY)
    token = session.get("sid")
    if token is not None:
        sessions.end(get_session(), token, sessions.LOGOUT)
    session.clear()
    if chosen:
        session[i18n.SESSION_KEY] = chosen
    flash(_("You are logged out."))
    return redirect(url_for("auth.login"), code=303)


@bp.route("/")
def home():
    if current_user() is None:
        return redirect(url_for("auth.login"), code=303)
    return redirect(url_for("forms.index"), code=303)
