"""The live server, Chromium and a logged-in admin, as the renderer's browser tests have them."""

from tests.renderer.browser.conftest import admin, anonymous, live  # noqa: F401
