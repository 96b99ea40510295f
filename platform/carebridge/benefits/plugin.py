"""Benefits screening as a built-in plugin: the agency-programs engine, the screening job, the
worker's warm-up and the ``carebridge benefits`` commands."""

from __future__ import annotations

import logging
import threading

from carebridge.plugins import hookimpl

log = logging.getLogger(__name__)


@hookimpl
def register_benefit_engines():
    from carebridge.benefits.programs import AgencyProgramsEngine

    return [AgencyProgramsEngine()]


@hookimpl
def register_jobs():
    from carebridge.benefits.screening import screen_in_background

    return [screen_in_background]


@hookimpl
def worker_started(app):
    from carebridge.benefits.engines import engines

    # Load background engines now, in a thread: other jobs need not wait for a slow import,
    # and the first screening finds the engine warm (or waits on the same import).
    for engine in engines(app).values():
        warm_up = getattr(engine, "warm_up", None)
        if engine.background and warm_up is not None:
            threading.Thread(target=_warm, args=(engine,), name=f"warm-{engine.id}",
                             daemon=True).start()


def _warm(engine) -> None:
    try:
        seconds = engine.warm_up()
        log.info("benefit engine %s warm (%.1f s)", engine.id, seconds or 0)
    except Exception:
        log.exception("benefit engine %s failed to warm up", engine.id)


@hookimpl
def register_commands(cli):
    from carebridge.benefits.commands import benefits

    cli.add_command(benefits)
