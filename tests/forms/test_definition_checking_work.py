"""Checking a definition does its reference work once, not once per dynamic reference."""

import json
from pathlib import Path

import pytest
import referencing

from carebridge.forms.definitions import parse_definition

ROOT = Path(__file__).parents[2] / "form_definitions"
CONFIG = {"FORM_DEFINITIONS_DIR": str(ROOT)}


@pytest.fixture
def crawls(monkeypatch):
    counted = []
    crawl = referencing.Registry.crawl

    def counting(self):
        if self._uncrawled:  # a crawl with nothing new to crawl costs nothing
            counted.append(1)
        return crawl(self)

    monkeypatch.setattr(referencing.Registry, "crawl", counting)
    return counted


INSTRUMENTS = sorted((ROOT / "instruments").glob("*.json"))


@pytest.mark.parametrize("path", INSTRUMENTS, ids=lambda p: p.stem)
def test_checking_a_shipped_definition_never_crawls_the_meta_schemas_again(path, crawls):
    parse_definition(json.loads(path.read_text(encoding="utf-8")), CONFIG)  # builds the checkers
    crawls.clear()
    parse_definition(json.loads(path.read_text(encoding="utf-8")), CONFIG)
    # Before: 461 crawls for the adult intake (one per $dynamicRef anchor miss), ~1 s of 1.3 s.
    assert len(crawls) <= 5


def test_a_mistake_inside_the_form_schema_is_still_found_where_it_is():
    document = json.loads((ROOT / "instruments" / "phq-9.json").read_text(encoding="utf-8"))
    first = next(iter(document["schema"]["properties"]))
    document["schema"]["properties"][first]["minLength"] = "three"
    with pytest.raises(Exception) as raised:
        parse_definition(document, CONFIG)
    pointers = [problem.pointer for problem in raised.value.problems]
    assert f"/schema/properties/{first}/minLength" in pointers
