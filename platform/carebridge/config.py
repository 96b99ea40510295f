"""Configuration defaults and the layering that turns them into an app's config."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

#: The source tree's root: shipped data (form definitions, templates) lives beside
#: ``platform/``, not inside the package.
PROJECT_ROOT = Path(__file__).resolve().parents[2]

SECRET_KEY_FILE = "secret_key"
INSTANCE_CONFIG_FILE = "carebridge.cfg"

DEFAULTS: dict[str, object] = {
    # Storage: an SQLite file in the instance folder unless DATABASE_URL says otherwise.
    "DATABASE_URL": None,
    "DATABASE_ECHO": False,
    # Limits that keep one bad definition or request from hurting everybody else.
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    # Sized for real instruments: the MDS 3.0 nursing-home assessment (~1,460 questions) is
    # ~8,200-9,600 schema nodes and ~170 KB, more with help texts and translations. The limits
    # allow four such forms in one and keep a definition inside one request body (2 MiB);
    # checking one at the node limit takes ~2.6 s here, the bound on a publish's work.
    "MAX_SCHEMA_BYTES": 1536 * 1024,
    "MAX_SCHEMA_DEPTH": 24,
    "MAX_SCHEMA_NODES": 40000,
    # Matching time every `pattern` in one request shares, and the deepest JSON body accepted.
    "PATTERN_BUDGET_SECONDS": 0.25,
    "MAX_JSON_DEPTH": 100,
    # The agency's local time zone, used where a browser sends times without an offset.
    "TIME_ZONE": "America/Los_Angeles",
    # Sessions and CSRF. A login ends after SESSION_IDLE_MINUTES without a request and after
    # SESSION_MAX_HOURS in any case (server-side records: carebridge.auth.sessions).
    "SESSION_IDLE_MINUTES": 30,
    "SESSION_MAX_HOURS": 12,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    # None: a Secure cookie whenever the request came over HTTPS (see PROXY_FIX); True/False
    # force it.
    "SESSION_COOKIE_SECURE": None,
    # Behind a reverse proxy: how many proxies set X-Forwarded-For/-Proto/-Host (werkzeug's
    # ProxyFix), e.g. {"x_for": 1, "x_proto": 1, "x_host": 1}; empty: trust no such header.
    "PROXY_FIX": {},
    # HSTS max-age sent with HTTPS responses (0: none).
    "HSTS_SECONDS": 31536000,
    # Logins: attempts per address and per account (Flask-Limiter syntax), where the counts
    # live ("memory://" per process; "redis://…" shared between workers), and lockout.
    "LOGIN_LIMIT_PER_ADDRESS": "20 per minute; 200 per hour",
    "LOGIN_LIMIT_PER_ACCOUNT": "10 per minute; 50 per hour",
    "RATELIMIT_STORAGE_URI": "memory://",
    "LOCKOUT_FAILURES": 10,
    "WTF_CSRF_TIME_LIMIT": None,
    # Logging: the level of the "carebridge" loggers (lines go to stderr, see carebridge.log).
    "LOG_LEVEL": "INFO",
    # The locales the interface offers (the first is the default); see carebridge.i18n.
    "LANGUAGES": ["en", "es"],
    # Where dates, numbers and money are written as the agency's people write them ("US":
    # Spanish as in the United States, es_US); None: each language's own default.
    "LOCALE_TERRITORY": "US",
    # Serving.
    "SERVE_WORKERS": 2,
    "SERVE_THREADS": 4,
    # Where shipped data lives.
    "FORM_DEFINITIONS_DIR": str(PROJECT_ROOT / "form_definitions"),
    "TEMPLATES_DIR": str(PROJECT_ROOT / "templates"),
    "NODE_MODULES_DIR": str(PROJECT_ROOT / "node_modules"),
    # The directory's search index (derived from the database; rebuilt when missing):
    # default `<instance>/search-index`. Extra synonym files an agency adds to the shipped ones.
    "SEARCH_INDEX_DIR": None,
    "SEARCH_SYNONYMS": [],
    # Extra needs-lexicon files (same shape as resource_directory/data/needs_lexicon.json).
    "SEARCH_LEXICONS": [],
    # "whoosh" or "postgres"; empty: PostgreSQL for a PostgreSQL DATABASE_URL, else Whoosh.
    "SEARCH_BACKEND": None,
    # Semantic search fused with the words (the `semantic` extra, `make semantic`): None means
    # on when the extra is installed; 0 turns it off. SEMANTIC_EMBEDDER: an embedder object
    # (tests).
    "SEMANTIC": None,
    "SEMANTIC_EMBEDDER": None,
    # Background jobs: `<instance>/jobs.sqlite3` unless JOBS_URL names Redis or PostgreSQL.
    # "embedded": `serve` starts a worker beside itself; "external": run `carebridge worker`.
    "JOBS_URL": None,
    "JOBS_NAME": "carebridge",
    "JOBS_WORKER": "embedded",
    "JOBS_WORKER_THREADS": 2,
    "JOBS_KEEP_SECONDS": 7 * 24 * 3600,
    # Reminders by e-mail: the agency's SMTP server (SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD,
    # SMTP_STARTTLS, MAIL_FROM beside it). Empty: no server, each message is written to
    # `<instance>/outbox/` as an .eml file (the demo and a new install; readable by the owner).
    "SMTP_HOST": "",
    # Benefit engines to screen with, by id (None: every installed one).
    "BENEFIT_ENGINES": None,
    # Run each job at once where it is queued (tests; never in production: it blocks requests).
    "JOBS_IMMEDIATE": False,
}


def default_instance_path() -> Path:
    """The instance folder: ``CAREBRIDGE_INSTANCE`` or ``./instance``."""
    return Path(os.environ.get("CAREBRIDGE_INSTANCE", "instance")).resolve()


def load(app: Flask, overrides: dict | None) -> None:
    """Layer defaults → instance folder → ``CAREBRIDGE_*`` environment → explicit overrides."""
    app.config.from_mapping(DEFAULTS)
    instance = Path(app.instance_path)
    app.config.from_pyfile(str(instance / INSTANCE_CONFIG_FILE), silent=True)
    key_file = instance / SECRET_KEY_FILE
    if key_file.is_file():
        app.config["SECRET_KEY"] = key_file.read_text().strip()
    app.config.from_prefixed_env("CAREBRIDGE")
    if overrides:
        app.config.update(overrides)
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = f"sqlite:///{instance / 'carebridge.sqlite3'}"


def ensure_secret_key(instance_path: str | Path) -> Path:
    """Create the instance's secret key file once (mode 0600); never overwrite an existing one."""
    instance = Path(instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    key_file = instance / SECRET_KEY_FILE
    if not key_file.exists():
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32) + "\n")
    return key_file
