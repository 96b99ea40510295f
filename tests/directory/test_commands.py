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


def test_the_demo_brings_its_own_directory(cli, tmp_path):
    result = cli("demo")
    assert "directory: san_mateo_2013.hsds.json.gz (hsds-json):" in result.stdout
    assert "directory: already has services (unchanged)" in cli("demo").stdout
    out = tmp_path / "export.json"
    cli("directory", "export", str(out))
    assert len(json.loads(out.read_text())) > 1000
