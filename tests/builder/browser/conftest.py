"""The builder's browser tests use the renderer's live server, Chromium and log-ins."""

from tests.renderer.browser.conftest import (  # noqa: F401  (fixtures)
    admin,
    anonymous,
    browser,
    live,
    worker,
)
