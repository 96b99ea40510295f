"""Configuration layers: defaults → instance folder → CAREBRIDGE_* environment → overrides."""

import pytest

from carebridge import create_app
from carebridge.config import ensure_secret_key


def test_defaults_use_an_sqlite_file_in_the_instance_folder(tmp_path):
    app = create_app({"SECRET_KEY": "k"}, instance_path=tmp_path)
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'carebridge.sqlite3'}"
    assert app.config["TIME_ZONE"] == "America/Los_Angeles"


def test_instance_file_then_environment_then_overrides(tmp_path, monkeypatch):
    (tmp_path / "carebridge.cfg").write_text("TIME_ZONE = 'America/Chicago'\n")
    ensure_secret_key(tmp_path)
    app = create_app(instance_path=tmp_path)
    assert app.config["TIME_ZONE"] == "America/Chicago"
    assert len(app.config["SECRET_KEY"]) == 64

    monkeypatch.setenv("CAREBRIDGE_TIME_ZONE", "America/Denver")
    monkeypatch.setenv("CAREBRIDGE_MAX_SCHEMA_DEPTH", "7")
    app = create_app(instance_path=tmp_path)
    assert app.config["TIME_ZONE"] == "America/Denver"
    assert app.config["MAX_SCHEMA_DEPTH"] == 7

    app = create_app({"TIME_ZONE": "UTC"}, instance_path=tmp_path)
    assert app.config["TIME_ZONE"] == "UTC"


def test_database_url_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREBRIDGE_DATABASE_URL", "postgresql+psycopg://u@h/db")
    app = create_app({"SECRET_KEY": "k"}, instance_path=tmp_path)
    assert app.config["DATABASE_URL"] == "postgresql+psycopg://u@h/db"


def test_there_is_no_built_in_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("CAREBRIDGE_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="carebridge .*init"):
        create_app(instance_path=tmp_path)


def test_the_generated_secret_key_is_private_and_kept(tmp_path):
    key_file = ensure_secret_key(tmp_path)
    first = key_file.read_text()
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    ensure_secret_key(tmp_path)
    assert key_file.read_text() == first
