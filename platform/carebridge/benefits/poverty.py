"""HHS poverty guidelines as data: the shipped table, each year an instance adds, and lookups.

The guideline for a household is the first person's amount plus one amount per additional
person, for the household's region: the 48 contiguous states and DC, Alaska, or Hawaii. A
screening uses the table of its calendar year when loaded, else the latest earlier one, and
every percentage says which year it used.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from carebridge.app_state import app_state
from carebridge.errors import InvalidInput, Problem
from carebridge.i18n import _

SHIPPED = Path(__file__).parent / "data" / "poverty-guidelines.csv"
INSTANCE_FILE = "poverty-guidelines.csv"
REGIONS = ("contiguous_us", "alaska", "hawaii")
COLUMNS = ("year", "region", "first_person", "each_additional_person", "source")


def region_of(state: str) -> str:
    """The guidelines' region for a state's postal code."""
    return {"AK": "alaska", "HI": "hawaii"}.get(state, "contiguous_us")


@dataclass(frozen=True)
class Guideline:
    """One year's figures for one region, and the notice that published them."""

    year: int
    region: str
    first_person: int
    each_additional_person: int
    source: str

    def for_size(self, size: int) -> int:
        """The annual guideline for a household of ``size`` people."""
        return self.first_person + self.each_additional_person * (size - 1)


class PovertyGuidelines:
    """A table of guidelines by (year, region)."""

    def __init__(self, rows: list[Guideline]):
        self.rows = {(g.year, g.region): g for g in rows}

    @classmethod
    def load(cls, *paths: Path) -> PovertyGuidelines:
        """Read CSV files in order; a later file's year replaces an earlier file's."""
        rows: list[Guideline] = []
        for path in paths:
            if path.is_file():
                rows.extend(read(path.read_text(encoding="utf-8")))
        return cls(rows)

    @property
    def years(self) -> list[int]:
        return sorted({year for year, _ in self.rows})

    def year_for(self, year: int) -> int | None:
        """The table to use in ``year``: its own, else the latest earlier one."""
        earlier = [y for y in self.years if y <= year]
        return earlier[-1] if earlier else None

    def guideline(self, year: int, state: str) -> Guideline | None:
        table_year = self.year_for(year)
        return None if table_year is None else self.rows.get((table_year, region_of(state)))

    def percent(self, annual_income: float, size: int, year: int, state: str) -> float | None:
        """Income as a percentage of the guideline, exact until the final rounding to float."""
        guideline = self.guideline(year, state)
        if guideline is None:
            return None
        return float(Fraction(str(annual_income)) * 100 / guideline.for_size(size))


def read(text: str) -> list[Guideline]:
    """Parse and check a guidelines CSV; every problem is reported at its row and column."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InvalidInput(_("The file needs the columns %(columns)s.", columns=", ".join(COLUMNS)),
                           [Problem("/0", _("missing column '%(name)s'", name=name))
                            for name in missing])
    rows, problems = [], []
    for number, raw in enumerate(reader, start=2):
        try:
            rows.append(_row(raw))
        except ValueError as exc:
            problems.append(Problem(f"/{number}", _("line %(number)s: %(reason)s",
                                                    number=number, reason=exc)))
    by_year: dict[int, set[str]] = {}
    for row in rows:
        if row.region in by_year.setdefault(row.year, set()):
            problems.append(Problem(f"/{row.year}", _("%(year)s lists %(region)s twice",
                                                      year=row.year, region=row.region)))
        by_year[row.year].add(row.region)
    for year, regions in sorted(by_year.items()):
        if set(regions) != set(REGIONS):
            problems.append(Problem(f"/{year}", _("%(year)s needs one row for each of %(regions)s",
                                                  year=year, regions=", ".join(REGIONS))))
    if problems:
        raise InvalidInput(_("The poverty guidelines file needs attention."), problems)
    return rows


def _row(raw: dict) -> Guideline:
    try:
        year = int(raw["year"])
        first, each = int(raw["first_person"]), int(raw["each_additional_person"])
    except (TypeError, ValueError):
        raise ValueError(_("year and amounts must be whole numbers")) from None
    if not 1960 <= year <= 2100:
        raise ValueError(_("%(year)s is not a plausible year", year=year))
    if raw["region"] not in REGIONS:
        raise ValueError(_("region must be one of %(regions)s", regions=", ".join(REGIONS)))
    if not (0 < each < first <= 1_000_000):
        raise ValueError(_("amounts must be positive, each additional person less than "
                           "the first"))
    source = (raw.get("source") or "").strip()
    if not source:
        raise ValueError(_("say where the figures come from (the source column)"))
    return Guideline(year, raw["region"], first, each, source)


def instance_file(instance_path: str | Path) -> Path:
    return Path(instance_path) / INSTANCE_FILE


def add_years(instance_path: str | Path, text: str, replace: bool = False) -> list[int]:
    """Add the years in a CSV to the instance's table; return them. Changing a year needs
    ``replace`` (published figures do not change; a differing row is usually a typo)."""
    new = read(text)
    current = PovertyGuidelines.load(SHIPPED, instance_file(instance_path))
    conflicts = [g for g in new if (g.year, g.region) in current.rows
                 and current.rows[(g.year, g.region)] != g]
    if conflicts and not replace:
        raise InvalidInput(
            _("These years are already loaded with other figures; check them, then use "
              "--replace."),
            [Problem(f"/{g.year}", _(
                "%(year)s %(region)s: loaded %(first)s/%(each)s, file %(new_first)s/%(new_each)s",
                year=g.year, region=g.region,
                first=current.rows[(g.year, g.region)].first_person,
                each=current.rows[(g.year, g.region)].each_additional_person,
                new_first=g.first_person, new_each=g.each_additional_person))
             for g in conflicts])
    kept = PovertyGuidelines.load(instance_file(instance_path))
    rows = {**kept.rows, **{(g.year, g.region): g for g in new}}
    _write(instance_file(instance_path), sorted(rows.values(), key=lambda g: (g.year, g.region)))
    return sorted({g.year for g in new})


def _write(path: Path, rows: list[Guideline]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for g in rows:
            writer.writerow([g.year, g.region, g.first_person, g.each_additional_person, g.source])


def for_app(app) -> PovertyGuidelines:
    """The shipped table with the instance's additions (re-read when the instance file changes)."""
    path = instance_file(app.instance_path)
    stamp = path.stat().st_mtime_ns if path.is_file() else None
    state = app_state(app)

    def load():
        return stamp, PovertyGuidelines.load(SHIPPED, path)

    if state.cached("poverty_guidelines", load)[0] != stamp:
        state.forget("poverty_guidelines")  # the instance's table changed: read it again
    return state.cached("poverty_guidelines", load)[1]
