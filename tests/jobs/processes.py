"""Real processes for the job tests: instance folders, `carebridge` commands, waiting."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def write_instance(instance: Path, **settings) -> Path:
    """An instance folder whose carebridge.cfg loads the jobs plugin (for child processes)."""
    instance.mkdir(parents=True, exist_ok=True)
    settings = {"SECRET_KEY": "test-secret", "PLUGINS": ["jobs_plugin"], **settings}
    lines = [f"{key} = {value!r}" for key, value in settings.items()]
    (instance / "carebridge.cfg").write_text("\n".join(lines) + "\n")
    return instance


def child_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE), env.get("PYTHONPATH")]))
    return env


def carebridge(instance: Path, *args: str, **popen) -> subprocess.Popen:
    """Start `carebridge --instance DIR ARGS…` as a separate process."""
    command = [sys.executable, "-c", "from carebridge.cli import main; main()",
               "--instance", str(instance), *args]
    return subprocess.Popen(command, env=child_env(), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **popen)


def wait_until_finished(queue, job_id: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = queue.get(job_id)
        if job.finished:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish in {timeout}s: {queue.get(job_id)}")


def stop(process: subprocess.Popen) -> str:
    if process.poll() is None:
        process.terminate()
    output, _ = process.communicate(timeout=30)
    return output.decode(errors="replace")


