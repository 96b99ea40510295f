"""Poverty guidelines: the shipped table, lookups by year, region and size, adding a year."""

import csv

import pytest
from click.testing import CliRunner

from carebridge.benefits import poverty
from carebridge.cli import main
from carebridge.errors import InvalidInput


def test_the_shipped_table_matches_the_shared_hhs_figures(shared_data, guidelines):
    with shared_data("data", "poverty-guidelines.csv").open() as handle:
        for row in csv.DictReader(handle):
            shipped = guidelines.rows[(int(row["year"]), row["region"])]
            assert (shipped.first_person, shipped.each_additional_person) == (
                int(row["first_person"]), int(row["each_additional_person"]))


def test_every_shipped_year_cites_its_federal_register_notice(guidelines):
    assert guidelines.years == [2022, 2023, 2024, 2025, 2026]
    for guideline in guidelines.rows.values():
        assert " FR " in guideline.source and "FR Doc." in guideline.source


# Published lines of the HHS tables (the notices list households of 1 to 8).
@pytest.mark.parametrize(("year", "state", "size", "annual"), [
    (2022, "CA", 1, 13590), (2022, "CA", 4, 27750), (2022, "AK", 3, 28790),
    (2023, "NY", 2, 19720), (2023, "HI", 4, 34500), (2023, "DC", 8, 50560),
    (2024, "CA", 1, 15060), (2024, "CA", 4, 31200), (2024, "CA", 8, 52720),
    (2024, "AK", 1, 18810), (2024, "HI", 3, 29690),
    (2025, "TX", 4, 32150), (2025, "AK", 2, 26430), (2025, "HI", 1, 17990),
    (2026, "CO", 3, 27320), (2026, "MA", 5, 38680), (2026, "AK", 1, 19950),
    (2024, "CA", 10, 63480),  # beyond 8: add the additional amount per person
])
def test_guidelines_for_household_sizes_and_regions(guidelines, year, state, size, annual):
    assert guidelines.guideline(year, state).for_size(size) == annual


@pytest.mark.parametrize(("state", "region"), [
    ("AK", "alaska"), ("HI", "hawaii"), ("CA", "contiguous_us"), ("DC", "contiguous_us"),
])
def test_regions(state, region):
    assert poverty.region_of(state) == region


def test_a_year_without_its_own_table_uses_the_latest_earlier_one(guidelines):
    assert guidelines.guideline(2031, "CA").year == 2026
    assert guidelines.guideline(2021, "CA") is None


def test_percent_is_exact_at_the_limit(guidelines):
    assert guidelines.percent(30120, 1, 2024, "CA") == 200.0
    assert guidelines.percent(30120.12, 1, 2024, "CA") > 200.0


NEW_YEAR = """year,region,first_person,each_additional_person,source
2027,contiguous_us,16400,5800,HHS notice for 2027
2027,alaska,20500,7250,HHS notice for 2027
2027,hawaii,18860,6670,HHS notice for 2027
"""


def test_an_instance_adds_a_new_year_and_screenings_use_it(tmp_path):
    assert poverty.add_years(tmp_path, NEW_YEAR) == [2027]
    table = poverty.PovertyGuidelines.load(poverty.SHIPPED, poverty.instance_file(tmp_path))
    assert table.guideline(2027, "CA").for_size(2) == 22200
    assert table.guideline(2026, "CA").first_person == 15960  # shipped years stay


def test_changing_a_loaded_year_needs_replace(tmp_path):
    changed = NEW_YEAR.replace("2027", "2026")
    with pytest.raises(InvalidInput) as caught:
        poverty.add_years(tmp_path, changed)
    assert "2026 contiguous_us: loaded 15960/5680, file 16400/5800" in [
        p.message for p in caught.value.problems]
    assert poverty.add_years(tmp_path, changed, replace=True) == [2026]


@pytest.mark.parametrize(("text", "says"), [
    ("year,region\n2027,alaska\n", "missing column 'first_person'"),
    (NEW_YEAR.replace("20500", "twenty"), "line 3: year and amounts must be whole numbers"),
    (NEW_YEAR.replace("hawaii", "guam"), "line 4: region must be one of"),
    (NEW_YEAR.replace(",HHS notice for 2027\n2027,hawaii", ",\n2027,hawaii"),
     "line 3: say where the figures come from"),
    (NEW_YEAR.replace("7250", "25000"), "each additional person less than the first"),
    ("\n".join(NEW_YEAR.splitlines()[:3]) + "\n", "2027 needs one row for each of"),
    (NEW_YEAR + "2027,hawaii,18860,6670,again\n", "2027 lists hawaii twice"),
    (NEW_YEAR.replace("2027", "1850"), "not a plausible year"),
])
def test_a_bad_table_is_refused_with_the_line(tmp_path, text, says):
    with pytest.raises(InvalidInput) as caught:
        poverty.add_years(tmp_path, text)
    assert any(says in p.message for p in caught.value.problems), caught.value.problems
    assert not poverty.instance_file(tmp_path).exists()


def test_the_command_loads_and_lists_years(tmp_path):
    instance = tmp_path / "instance"
    runner = CliRunner()
    env = {"CAREBRIDGE_SECRET_KEY": "k"}
    table = tmp_path / "2027.csv"
    table.write_text(NEW_YEAR)
    loaded = runner.invoke(main, ["--instance", str(instance), "benefits",
                                  "poverty-guidelines", "load", str(table)], env=env)
    assert loaded.exit_code == 0, loaded.output
    listed = runner.invoke(main, ["--instance", str(instance), "benefits",
                                  "poverty-guidelines", "list"], env=env)
    assert "2027  alaska" in listed.output and "91 FR 1797" in listed.output
    again = runner.invoke(main, ["--instance", str(instance), "benefits", "poverty-guidelines",
                                 "load", str(table)], env=env)
    assert again.exit_code == 0  # the same figures again are no change
    table.write_text(NEW_YEAR.replace("16400", "16500"))
    refused = runner.invoke(main, ["--instance", str(instance), "benefits",
                                   "poverty-guidelines", "load", str(table)], env=env)
    assert refused.exit_code == 1 and "--replace" in refused.output
