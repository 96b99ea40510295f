"""Widgets come from plugins through ``register_widgets``; the built-in ones are no different."""

import pytest

from carebridge import create_app
from carebridge.app_state import app_state
from carebridge.db import database
from carebridge.errors import InvalidInput
from carebridge.forms import service
from carebridge.renderer.compile import compile_definition, compiled_for
from carebridge.tenancy import set_tenant
from carebridge.unit_of_work import unit_of_work
from tests.renderer.conftest import definitions_dir
from tests.renderer.test_views import form_fields

RATING = {
    "id": "visit-rating", "title": "Visit rating", "kind": "intake",
    "schema": {"type": "object", "required": ["rating"], "properties": {
        "rating": {"type": "integer", "title": "How was your visit?", "minimum": 1,
                   "maximum": 5}}},
    "ui": {"fields": {"/rating": {"widget": "stars"}}},
}


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "test-secret", "DATABASE_URL": database_url,
         "FORM_DEFINITIONS_DIR": definitions_dir(tmp_path), "PLUGINS": ["stars_plugin"]},
        instance_path=tmp_path / "instance",
    )  # its database is migrated already (see tests/conftest.py)
    yield app
    database(app).engine.dispose()


@pytest.fixture
def worker(app, world, auth):
    with unit_of_work(app, world.agencies["alpha"]) as session:
        set_tenant(session, world.agencies["alpha"])
        with app.app_context():
            service.publish(session, RATING, user_id=world.users[("alpha", "admin")])
    auth.login(world.email("alpha", "intake"))
    return auth.client


def test_the_built_in_widgets_are_registered_through_the_hook(app):
    table = app_state(app).widgets
    assert {"radio", "select", "searchable-select", "checkboxes", "text", "textarea",
            "hidden", "password", "range", "toggle"} <= set(table.names)
    assert "stars" in table.names


def test_the_widget_table_is_built_once_per_app(app):
    with app.app_context():
        first = compiled_for("rating", RATING)
        assert compiled_for("rating", RATING) is first
        assert first.widgets is app_state(app).widgets


def test_a_plugin_widget_named_in_ui_fields_draws_the_question(worker):
    html = worker.get("/forms/visit-rating/fill").get_data(as_text=True)
    assert '<fieldset class="field stars" id="f-rating">' in html
    assert html.count('name="rating" value=') == 5
    data = {**form_fields(html), "_action": "submit", "rating": "4"}
    assert worker.post("/forms/visit-rating/fill", data=data).status_code == 303


def test_without_the_plugin_the_name_is_refused_where_it_is_written(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "k",
                      "FORM_DEFINITIONS_DIR": definitions_dir(tmp_path),
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
                     instance_path=tmp_path / "instance")
    with app.app_context(), pytest.raises(InvalidInput) as refused:
        service.check_definition(RATING)
    [problem] = refused.value.problems
    assert problem.pointer == "/ui/fields/~1rating/widget"
    assert "No installed plugin registers a widget named 'stars'" in problem.message


def test_a_stored_form_naming_a_missing_widget_falls_back_with_a_warning():
    form = compile_definition(RATING)  # outside an app: only the default plugins
    assert form.root.child("rating").widget == "text"
    assert form.warnings == ["/rating: unknown widget 'stars'."]


def test_a_named_widget_that_cannot_draw_the_field_is_replaced_by_the_default():
    document = {"schema": {"type": "object", "properties": {"x": {"type": "string"}}},
                "ui": {"fields": {"/x": {"widget": "toggle"}}}}
    form = compile_definition(document)
    assert form.root.child("x").widget == "text"
    assert "does not draw a field of kind string" in form.warnings[0]


def test_a_plugin_widget_can_name_its_own_input_type():
    from carebridge.renderer.widget_table import Widget, WidgetTable
    from carebridge.renderer.widgets import register_widgets

    text = next(w for w in register_widgets() if w.name == "text")
    colour = Widget("colour", text.write, frozenset({"string"}), input_type="color")
    document = {"schema": {"type": "object", "properties": {"x": {"type": "string"}}},
                "ui": {"fields": {"/x": {"widget": "colour"}}}}
    field = compile_definition(document, WidgetTable([colour, *register_widgets()])).root.child("x")
    assert (field.widget, field.input_type) == ("colour", "color")
