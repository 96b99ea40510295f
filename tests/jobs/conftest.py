"""Fixtures for the job queue: apps whose plugin (jobs_plugin) offers jobs."""

from __future__ import annotations

from pathlib import Path

import pytest

from carebridge import create_app


@pytest.fixture
def jobs_app(tmp_path):
    """An app that runs each job as soon as it is queued (JOBS_IMMEDIATE)."""
    return create_app({"SECRET_KEY": "k", "PLUGINS": ["jobs_plugin"], "JOBS_IMMEDIATE": True},
                      instance_path=tmp_path / "instance")


@pytest.fixture
def make_app():
    def make(instance: Path, **settings):
        return create_app({"SECRET_KEY": "test-secret", "PLUGINS": ["jobs_plugin"], **settings},
                          instance_path=instance)

    return make
