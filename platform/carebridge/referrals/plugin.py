"""Referrals as a built-in plugin: pages and API, the client file's matches and referrals
sections and timeline entries, navigation, the OpenAPI paths, demo referrals, and forgetting
matches when the directory changes."""

from __future__ import annotations

from carebridge.plugins import hookimpl


@hookimpl
def register_blueprints(app):
    from carebridge.extensions import csrf
    from carebridge.referrals import api, views

    csrf.exempt(api.bp)  # bearer tokens, like the core API
    return [views.bp, api.bp]


@hookimpl
def register_openapi_paths():
    from carebridge.referrals.openapi import paths

    return paths()


@hookimpl
def extra_nav_items_for_role(role):
    from flask import url_for

    from carebridge.auth.roles import can
    from carebridge.i18n import _

    items = []
    if can(role, "referrals.read"):
        items.append((_("Overdue referrals"), url_for("referrals.overdue")))
        items.append((_("Referral inbox"), url_for("referrals.inbox")))
    if can(role, "partners.manage"):
        items.append((_("Partner organizations"), url_for("referrals.partner_organizations")))
    return items


@hookimpl
def client_file_sections(client, user):
    from carebridge.referrals.sections import sections

    return sections(client, user)


@hookimpl
def client_timeline(client, user):
    from carebridge.referrals.sections import timeline

    return timeline(client, user)


@hookimpl
def directory_changed(service_ids, session):
    from carebridge.referrals.matches import forget_matcher

    forget_matcher()


# Last: the demo directory and the demo clients come first.
@hookimpl(trylast=True)
def register_demo_data():
    from carebridge.referrals.demo import load_demo_referrals

    return [load_demo_referrals]
