"""The PHQ-9 fill page and an API submission against a bare Flask "hello", counted in CPU
instructions per request (callgrind) rather than timed: repeatable on a crowded machine, where
requests per second swing with the neighbours' load. Prints each target's instructions per warm
request and hello's as a fraction of it (the in-process ceiling of bench/pages.py's ratio).

Each target runs in its own process under ``valgrind --tool=callgrind`` with instrumentation
off while the app is set up (bench/pages.py's SQLite instance, WAL, the project's settings)
and warmed, then on for ``--requests`` requests. Needs valgrind (Debian's package).
INFO logging is off unless ``--logging`` (as a server runs: a request line per request, and
a submission's own lines, written to stderr, here /dev/null).

    .venv/bin/python bench/instructions.py [--requests 50] [--logging]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGETS = ("hello", "fill", "submit", "keyed")
#: Warm requests before counting: caches, compiled plans, the token's minute touch.
WARM = 20


def measured(target: str, requests: int, logging_on: bool) -> None:
    """Inside valgrind: set up, warm, then count ``requests`` requests of ``target``."""
    sys.path.insert(0, str(HERE))
    import logging

    import pages

    if logging_on:
        sys.stderr = open(os.devnull, "w")  # written, unread
    else:
        logging.disable(logging.INFO)  # the request lines are counted with --logging
    with tempfile.TemporaryDirectory() as tmp:
        page, api, headers, body = pages.carebridge_clients(Path(tmp))
        hello = pages.hello_client()
        send = {
            "hello": lambda: hello.get("/"),
            "fill": lambda: page.get("/forms/phq-9/fill"),
            "submit": lambda: api.post("/api/v1/forms/phq-9/submissions", json=body,
                                       headers=headers),
            # With a fresh Idempotency-Key, as clients that retry (and bench/throughput.py) send.
            "keyed": lambda: api.post("/api/v1/forms/phq-9/submissions", json=body,
                                      headers={**headers, "Idempotency-Key": uuid.uuid4().hex}),
        }[target]
        for _ in range(WARM):
            send()
        control = ["callgrind_control", "--instr", "on", str(os.getpid())]
        subprocess.run(control, capture_output=True, check=True)
        for _ in range(requests):
            send()
        control[2] = "off"
        subprocess.run(control, capture_output=True, check=True)


def count(target: str, requests: int, logging_on: bool = False) -> int:
    """Instructions of ``requests`` requests of ``target`` (and the toggling around them)."""
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no",
             f"--callgrind-out-file={tmp}/callgrind.out", sys.executable, __file__,
             "--measure", target, "--requests", str(requests)]
            + (["--logging"] if logging_on else []),
            capture_output=True, text=True, check=False)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode or not found:
        raise SystemExit(f"{target}: callgrind failed\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--logging", action="store_true",
                        help="count with INFO logging on, as a server logs")
    parser.add_argument("--targets", default=",".join(TARGETS[1:]),
                        help="which of fill,submit,keyed to count (hello always)")
    parser.add_argument("--measure", choices=TARGETS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measured(args.measure, args.requests, args.logging)
        return
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    # The toggling itself (two callgrind_control runs) is counted once, with no request.
    targets = ["hello", *(t for t in args.targets.split(",") if t in TARGETS[1:])]
    overhead = count("hello", 0, args.logging)
    per_request = {target: (count(target, args.requests, args.logging) - overhead)
                   / args.requests for target in targets}
    hello = per_request["hello"]
    print(f"instructions per warm request (callgrind, {args.requests} requests in-process, "
          f"INFO logging {'on' if args.logging else 'off'})")
    print(f"bare Flask hello: {hello / 1e6:6.2f} M")
    for target, label, goal in (("fill", "PHQ-9 fill page:", 0.40),
                                ("submit", "API submission:", 0.15),
                                ("keyed", "  with a key:", 0.15)):
        if target not in per_request:
            continue
        print(f"{label:17} {per_request[target] / 1e6:6.2f} M; hello is "
              f"{hello / per_request[target]:.3f}x of it (goal >= {goal:.2f}, as requests/s)")


if __name__ == "__main__":
    main()
