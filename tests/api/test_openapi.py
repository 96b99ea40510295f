"""The OpenAPI document is true: every API route is in it, and everything in it is a route."""

import re

from openapi_spec_validator import validate


def api_routes(app):
    routes = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routes.add((path, method.lower()))
    return routes


def documented(spec):
    return {
        (re.sub(r"\{[^}]+\}", "{}", path), method)
        for path, item in spec["paths"].items()
        for method in item
    }


def test_the_document_is_valid_openapi_3_1(client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"] == "3.1.0"
    validate(spec)


def test_every_route_is_documented_and_every_documented_path_exists(app, client):
    spec = client.get("/api/v1/openapi.json").json
    routes = {(re.sub(r"\{[^}]+\}", "{}", p), m) for p, m in api_routes(app)}
    assert routes == documented(spec)


def test_path_parameters_are_declared(client):
    spec = client.get("/api/v1/openapi.json").json
    for path, item in spec["paths"].items():
        names = set(re.findall(r"\{([^}]+)\}", path))
        for operation in item.values():
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert names == declared, path
