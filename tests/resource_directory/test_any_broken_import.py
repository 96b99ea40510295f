"""Any broken directory file: a clear refusal that stores nothing, or an import that keeps the good
records and names each bad one.

Directory files come from other systems, spreadsheets and hand edits. Hypothesis takes the
official HSDS 3.0 examples (JSON objects and the tabular package) and the Ohana sample package
and breaks them the ways such files break — a value of the wrong kind, a key or column deleted,
a cell changed, a row cut short, a line duplicated, bytes that are not UTF-8, a file cut off.
Importing it either fails with ``ImportFailed`` naming the file, and the directory is as it
was, or it answers with a report whose rejections each say where; nothing else may escape.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from resource_directory.importers import ImportFailed, import_path
from resource_directory.models import DirectoryBase
from tests.json_places import at, places

MANY = int(os.environ.get("CAREBRIDGE_BROKEN_IMPORT_EXAMPLES", "0"))
TRICKY_VALUES = (None, True, 0, -1, 1.5, 1e308, "", "x" * 5000, "\u0000", "é", "2024-13-45",
                 "not-a-uuid", [], [None], {}, {"id": None}, "<script>x</script>", "=1+1")
TRICKY_CELLS = ("", "x", "-1", "1e999", "NaN", "2024-02-30", "\u0000", '"', '""unterminated',
                "a,b", "\r", "é" * 3, "=cmd|' /C calc'!A0", "x" * 5000)


def examples(ci: int) -> settings:
    return settings(
        max_examples=MANY or ci, derandomize=not MANY, deadline=None,
        database=settings.default.database if MANY else None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                               HealthCheck.data_too_large],
    )


def counts(session) -> dict[str, int]:
    return {table.name: session.scalar(select(func.count()).select_from(table))
            for table in DirectoryBase.metadata.sorted_tables}


@st.composite
def broken_json(draw, document):
    document = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(list(places(document))))
        if not where:
            continue
        parent = at(document, where[:-1])
        if draw(st.booleans()):
            parent[where[-1]] = copy.deepcopy(draw(st.sampled_from(TRICKY_VALUES)))
        else:
            del parent[where[-1]]
    return json.dumps(document).encode()


@st.composite
def broken_text(draw, raw: bytes):
    """A CSV file with a cell changed, a line cut, doubled or dropped, or its bytes damaged."""
    lines = raw.decode("utf-8").splitlines(keepends=True)
    kind = draw(st.sampled_from(("cell", "cut", "double", "drop", "bytes", "truncate")))
    i = draw(st.integers(0, max(len(lines) - 1, 0))) if lines else 0
    if kind == "cell" and lines:
        cells = lines[i].rstrip("\r\n").split(",")
        cells[draw(st.integers(0, len(cells) - 1))] = draw(st.sampled_from(TRICKY_CELLS))
        lines[i] = ",".join(cells) + "\n"
    elif kind == "cut" and lines:
        lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
    elif kind == "double" and lines:
        lines.insert(i, lines[i])
    elif kind == "drop" and lines:
        del lines[i]
    data = "".join(lines).encode("utf-8")
    if kind == "bytes" and data:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + draw(st.sampled_from((b"\xff", b"\xc3", b"\x00", b"\xef\xbb\xbf")))\
            + data[at:]
    if kind == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    return data


def assert_imports_or_refuses(session, path: Path) -> None:
    before = counts(session)
    try:
        report = import_path(session, path)
    except ImportFailed as failure:
        event("refused")
        session.rollback()
        assert str(failure), "a refusal says why"
        assert counts(session) == before, "a refused file stored something"
        return
    session.commit()
    event("imported" if report.total_rejected == 0 else "imported with rejections")
    for rejection in report.rejections:
        assert rejection.position and rejection.reason, rejection


@pytest.fixture
def hsds_examples(hsds_dir):
    return hsds_dir / "examples"


@examples(ci=25)
@given(data=st.data())
def test_any_broken_hsds_json_file(session, hsds_examples, tmp_path_factory, data):
    name = data.draw(st.sampled_from(("organization_full.json", "service_full.json",
                                      "organization_list.json", "service_list.json",
                                      "taxonomy_term_list.json")))
    document = json.loads((hsds_examples / name).read_text())
    raw = data.draw(st.one_of(broken_json(document),
                              broken_text(json.dumps(document, indent=1).encode())))
    path = tmp_path_factory.mktemp("hsds") / name
    path.write_bytes(raw)
    assert_imports_or_refuses(session, path)


@pytest.mark.parametrize("package", ["hsds", "ohana"])
@examples(ci=15)
@given(data=st.data())
def test_any_broken_tabular_package(session, hsds_examples, data_dir, tmp_path_factory,
                                    package, data):
    source = (hsds_examples / "csv" if package == "hsds"
              else data_dir / "ohana-san-mateo" / "sample-csv")
    folder = tmp_path_factory.mktemp(package)
    shutil.copytree(source, folder, dirs_exist_ok=True)
    tables = sorted(p.name for p in folder.glob("*.csv"))
    for name in data.draw(st.lists(st.sampled_from(tables), min_size=1, max_size=2,
                                   unique=True)):
        path = folder / name
        path.write_bytes(data.draw(broken_text(path.read_bytes())))
    assert_imports_or_refuses(session, folder)
