"""The PHQ-9 fill page and API submissions against a bare Flask "hello" under the same gunicorn
(the project's worker settings), driven by the same keep-alive HTTP load in interleaved rounds;
prints requests per second, each as a fraction of hello's (goals: page >= 0.40x, submission
>= 0.15x), the servers' CPU time per request (read from /proc, where there is one; steadier
than the rates on a shared machine), and for submissions how many were acknowledged and how
many are stored (0 lost).

Carebridge is an instance set up with its own CLI (``init``, an agency, an intake worker with an
API token, the shipped PHQ-9) in a temporary folder, or kept in ``--instance`` for the next
run: SQLite in WAL mode with the project's settings, or ``--database-url`` (an empty
PostgreSQL database, as configured). The load is pure Python: client processes, each with
threads that keep one connection open and send the next request as soon as the answer is
read. On a shared machine run it a few times; the ratios hold better than the absolute
numbers.

    .venv/bin/python bench/throughput.py [--rounds 5] [--seconds 3] [--connections 8]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
FORM = "phq-9"
ANSWERS = {f"phq_{i}": 1 for i in range(1, 10)}
WORKER = "intake@bench.example.org"


# The servers ---------------------------------------------------------------------------------

def serve_hello(port: int, workers: int, threads: int) -> None:
    """The baseline: a bare Flask "hello", served by Carebridge's own gunicorn settings."""
    sys.path.insert(0, str(ROOT / "platform"))
    from flask import Flask

    from carebridge.serving import serve_plain

    app = Flask("hello")

    @app.get("/")
    def hello():
        return "Hello, World!"

    serve_plain(app, HOST, port, workers, threads)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_for(port: int, server: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server on port {port} stopped (exit {server.returncode})")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing answers on port {port}")


def cpu_seconds(pid: int) -> float | None:
    """CPU time used so far by ``pid`` and its descendants (Linux's /proc; None elsewhere)."""
    try:
        tree, total = [pid], 0.0
        while tree:
            current = tree.pop()
            with open(f"/proc/{current}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            with open(f"/proc/{current}/task/{current}/children") as children:
                tree.extend(int(child) for child in children.read().split())
        return total
    except (OSError, ValueError):
        return None


def wait_until_quiet(server: subprocess.Popen, seconds: float = 300, busy: float = 0.05) -> float:
    """Wait until ``server``'s processes are idle (under ``busy`` of a core for 2 s) and return
    how long that took. ``carebridge serve`` starts a job worker beside gunicorn that warms its
    benefit engines (PolicyEngine: ~30 s of a core); measured during that warm-up the pages had
    one core where hello had two. The rounds measure the server as it then runs for days."""
    began = time.monotonic()
    last = cpu_seconds(server.pid)
    while last is not None and time.monotonic() - began < seconds:
        time.sleep(2)
        now = cpu_seconds(server.pid)
        if now is None or now - last < busy * 2:
            break
        last = now
    return time.monotonic() - began


def carebridge(*args: str, env: dict, stdin: str = "") -> str:
    command = [str(Path(sys.executable).with_name("carebridge")), *args]
    done = subprocess.run(command, env=env, input=stdin, capture_output=True, text=True,
                          check=False)
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def set_up(instance: Path, env: dict) -> None:
    """An instance as an agency starts one, with the CLI: the database, an agency, an intake
    worker with an API token, and the shipped PHQ-9."""
    password = uuid.uuid4().hex
    instance_args = ("--instance", str(instance))
    carebridge(*instance_args, "init", env=env)
    carebridge(*instance_args, "agency", "create", "bench", "--name", "Bench Agency", env=env)
    carebridge(*instance_args, "user", "create", WORKER, "--agency", "bench", "--role",
               "intake", "--password-stdin", env=env, stdin=password + "\n")
    carebridge(*instance_args, "forms", "load", "--agency", "bench",
               str(ROOT / "form_definitions" / "instruments" / f"{FORM}.json"), env=env)
    token = carebridge(*instance_args, "token", "create", WORKER,
                       env=env).strip().splitlines()[-1].strip()
    (instance / "bench_login.json").write_text(json.dumps([password, token]))


# The load ------------------------------------------------------------------------------------

class Connection:
    """One keep-alive HTTP/1.1 connection that sends a request and reads the whole answer."""

    def __init__(self, port: int):
        self.port = port
        self.sock = None
        self.reader = None

    def _open(self):
        self.sock = socket.create_connection((HOST, self.port), timeout=60)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.reader = self.sock.makefile("rb")

    def close(self):
        if self.sock is not None:
            self.reader.close()
            self.sock.close()
            self.sock = self.reader = None

    def send(self, request: bytes) -> tuple[int, dict, bytes]:
        for attempt in (1, 2):
            if self.sock is None:
                self._open()
            try:
                self.sock.sendall(request)
                return self._answer()
            except (ConnectionError, EOFError):
                # The server closed an idle keep-alive connection: once more on a new one.
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _answer(self) -> tuple[int, dict, bytes]:
        status_line = self.reader.readline()
        if not status_line:
            raise EOFError
        status = int(status_line.split()[1])
        headers: dict[str, str] = {}
        cookies = []
        while (line := self.reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                cookies.append(value)
            headers[name] = value
        headers["set-cookie"] = cookies
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while size := int(self.reader.readline().split(b";")[0], 16):
                body += self.reader.read(size)
                self.reader.readline()
            self.reader.readline()
        else:
            body = self.reader.read(int(headers.get("content-length", 0)))
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, headers, body


def request_bytes(method: str, path: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}", *(f"{k}: {v}" for k, v in
                                                              headers.items())]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def drive(target: dict, seconds: float, connections: int, processes: int) -> dict:
    """``connections`` keep-alive connections spread over ``processes`` client processes send
    ``target``'s request for ``seconds``; the counts of each answer's status, and how long."""
    results = multiprocessing.Queue()
    per_process = [connections // processes + (i < connections % processes)
                   for i in range(processes)]
    start_at = time.time() + 0.3  # every process starts at once
    phase = uuid.uuid4().hex[:8]  # in each submission's Idempotency-Key
    workers = [multiprocessing.Process(target=_client, args=(target, n, start_at,
                                                             start_at + seconds, results,
                                                             f"{phase}-{i}"))
               for i, n in enumerate(per_process) if n]
    for worker in workers:
        worker.start()
    statuses: dict[int, int] = {}
    for _ in workers:
        for status, count in results.get().items():
            statuses[status] = statuses.get(status, 0) + count
    for worker in workers:
        worker.join()
    return {"statuses": statuses, "seconds": seconds}


