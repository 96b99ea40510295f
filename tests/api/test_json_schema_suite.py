"""A sample of the JSON-Schema-Test-Suite through the HTTP API: publish, submit, 201 or 422."""

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SUITE = (Path(os.environ.get("CAREBRIDGE_SHARED", ROOT.parent / "shared"))
         / "data" / "json-schema-test-suite" / "tests" / "draft2020-12")
#: Every file's first group whose schema can be a form of its own: an object, with no $id of
#: its own (a bare schema's id comes from $id), needing no remote document.
GROUPS_PER_FILE = 1


def sample():
    if not SUITE.is_dir():
        return []
    picked = []
    for path in sorted(SUITE.rglob("*.json")):
        usable = [
            g for g in json.loads(path.read_text(encoding="utf-8"))
            if isinstance(g["schema"], dict) and "$id" not in json.dumps(g["schema"])
            and "localhost:1234" not in json.dumps(g["schema"])
        ]
        for group in usable[:GROUPS_PER_FILE]:
            picked.append((f"{path.relative_to(SUITE).as_posix()}: {group['description']}", group))
    return picked


SAMPLE = sample()


def test_the_sample_covers_the_suite(shared_data):
    shared_data("data", "json-schema-test-suite")
    assert len(SAMPLE) >= 60


def expected_status(group, test):
    if "only an annotation by default" in test["description"]:
        return 422  # Carebridge asserts formats (see tests/forms/test_json_schema_test_suite.py)
    return 201 if test["valid"] else 422


def test_the_suite_through_the_submissions_api(api, shared_data):
    shared_data("data", "json-schema-test-suite")
    wrong = []
    for number, (name, group) in enumerate(SAMPLE):
        # One app for the whole sample (each case its own form): cheaper than an app per case.
        published = api.post("/api/v1/forms", {**group["schema"], "title": f"Suite {number}"})
        if published.status_code != 201:
            wrong.append((name, "publish", published.status_code, published.json))
            continue
        for test in group["tests"]:
            response = api.post(f"/api/v1/forms/suite-{number}/submissions",
                                {"data": test["data"]})
            if response.status_code != expected_status(group, test):
                wrong.append((name, test["description"], response.status_code, response.json))
            elif response.status_code == 422 and not all(
                e["message"] for e in response.json["errors"]
            ):
                wrong.append((name, test["description"], "a problem without a message"))
    assert wrong == []
