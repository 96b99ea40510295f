"""Carebridge: the care-management platform's core package (app factory and version)."""

__version__ = "0.1.0.dev0"

__all__ = ["create_app", "__version__"]


def __getattr__(name: str):
    # ``from carebridge import create_app`` for entry points and tests, without every
    # ``import carebridge.x`` loading the factory (and with it every feature).
    if name == "create_app":
        from carebridge.app import create_app

        return create_app
    raise AttributeError(f"module 'carebridge' has no attribute {name!r}")