def _client(target: dict, threads: int, start_at: float, stop_at: float, results,
            name: str):
    counts: dict[int, int] = {}
    lock = threading.Lock()

    def run(thread: int):
        connection = Connection(target["port"])
        mine: dict[int, int] = {}
        n = 0
        fixed = target.get("request")
        time.sleep(max(0.0, start_at - time.time()))
        while time.time() < stop_at:
            if fixed is None:  # a submission: each with its own Idempotency-Key
                n += 1
                key = f"{name}-{thread}-{n}"
                request = request_bytes("POST", target["path"], {
                    **target["headers"], "Idempotency-Key": key}, target["body"])
            else:
                request = fixed
            status = connection.send(request)[0]
            mine[status] = mine.get(status, 0) + 1
        connection.close()
        with lock:
            for status, count in mine.items():
                counts[status] = counts.get(status, 0) + count

    pool = [threading.Thread(target=run, args=(t,)) for t in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    results.put(counts)


# Logging in ----------------------------------------------------------------------------------

def log_in(port: int, email: str, password: str) -> str:
    """The cookie of a logged-in browser session (GET /login for the CSRF token, then POST),
    as a browser holds it after its first page: that page adds the login's CSRF token to the
    cookie, and a browser sends the cookie it was last given (a client that kept the login's
    cookie would have a new token made, signed and set on every page)."""
    connection = Connection(port)
    status, headers, body = connection.send(request_bytes("GET", "/login", {}))
    cookie = _cookie(headers)
    csrf = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', body).group(1).decode()
    form = urllib.parse.urlencode({"email": email, "password": password,
                                   "csrf_token": csrf}).encode()
    status, headers, _ = connection.send(request_bytes("POST", "/login", {
        "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}, form))
    if status != 303:
        raise SystemExit(f"login failed ({status})")
    cookie = _cookie(headers) or cookie
    status, headers, _ = connection.send(request_bytes("GET", f"/forms/{FORM}/fill",
                                                       {"Cookie": cookie}))
    connection.close()
    if status != 200:
        raise SystemExit(f"the fill page answered {status}")
    return _cookie(headers) or cookie


def _cookie(headers: dict) -> str:
    return "; ".join(value.split(";")[0] for value in headers["set-cookie"])


# The run -------------------------------------------------------------------------------------

def stored_submissions(url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        count = connection.scalar(text("SELECT count(*) FROM submissions"))
    engine.dispose()
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=3.0, help="per side and round")
    parser.add_argument("--connections", type=int, default=8,
                        help="keep-alive connections at once (default: workers x threads)")
    parser.add_argument("--clients", type=int, default=2, help="client processes")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--instance", type=Path, default=None,
                        help="keep the demo instance here and reuse it on the next run "
                             "(default: a temporary folder, set up anew)")
    parser.add_argument("--database-url", default=None,
                        help="an empty database for Carebridge (default: SQLite in the folder)")
    parser.add_argument("--serve-hello", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_hello is not None:
        serve_hello(args.serve_hello, args.workers, args.threads)
        return

    with tempfile.TemporaryDirectory() as tmp:
        instance = args.instance or Path(tmp) / "instance"
        env = {**os.environ, "CAREBRIDGE_SERVE_WORKERS": str(args.workers),
               "CAREBRIDGE_SERVE_THREADS": str(args.threads)}
        url = args.database_url or f"sqlite:///{instance}/carebridge.db"
        env["CAREBRIDGE_DATABASE_URL"] = url
        login = instance / "bench_login.json"
        if not login.exists():
            began = time.monotonic()
            set_up(instance, env)
            print(f"instance set up in {time.monotonic() - began:.0f} s", flush=True)
        password, token = json.loads(login.read_text())

        ports = {"hello": free_port(), "carebridge": free_port()}
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        servers = [
            subprocess.Popen([sys.executable, __file__, "--serve-hello", str(ports["hello"]),
                              "--workers", str(args.workers), "--threads", str(args.threads)],
                             start_new_session=True, **quiet),
            subprocess.Popen([str(Path(sys.executable).with_name("carebridge")), "--instance",
                              str(instance), "serve", "--host", HOST, "--port",
                              str(ports["carebridge"])],
                             env=env, start_new_session=True, **quiet),
        ]
        try:
            for port, server in zip(ports.values(), servers, strict=True):
                wait_for(port, server)
            print(f"servers idle after {wait_until_quiet(servers[1]):.0f} s (the job worker "
                  "warm)", flush=True)
            report(args, ports, log_in(ports["carebridge"], WORKER, password), token, url,
                   pids={"hello": servers[0].pid, "carebridge": servers[1].pid})
        finally:
            for server in servers:
                os.killpg(server.pid, signal.SIGTERM)
            for server in servers:
                server.wait(timeout=60)


def report(args, ports: dict, cookie: str, token: str, url: str, pids: dict) -> None:
    body = json.dumps({"data": ANSWERS}).encode()
    targets = {
        "hello": {"port": ports["hello"], "pid": pids["hello"],
                  "request": request_bytes("GET", "/", {})},
        "page": {"port": ports["carebridge"], "pid": pids["carebridge"],
                 "request": request_bytes("GET", f"/forms/{FORM}/fill", {"Cookie": cookie})},
        "submit": {"port": ports["carebridge"], "pid": pids["carebridge"], "body": body,
                   "path": f"/api/v1/forms/{FORM}/submissions",
                   "headers": {"Authorization": f"Bearer {token}",
                               "Content-Type": "application/json"}},
    }
    expected = {"hello": 200, "page": 200, "submit": 201}
    before = stored_submissions(url)
    rates: dict[str, list[float]] = {name: [] for name in targets}
    # The servers' CPU seconds (every process of each, the job worker too) over the rounds and
    # the requests they answered: a cost per request that the neighbours' load moves less.
    cpu = {name: [0.0, 0] for name in targets}
    acknowledged = 0
    # A first short round warms every worker's caches and connections; it is not reported.
    for round_ in range(args.rounds + 1):
        for name, target in targets.items():
            seconds = args.seconds if round_ else 1.0
            used = cpu_seconds(target["pid"])
            statuses = drive(target, seconds, args.connections, args.clients)["statuses"]
            if round_ and used is not None:
                cpu[name][0] += (cpu_seconds(target["pid"]) or used) - used
                cpu[name][1] += sum(statuses.values())
            wrong = {s: n for s, n in statuses.items() if s != expected[name]}
            if wrong:
                raise SystemExit(f"{name}: unexpected answers {wrong}")
            done = statuses.get(expected[name], 0)
            if name == "submit":
                acknowledged += done
            if round_:
                rates[name].append(done / seconds)
    stored = stored_submissions(url) - before
    hello = rates["hello"]
    print(f"gunicorn gthread, {args.workers} workers x {args.threads} threads each; "
          f"{args.connections} keep-alive connections from {args.clients} client processes; "
          f"{args.rounds} interleaved rounds of {args.seconds:g} s per side")
    print(f"bare Flask hello:  {statistics.median(hello):7.0f} requests/s (median)")
    for name, label, goal in (("page", "PHQ-9 fill page:", 0.40),
                              ("submit", "API submission:", 0.15)):
        ratios = [r / h for r, h in zip(rates[name], hello, strict=True)]
        print(f"{label:18} {statistics.median(rates[name]):7.0f} requests/s; "
              f"{statistics.median(ratios):.3f}x hello (median; rounds "
              f"{min(ratios):.3f}-{max(ratios):.3f}; goal >= {goal:.2f})")
    if all(count for _, count in cpu.values()):
        per = {name: used / count * 1e6 for name, (used, count) in cpu.items()}
        print(f"server CPU per request: hello {per['hello']:.0f} µs, fill page "
              f"{per['page']:.0f} µs ({per['hello'] / per['page']:.3f}x), API submission "
              f"{per['submit']:.0f} µs ({per['hello'] / per['submit']:.3f}x)")
    print(f"submissions: {acknowledged} acknowledged (201), {stored} stored, "
          f"{acknowledged - stored} lost")
    if stored != acknowledged:
        raise SystemExit("acknowledged submissions are missing from the database")


if __name__ == "__main__":
    main()
