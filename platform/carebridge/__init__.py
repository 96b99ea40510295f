"""Carebridge: the care-management platform's core package (app factory and version)."""

__version__ = "0.1.0.dev0"

from carebridge.app import create_app  # noqa: E402

__all__ = ["create_app", "__version__"]
