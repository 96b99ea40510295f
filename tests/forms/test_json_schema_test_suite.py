"""The official JSON-Schema-Test-Suite (draft 2020-12), all of it, through the product's validator.

Read from ``../shared/data/json-schema-test-suite`` (skipped on a clone without it; a failure in
CI). Data is read as the API reads a body, so numbers keep the digits they were written with.
The required tests, ``optional/format``, ``optional/bignum`` and ``optional/ecmascript-regex``
must give the suite's answer, except where ``known_difference`` says why not.
"""

import json
import os
from pathlib import Path

import pytest
import referencing.exceptions

from carebridge import jsontext
from carebridge.errors import InvalidInput
from carebridge.forms.definitions import parse_definition
from carebridge.forms.validation import make_validator, problems

ROOT = Path(__file__).resolve().parents[2]
SUITE = (Path(os.environ.get("CAREBRIDGE_SHARED", ROOT.parent / "shared"))
         / "data" / "json-schema-test-suite" / "tests" / "draft2020-12")
#: The remote documents the suite serves at this address (its ``remotes/``) are not in
#: ../shared, and Carebridge never fetches a schema: a definition naming one is refused.
REMOTE = "http://localhost:1234/"


def read(text):
    return jsontext.loads(text, max_depth=100)


def cases():
    if not SUITE.is_dir():
        return []
    found = []
    for path in sorted(SUITE.rglob("*.json")):
        name = path.relative_to(SUITE).as_posix()
        for group in json.loads(path.read_text(encoding="utf-8")):
            for test in group["tests"]:
                found.append(pytest.param(
                    name, group, test, id=f"{name}: {group['description']}: {test['description']}"
                ))
    return found


CASES = cases()


def known_difference(name: str, group: dict, test: dict) -> str | None:
    """Why Carebridge answers differently from the suite here, or None when it must not."""
    if name == "format.json" and "only an annotation by default" in test["description"]:
        return ("Carebridge asserts formats (draft 2020-12 lets an implementation opt in): an "
                "invalid date is a problem to fix, not a note; optional/format holds the tests")
    if name == "vocabulary.json" and test["description"].startswith("no validation: invalid"):
        return ("a custom meta-schema is a remote document; Carebridge applies all of draft "
                "2020-12's vocabularies to every form")
    return None


def answer(schema, data):
    """True/False from the validator, or the string "unresolvable" for a remote reference."""
    try:
        return problems(make_validator(schema), data) == []
    except referencing.exceptions.Unresolvable:
        return "unresolvable"


def test_the_suite_is_here(shared_data):
    path = shared_data("data", "json-schema-test-suite", "tests", "draft2020-12")
    assert (path / "optional" / "format").is_dir()
    assert len(CASES) > 2000


@pytest.mark.parametrize(("name", "group", "test"), CASES)
def test_the_suite(name, group, test):
    schema, data = read(json.dumps(group["schema"])), read(json.dumps(test["data"]))
    got = answer(schema, data)
    reason = known_difference(name, group, test)
    if reason is not None:
        assert got is not test["valid"], f"no longer a difference ({reason}): update the list"
    elif got == "unresolvable":
        # The product's answer to a schema that needs the suite's remote documents: refused.
        assert REMOTE in json.dumps(group["schema"])
    else:
        assert got is test["valid"]


def remote_schemas():
    return [p for p in CASES if REMOTE in json.dumps(p.values[1]["schema"])
            and isinstance(p.values[1]["schema"], dict) and "$ref" in json.dumps(
                p.values[1]["schema"])]


def test_a_schema_that_needs_a_remote_document_is_refused_at_publish(app):
    refused = 0
    for param in remote_schemas():
        schema = param.values[1]["schema"]
        if answer(schema, param.values[2]["data"]) != "unresolvable":
            continue
        with pytest.raises(InvalidInput) as raised:
            parse_definition({"title": "Remote", **schema}, app.config)
        assert "points outside this form" in str(raised.value.problems)
        refused += 1
    assert refused > 0 or not CASES
