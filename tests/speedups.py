"""Test-run speed: what every app compiles afresh, compiled once per test process.

Nearly every test builds its own app on its own database, so without this each test pays again
for what only depends on code: werkzeug's URL builders (~200 rules, each compiled from an AST),
Jinja's template code, and SQLAlchemy's compiled statements (cached per engine, and every test has
a new engine). Measured with cProfile on typical modules, these were a third of an API test's time
and two fifths of a page test's. Each cache is keyed by everything its compiled form depends on,
and each patch checks the private shape it leans on: on an unknown release it stays out and the
tests are only slower. Nothing here changes what the product does; the product never imports it.
"""

from __future__ import annotations

import hashlib
import inspect

from jinja2.bccache import Bucket, BytecodeCache
from werkzeug.routing.rules import Rule

# --- werkzeug: a rule's builder is a pure function of its parsed trace -----------------------

_original_builder = Rule._compile_builder
_builders: dict[tuple, object] = {}


def _shared_builder(self, append_unknown: bool = True):
    defaults = self.defaults or {}
    if any(is_dynamic and name in defaults for is_dynamic, name in self._trace):
        # A default that fills a part of the path is converted into the builder: not shared.
        return _original_builder(self, append_unknown)
    key = (append_unknown, tuple(self._trace), tuple(sorted(map(str, defaults))))
    builder = _builders.get(key)
    if builder is None:
        builder = _builders[key] = _original_builder(self, append_unknown)
    return builder


# --- Jinja: template code depends on the source and on the environment's syntax settings ------

def _environment_fingerprint(environment) -> tuple:
    autoescape = environment.autoescape
    return (
        type(environment).__qualname__,
        environment.block_start_string, environment.block_end_string,
        environment.variable_start_string, environment.variable_end_string,
        environment.comment_start_string, environment.comment_end_string,
        environment.line_statement_prefix, environment.line_comment_prefix,
        environment.trim_blocks, environment.lstrip_blocks, environment.newline_sequence,
        environment.keep_trailing_newline, environment.optimized, environment.is_async,
        tuple(sorted(environment.extensions)),
        getattr(autoescape, "__qualname__", autoescape),
    )


class SharedTemplateCode(BytecodeCache):
    """Compiled templates kept in memory for every app of the process with the same settings."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def get_bucket(self, environment, name, filename, source):
        identity = repr((self.get_cache_key(name, filename), _environment_fingerprint(environment)))
        bucket = Bucket(environment, hashlib.sha1(identity.encode()).hexdigest(),
                        self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # checks the source's checksum, else recompiles

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CODE = SharedTemplateCode()


# --- SQLAlchemy: a compiled statement depends on the dialect's kind and settings --------------

def _dialect_fingerprint(dialect) -> tuple:
    return (
        type(dialect), getattr(dialect.dbapi, "__name__", None), dialect.server_version_info,
        dialect.paramstyle, dialect.positional, dialect.label_length,
        dialect.max_identifier_length, id(getattr(dialect, "_json_serializer", None)),
        dialect.default_schema_name,
    )


class SharedCompiledStatements:
    """An engine's statement cache whose keys name the dialect by its settings, not its object.

    SQLAlchemy keys its cache by (dialect object, statement key, …); engines made alike (same
    URL scheme, driver, server version and options) compile every statement alike.
    """

    _compiled: dict[tuple, object] = {}

    def get(self, key, default=None):
        return self._compiled.get(self._shared(key), default)

    def __setitem__(self, key, value) -> None:
        self._compiled[self._shared(key)] = value

    def __len__(self) -> int:
        return len(self._compiled)

    def clear(self) -> None:
        self._compiled.clear()

    @staticmethod
    def _shared(key: tuple) -> tuple:
        dialect, *rest = key
        return (_dialect_fingerprint(dialect), *rest)


def share_compiled_statements(engine) -> None:
    """Point ``engine``'s statement cache at the process-wide one (after its first connect)."""
    if getattr(engine, "_compiled_cache", None) is not None:
        engine._compiled_cache = SharedCompiledStatements()


def install() -> None:
    """Patch werkzeug, the templating set-up and the engine factory; each only if it fits."""
    if list(inspect.signature(_original_builder).parameters) == ["self", "append_unknown"]:
        Rule._compile_builder = _shared_builder

    from carebridge import db, templating

    original_templating = templating.init_app

    def templating_init_app(app, *args, **kwargs):
        original_templating(app, *args, **kwargs)
        app.jinja_env.bytecode_cache = TEMPLATE_CODE

    templating.init_app = templating_init_app

    original_engine = db.make_engine

    def make_engine(url, *args, **kwargs):
        engine = original_engine(url, *args, **kwargs)
        share_compiled_statements(engine)
        return engine

    db.make_engine = make_engine
