"""A plugin offering three small jobs to the queue, as any plugin would."""

import time

from carebridge.errors import InvalidInput
from carebridge.plugins import hookimpl


def add(a, b, *, times=1):
    """Add two numbers (the answer says which app ran it)."""
    from flask import current_app

    return {"sum": (a + b) * times, "instance": current_app.instance_path}


def refuse(reason):
    """Fail the way a service does: with a message a person can read."""
    raise InvalidInput(f"Refused: {reason}")


def crash(secret):
    """Fail like a bug would, with client data in the message."""
    raise RuntimeError(f"boom with {secret}")


def nap(seconds):
    """Take a while."""
    time.sleep(seconds)
    return seconds


@hookimpl
def register_jobs():
    return [add, refuse, crash, nap]
