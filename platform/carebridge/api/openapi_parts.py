"""The pieces a feature's OpenAPI paths are built from: the shared error responses, a JSON
response and an operation, so every feature's part of the document is written alike."""

from __future__ import annotations

ERRORS = {
    "400": {"$ref": "#/components/responses/BadRequest"},
    "401": {"$ref": "#/components/responses/Unauthorized"},
    "403": {"$ref": "#/components/responses/Forbidden"},
    "404": {"$ref": "#/components/responses/NotFound"},
}
WRITE_ERRORS = {**ERRORS, "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
                "422": {"$ref": "#/components/responses/Invalid"}}


def json_response(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def operation(summary: str, responses: dict, *, params=(), body: dict | None = None,
              errors=None) -> dict:
    """One operation; ``errors`` defaults to the reads' error responses."""
    op = {"summary": summary, "parameters": list(params),
          "responses": {**responses, **(errors or ERRORS)}}
    if body is not None:
        op["requestBody"] = {"required": True,
                             "content": {"application/json": {"schema": body}}}
    return op
