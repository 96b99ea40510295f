"""The operator CLI: carebridge [--instance DIR] COMMAND; errors on stderr with exit code 1."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from carebridge.cli import main

ROOT = Path(__file__).resolve().parents[2]
INSTRUMENTS = ROOT / "form_definitions" / "instruments"


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.delenv("CAREBRIDGE_DATABASE_URL", raising=False)
    runner = CliRunner()
    instance = tmp_path / "instance"

    def run(*args, input=None, ok=True):
        result = runner.invoke(main, ["--instance", str(instance), *args], input=input)
        if ok:
            assert result.exit_code == 0, result.output + result.stderr
        return result

    run.instance = instance
    return run


@pytest.fixture
def agency(cli):
    cli("init")
    cli("agency", "create", "eastside", "--name", "Eastside Cares")
    cli("user", "create", "ada@eastside.org", "--agency", "eastside", "--role", "admin",
        "--password-stdin", input="a long enough password\n")
    return "eastside"


def test_init_creates_the_database_and_a_secret_key_and_is_idempotent(cli):
    first = cli("init")
    assert "Database ready" in first.output
    key = (cli.instance / "secret_key").read_text()
    assert (cli.instance / "carebridge.sqlite3").exists()
    cli("init")
    assert (cli.instance / "secret_key").read_text() == key


def test_a_token_is_printed_last_and_opens_the_api(cli, agency):
    result = cli("token", "create", "ada@eastside.org")
    token = result.output.strip().splitlines()[-1]
    assert token.startswith("cb_")
    from carebridge import create_app

    client = create_app(instance_path=cli.instance).test_client()
    response = client.get("/api/v1/forms", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_forms_load_is_idempotent_and_export_writes_them_back(cli, agency, tmp_path):
    loaded = cli("forms", "load", str(INSTRUMENTS), "--agency", agency).output
    assert "phq-9: version 1 (new version) from phq-9.json" in loaded
    again = cli("forms", "load", str(INSTRUMENTS / "phq-9.json"), "--agency", agency).output
    assert again.strip() == "phq-9: version 1 (unchanged) from phq-9.json"

    out = tmp_path / "exported"
    cli("forms", "export", "--agency", agency, "--out", str(out))
    for shipped in INSTRUMENTS.glob("*.json"):
        assert json.loads((out / shipped.name).read_text()) == json.loads(shipped.read_text())


def test_a_folder_with_one_bad_file_loads_nothing(cli, agency, tmp_path):
    folder = tmp_path / "defs"
    folder.mkdir()
    (folder / "good.json").write_text(json.dumps({"title": "Good", "type": "object"}))
    (folder / "bad.json").write_text('{"title": "Bad", "type": "object",')
    result = cli("forms", "load", str(folder), "--agency", agency, ok=False)
    assert result.exit_code == 1
    assert "bad.json: not valid JSON" in result.stderr
    assert result.stdout == ""
    out = tmp_path / "out"
    cli("forms", "export", "--agency", agency, "--out", str(out))
    assert list(out.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("agency", "create", "Bad Slug", "--name", "X"), "lowercase letters"),
        (("agency", "create", "eastside", "--name", "Again"), "already exists"),
        (("user", "create", "x@eastside.org", "--agency", "nowhere", "--role", "intake",
          "--password-stdin"), "No agency with the slug 'nowhere'"),
        (("token", "create", "ghost@eastside.org"), "No user with the e-mail"),
        (("forms", "load", str(INSTRUMENTS), "--agency", "nowhere"), "No agency"),
    ],
)
def test_errors_go_to_stderr_with_a_non_zero_exit(cli, agency, args, message):
    result = cli(*args, input="a long enough password\n", ok=False)
    assert result.exit_code == 1
    assert message in result.stderr


def test_a_short_password_is_refused(cli, agency):
    result = cli("user", "create", "bo@eastside.org", "--agency", agency, "--role", "intake",
                 "--password-stdin", input="short\n", ok=False)
    assert "at least 10 characters" in result.stderr


@pytest.mark.slow
def test_demo_sets_up_an_agency_with_a_user_per_role_and_the_shipped_forms(cli):
    cli("init")
    first = cli("demo").output
    logins = json.loads((cli.instance / "demo_logins.json").read_text())
    assert sorted(logins) == sorted(f"{r}@demo.carebridge.example" for r in
                                    ("admin", "care-manager", "intake", "directory-editor"))
    for email, password in logins.items():
        assert f"{email}  {password}" in first
    forms = len(list(INSTRUMENTS.glob("*.json")))
    assert cli("demo").output.count("version 1 (unchanged)") == forms

    from carebridge import create_app

    client = create_app(instance_path=cli.instance).test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post("/login", data={"email": "admin@demo.carebridge.example",
                                           "password": logins["admin@demo.carebridge.example"],
                                           "csrf_token": token})
    assert response.status_code == 303
    assert "PHQ-9" in client.get("/forms/").get_data(as_text=True)
