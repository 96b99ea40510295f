"""A whole agency's worth of data for attacks to aim at: the demo's own loaders, run for one
more agency of the test world, so every kind of object a route can name exists once."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select

from carebridge.agencies import create_agency
from carebridge.app_state import app_state
from carebridge.auth.service import create_token, create_user
from carebridge.builder import drafts as builder_drafts
from carebridge.cli import DEMO_AGENCY
from carebridge.db import Base, database
from carebridge.directory import index
from carebridge.forms import loading
from carebridge.forms import service as forms
from carebridge.forms.models import FormDefinition
from carebridge.migrations import upgrade
from carebridge.renderer.kiosk import create_kiosk_link, may_run_on_kiosk
from carebridge.tenancy import ALL_AGENCIES, TenantScoped, set_tenant
from carebridge.unit_of_work import unit_of_work
from tests.conftest import PASSWORD, ROLES, World, build_world, test_app
from tests.directory.conftest import build_directory


@dataclass
class Target:
    """A database holding the test world (agencies alpha and beta) and agency ``demo`` with
    every feature's data; ``rows`` are demo's primary keys by model."""

    path: Path
    world: World
    rows: dict[type, list]

    def app(self, folder: Path):
        """A new app on a copy of the database (each test may change it at will)."""
        copy = folder / "target.sqlite3"
        shutil.copyfile(self.path, copy)
        app = test_app(f"sqlite:///{copy}", folder / "instance")
        return app, replace(self.world, app=app, agencies=dict(self.world.agencies),
                            users=dict(self.world.users), tokens=dict(self.world.tokens))


def build_target(folder: Path) -> Target:
    path = folder / "target.sqlite3"
    app = test_app(f"sqlite:///{path}", folder / "instance")
    upgrade(app)
    world = build_world(app)
    rows = load_agency(app, world)
    database(app).engine.dispose()  # its WAL merged into the file, which is then copied
    return Target(path, world, rows)


def load_agency(app, world: World) -> dict[type, list]:
    """Agency ``demo``: a user and token per role (added to ``world``), the shipped forms and
    every feature's demo data (clients, care plans, referrals, programs, benefits…), a form
    draft, a builder draft and a kiosk link, beside the test directory (the real demo
    directory takes a minute to index). Returns the primary keys of its rows, by model."""
    with unit_of_work(app, ALL_AGENCIES) as session:
        build_directory(session)
        index.rebuild(app, session)
    with unit_of_work(app, ALL_AGENCIES) as session:
        agency = create_agency(session, DEMO_AGENCY, "Demo Community Care")
        world.agencies[DEMO_AGENCY] = agency.id
        for role in ROLES:
            user = create_user(session, agency, world.email(DEMO_AGENCY, role), role, PASSWORD,
                               name=role.replace("_", " ").title())
            world.users[(DEMO_AGENCY, role)] = user.id
            world.tokens[(DEMO_AGENCY, role)] = create_token(session, user)
        for _line in loading.load_path(session, DEMO_AGENCY, loading.shipped_instruments()):
            pass
        for loaders in app_state(app).hook.register_demo_data():
            for loader in loaders:
                if loader.__module__.startswith("carebridge.directory"):
                    continue  # the shared directory is built above
                for _line in loader(session):
                    pass
    admin = world.users[(DEMO_AGENCY, "admin")]
    with unit_of_work(app, agency.id) as session:
        set_tenant(session, agency.id)
        definitions = session.scalars(select(FormDefinition).order_by(FormDefinition.id)).all()
        kiosk_form = next(d for d in definitions if may_run_on_kiosk(d))
        create_kiosk_link(session, kiosk_form, user_id=admin)
        forms.save_draft(session, kiosk_form.slug, {},
                         user_id=admin)
        builder_drafts.start_from_form(session, kiosk_form.slug, user_id=admin)
    return agency_rows(app, agency.id)


def agency_rows(app, agency_id: int) -> dict[type, list]:
    """Every tenant-scoped model's primary keys in ``agency_id``, oldest first."""
    found: dict[type, list] = {}
    with unit_of_work(app, ALL_AGENCIES) as session:
        for mapper in Base.registry.mappers:
            model = mapper.class_
            if not issubclass(model, TenantScoped):
                continue
            key = mapper.primary_key[0]
            found[model] = list(session.scalars(
                select(key).where(model.agency_id == agency_id).order_by(key)))
    return found
