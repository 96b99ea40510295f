"""The JSON API (``/api/v1``): forms, versions, submissions and drafts, and its OpenAPI document."""

from carebridge.api import forms, openapi  # noqa: F401  (routes register on import)
from carebridge.api.blueprint import bp

__all__ = ["bp"]
