"""``carebridge directory import/export`` and the demo directory, from the operator's side."""

import json

import pytest
from click.testing import CliRunner

from carebridge.cli import main


@pytest.fixture
def cli(tmp_path):
    runner = CliRunner()
    instance = tmp_path / "instance"

    def run(*args):
        return runner.invoke(main, ["--instance", str(instance), *args])

    assert run("init").exit_code == 0
    return run


def test_import_reports_counts_and_a_second_import_changes_nothing(cli, shared_data):
    sample = shared_data("data", "ohana-san-mateo", "sample-csv")
    first = cli("directory", "import", str(sample), "--quiet")
    assert first.exit_code == 0, first.output
    assert "(ohana-csv): 348 imported, 0 updated, 0 unchanged, 0 rejected" in first.stdout
    again = cli("directory", "import", str(sample), "--quiet")
    assert "0 imported, 0 updated, 348 unchanged, 0 rejected" in again.stdout


def test_a_broken_file_is_refused_with_its_line_and_nothing_is_stored(cli, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": "1", "name": "Food"},\n {"id": ')
    result = cli("directory", "import", str(broken))
    assert result.exit_code == 1
    assert "nothing was imported" in result.stderr
    assert "line 2" in result.stderr
    out = tmp_path / "export.json"
    assert cli("directory", "export", str(out)).exit_code == 0
    assert json.loads(out.read_text()) == []


@pytest.mark.slow
def test_the_demo_brings_its_own_directory(cli, tmp_path):
    from carebridge import create_app
    from carebridge.directory import index

    result = cli("demo")
    assert "directory: san_mateo_2013.hsds.json.gz (hsds-json):" in result.stdout
    # The index was built after the demo's commit (not on first use below): 1689 services.
    assert any((tmp_path / "instance" / "search-index").iterdir())
    with create_app(instance_path=tmp_path / "instance").app_context():
        assert len(index.backend()) == 1689
    assert "directory: already has services (unchanged)" in cli("demo").stdout
    out = tmp_path / "export.json"
    cli("directory", "export", str(out))
    assert len(json.loads(out.read_text())) > 1000


def test_an_import_reindexes_and_reindex_rebuilds_from_the_database(cli, shared_data, tmp_path):
    from carebridge import create_app
    from carebridge.directory import index, search
    from carebridge.tenancy import ALL_AGENCIES
    from carebridge.unit_of_work import unit_of_work
    from resource_directory.search.backend import SearchQuery

    sample = shared_data("data", "ohana-san-mateo", "sample-csv")
    assert cli("directory", "import", str(sample), "--quiet").exit_code == 0
    app = create_app(instance_path=tmp_path / "instance")
    with app.app_context(), unit_of_work(app, ALL_AGENCIES) as session:
        found = search.run(session, SearchQuery(text="peer counseling"))
        assert found.cards[0].hit.name == "Senior Peer Counseling"
        assert found.cards[0].source == "sample-csv"
    result = cli("directory", "reindex")
    assert result.exit_code == 0
    assert "Indexed 21 services" in result.stdout  # 23, less one inactive and one defunct
    assert index.index_path(app) == tmp_path / "instance" / "search-index"


def test_a_missing_index_is_rebuilt_on_first_use(cli, shared_data, tmp_path):
    import shutil

    from carebridge import create_app
    from carebridge.directory import index
    from resource_directory.search.backend import SearchQuery

    cli("directory", "import", str(shared_data("data", "ohana-san-mateo", "sample-csv")),
        "--quiet")
    shutil.rmtree(tmp_path / "instance" / "search-index")
    app = create_app(instance_path=tmp_path / "instance")
    with app.app_context():
        assert index.backend().search(SearchQuery(text="library")).total > 0


@pytest.fixture
def phone_list(tmp_path):
    """An instance whose config adds the phone-list plugin, and a file in its format."""
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    (instance / "carebridge.cfg").write_text('PLUGINS = ["phone_list_plugin"]\n')
    path = tmp_path / "phones.csv"
    path.write_text("name,phone\nFood Bank,650-555-0100\nShelter,650-555-0101\n")
    return path


def test_a_plugin_format_is_detected_and_chosen_by_name(cli, phone_list):
    listed = cli("directory", "formats")
    assert listed.stdout.splitlines()[0].startswith("phone-list\t")
    assert "hsds-json\t" in listed.stdout
    detected = cli("directory", "import", str(phone_list), "--quiet")
    assert detected.exit_code == 0, detected.output
    assert "(phone-list): 6 imported" in detected.stdout
    named = cli("directory", "import", str(phone_list), "--format", "phone-list", "--quiet")
    assert "6 unchanged" in named.stdout


def test_an_unregistered_format_name_is_refused_with_the_choices(cli, tmp_path):
    result = cli("directory", "import", str(tmp_path), "--format", "phone-list")
    assert result.exit_code == 2
    assert "'phone-list' is not a registered format; choose from: hsds-csv" in result.stderr
