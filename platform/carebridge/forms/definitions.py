"""Form definition documents: recognise, normalise and check them before anything is stored."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import referencing
import referencing.exceptions
import regex
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema_specifications import REGISTRY as SPECIFICATIONS
from referencing.jsonschema import DRAFT202012

from carebridge.assessments.checks import definition_problems
from carebridge.assessments.vocabulary import shipped_vocabulary
from carebridge.clients.mapping import mapping_problems
from carebridge.errors import InvalidInput, Problem
from carebridge.forms import audience, dates, names, patterns, translations
from carebridge.forms.validation import (
    FORMAT_CHECKER,
    Validator,
    checking,
    make_validator,
    pointer,
    problems,
)
from carebridge.i18n import _
from carebridge.whole_numbers import is_index

META_SCHEMA_FILE = "definition.schema.json"
#: Matching time for the meta-schemas' patterns over one definition (they are ours, not an
#: author's; the limit only bounds a definition's size in time as MAX_SCHEMA_NODES does in space).
META_PATTERN_SECONDS = 10.0
_SLUG_CLEAN = regex.compile(r"[^a-z0-9]+")
# Keywords whose value is a map of name → subschema, and those holding lists of subschemas.
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "dependentSchemas")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_SINGLE = (
    "items", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "contains",
    "propertyNames", "not", "if", "then", "else",
)


@dataclass(frozen=True)
class Limits:
    # The defaults of carebridge.config (which says why these numbers).
    max_bytes: int = 1536 * 1024
    max_depth: int = 24
    max_nodes: int = 40000

    @classmethod
    def from_config(cls, config) -> Limits:
        return cls(
            int(config.get("MAX_SCHEMA_BYTES", cls.max_bytes)),
            int(config.get("MAX_SCHEMA_DEPTH", cls.max_depth)),
            int(config.get("MAX_SCHEMA_NODES", cls.max_nodes)),
        )


@dataclass(frozen=True)
class Definition:
    """A checked definition document, ready to publish."""

    slug: str
    title: str
    kind: str
    document: dict
    digest: str


def canonical_json(document: object) -> str:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest_of(document: dict) -> str:
    return hashlib.sha256(canonical_json(document).encode()).hexdigest()


def _schema_format_checker() -> FormatChecker:
    # Patterns are checked by _check_patterns, with the engine submissions use and a clearer
    # message than the meta-schema's "regex" format gives.
    checker = FormatChecker(formats=())
    checker.checkers = {k: v for k, v in FORMAT_CHECKER.checkers.items() if k != "regex"}
    return checker


def _checker_of(meta: dict):
    """A validator for a meta-schema whose references are all found without crawling again.

    jsonschema adds the root schema to the registry uncrawled, and ``referencing`` crawls the
    whole registry anew on every ``$dynamicRef`` anchor it does not find at once — 461 crawls
    for the adult intake, 1 s of a 1.3 s publish. Crawled once here, the same check takes
    0.2 s with the same verdicts and messages (tests/forms: the shipped definitions and the
    JSON-Schema-Test-Suite).
    """
    uri = meta.get("$id", "")
    registry = SPECIFICATIONS.with_resource(uri, DRAFT202012.create_resource(meta)).crawl()
    return Validator(meta, registry=registry, _resolver=registry.resolver(base_uri=uri),
                     format_checker=_schema_format_checker())


@lru_cache(maxsize=4)
def _meta_validator(path: str):
    meta = json.loads(Path(path).read_text())
    Draft202012Validator.check_schema(meta)
    return _checker_of(meta)


_JSON_SCHEMA_META = _checker_of(Draft202012Validator.META_SCHEMA)


def is_bare_schema(document: dict) -> bool:
    """A definition wraps its schema under "schema"; anything else is taken as a bare schema."""
    return not isinstance(document.get("schema"), dict)


def wrap_bare_schema(schema: dict) -> dict:
    """Derive id and title of a bare JSON Schema from its ``$id`` and ``title``."""
    title = schema.get("title") if isinstance(schema.get("title"), str) else None
    slug_source = ""
    if isinstance(schema.get("$id"), str):
        parts = [p for p in urlsplit(schema["$id"]).path.split("/") if p]
        slug_source = parts[-1].removesuffix(".json").removesuffix(".schema") if parts else ""
    slug_source = slug_source or title or ""
    slug = _SLUG_CLEAN.sub("-", slug_source.lower()).strip("-")[:100]
    return {
        "id": slug,  # empty: nothing to name the form by (parse_definition asks for an id)
        "title": title or (slug_source or "Untitled form"),
        "kind": "intake",
        "schema": schema,
    }


def parse_definition(document: object, config, meta_schema_path: str | None = None,
                     widgets: Collection[str] | None = None,
                     need_codes: Collection[str] | None = None) -> Definition:
    """Check a definition (or bare schema); raise ``InvalidInput`` listing every problem.

    ``widgets``: the widget names the app's plugins register; None skips that check.
    ``need_codes``: the needs rules may name (an agency's vocabulary); None means the shipped
    needs vocabulary's codes.
    """
    if not isinstance(document, dict):
        raise InvalidInput(
            _("A form definition is a JSON object."), [Problem("", _("Expected a JSON object."))]
        )
    limits = Limits.from_config(config)
    size = len(canonical_json(document).encode())
    if size > limits.max_bytes:
        raise InvalidInput(
            _("The form definition is too large."),
            [Problem("", _("The definition is %(size)d bytes; the limit is %(limit)d.",
                           size=size, limit=limits.max_bytes))],
        )
    bare = is_bare_schema(document)
    definition = wrap_bare_schema(document) if bare else document
    # Pointers in problems refer to the document as submitted.
    prefix = "" if bare else "/schema"
    meta_path = meta_schema_path or str(Path(config["FORM_DEFINITIONS_DIR"]) / META_SCHEMA_FILE)

    found: list[Problem] = []
    if bare and not definition["id"]:
        # "{}" or an untitled schema: publishing it would make a form called "form".
        raise InvalidInput(_("The form needs an id."), [Problem("", _(
            "Give the form an id: write a definition with \"id\", \"title\", \"kind\" and "
            "\"schema\", or give the schema a \"title\" or \"$id\"."))])
    shape = _check_shape(definition["schema"], limits, prefix)
    if shape:
        raise InvalidInput(_("The form's schema is too big or too deeply nested."), shape)
    schema = definition["schema"]
    # The meta-schemas' own patterns run once per name and string of the definition: their own
    # allowance, not the request's (a 1,460-question form outruns 0.25 s on a busy machine).
    with checking(patterns.Budget(META_PATTERN_SECONDS)):
        if bare:
            found += [
                Problem(p.pointer, _meta_message(p.message))
                for p in problems(_JSON_SCHEMA_META, schema, for_people=False)
            ]
        else:
            # The definition meta-schema checks "schema" against JSON Schema's own meta-schema.
            found += problems(_meta_validator(meta_path), definition, for_people=False)
    if not found:
        found += names.check_names(walk(schema, prefix))
        found += _check_refs(schema, prefix)
        found += _check_patterns(schema, prefix)
        found += _check_date_bounds(schema, prefix)
    if not found:
        found += _check_ends(schema, prefix)
    if not found and not bare:
        found += _check_ui_paths(definition)
        found += audience.problems(definition)
        found += _check_consent(definition)
        found += translations.problems(definition)
        if widgets is not None:
            found += _check_widgets(definition, widgets)
        # Scores, bands, flags and need rules: checked for meaning, beyond their shape.
        codes = need_codes if need_codes is not None else shipped_vocabulary().codes()
        found += definition_problems(definition, codes)
        found += mapping_problems(definition)
    if found:
        unique = list({(p.pointer, p.message): p for p in found}.values())
        raise InvalidInput(_("The form definition has problems; nothing was saved."), unique)
    return Definition(
        slug=definition["id"],
        title=definition["title"],
        kind=definition["kind"],
        document=definition,
        digest=digest_of(definition),
    )


def _meta_message(message: str) -> str:
    return _("Not valid JSON Schema (draft 2020-12): %(reason)s", reason=message)


def _check_shape(schema: object, limits: Limits, prefix: str) -> list[Problem]:
    nodes = 0
    stack: list[tuple[object, int, str]] = [(schema, 1, prefix)]
    while stack:
        node, depth, where = stack.pop()
        nodes += 1
        if depth > limits.max_depth:
            return [Problem(where, _("Nested deeper than the limit of %(limit)d levels.",
                                     limit=limits.max_depth))]
        if nodes > limits.max_nodes:
            return [Problem(prefix, _("More than the limit of %(limit)d schema nodes.",
                                      limit=limits.max_nodes))]
        if isinstance(node, dict):
            for key, value in node.items():
                stack.append((value, depth + 1, f"{where}{pointer([key])}"))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                stack.append((value, depth + 1, f"{where}/{index}"))
    return []


def _subschemas(schema: dict, where: str):
    """Yield (subschema, pointer) for every direct subschema of ``schema``."""
    for key in _SCHEMA_MAPS:
        value = schema.get(key)
        if isinstance(value, dict):
            for name, sub in value.items():
                yield sub, f"{where}{pointer([key, name])}"
    for key in _SCHEMA_LISTS:
        value = schema.get(key)
        if isinstance(value, list):
            for index, sub in enumerate(value):
                yield sub, f"{where}/{key}/{index}"
    for key in _SCHEMA_SINGLE:
        if key in schema:
            yield schema[key], f"{where}/{key}"


def walk(schema: object, where: str = "", base: str = ""):
    """Yield (subschema, pointer, base URI) for every schema object, depth first."""
    if not isinstance(schema, dict):
        return
    if isinstance(schema.get("$id"), str):
        base = urljoin(base, schema["$id"])
    yield schema, where, base
    for sub, sub_where in _subschemas(schema, where):
        yield from walk(sub, sub_where, base)


def _check_refs(schema: dict, prefix: str) -> list[Problem]:
    resource = referencing.Resource.from_contents(schema, default_specification=DRAFT202012)
    root_uri = schema.get("$id", "") if isinstance(schema.get("$id"), str) else ""
    # The official meta-schemas ship with jsonschema: a reference to one needs no fetching.
    registry = SPECIFICATIONS.with_resource(root_uri, resource).crawl()
    found = []
    for node, where, base in walk(schema, prefix):
        for keyword in ("$ref", "$dynamicRef"):
            ref = node.get(keyword)
            if not isinstance(ref, str):
                continue
            target = urljoin(base, ref) if base else ref
            document_uri, _fragment = urldefrag(target)
            scheme = urlsplit(document_uri).scheme
            if document_uri and document_uri not in registry and scheme:
                found.append(
                    Problem(
                        f"{where}/{keyword}",
                        _("'%(ref)s' points outside this form; references must stay inside "
                          "the schema (use $defs), and nothing is ever fetched.", ref=ref),
                    )
                )
                continue
            try:
                registry.resolver(base_uri=base).lookup(ref)
            except referencing.exceptions.Unresolvable:
                found.append(
                    Problem(f"{where}/{keyword}",
                            _("'%(ref)s' does not point at anything in the form.", ref=ref))
                )
    return found


def _check_patterns(schema: dict, prefix: str) -> list[Problem]:
    """Every pattern (``pattern``, ``patternProperties``, and so ``propertyNames``'s) must be
    ECMA-262 that the engine runs with the same meaning."""
    found = []
    for node, where, _base in walk(schema, prefix):
        candidates = []
        if isinstance(node.get("pattern"), str):
            candidates.append((node["pattern"], f"{where}/pattern"))
        if isinstance(node.get("patternProperties"), dict):
            candidates += [
                (p, f"{where}{pointer(['patternProperties', p])}")
                for p in node["patternProperties"]
            ]
        for pattern_text, at in candidates:
            reason = patterns.check(pattern_text)
            if reason is not None:
                found.append(Problem(
                    at, _("The pattern %(pattern)s does not compile as an ECMA-262 regular "
                          "expression: %(reason)s.", pattern=repr(pattern_text), reason=reason)
                ))
    return found


def _check_date_bounds(schema: dict, prefix: str) -> list[Problem]:
    found = []
    for node, where, _base in walk(schema, prefix):
        for keyword in dates.KEYWORDS:
            if keyword not in node:
                continue
            at = f"{where}/{keyword}"
            if not dates.is_bound(node[keyword]):
                found.append(Problem(at, _("%(keyword)s is a date (YYYY-MM-DD), 'today', or "
                                           "'today' plus or minus a number of y, m, w or d, "
                                           "like 'today-130y'.", keyword=keyword)))
            elif node.get("format") not in dates.FORMATS:
                found.append(Problem(at, _("%(keyword)s bounds a date: put it beside "
                                           "\"format\": \"date\" or \"date-time\".",
                                           keyword=keyword)))
        if dates.NOT_BEFORE in node and not dates.is_order_rule(node[dates.NOT_BEFORE]):
            found.append(Problem(f"{where}/{dates.NOT_BEFORE}",
                                 _("%(keyword)s maps a date's JSON Pointer to the pointer of the "
                                   "date it may not precede, like {\"/review_date\": "
                                   "\"/plan_date\"} ('*' stands for every item of a list, on "
                                   "the left only).", keyword=dates.NOT_BEFORE)))
    return found


def _check_ends(schema: dict, prefix: str) -> list[Problem]:
    """A schema whose references loop without ever descending into the answers can check
    nothing: refuse it here rather than at every submission."""
    try:
        make_validator(schema).is_valid({})
    except patterns.Unchecked:
        return []
    except RecursionError:
        return [Problem(prefix, _("The schema refers to itself without end: a $ref loop "
                                  "that never reaches a property or item."))]
    return []


def property_exists(schema: dict, path: list[str], root: dict | None = None, seen=None) -> bool:
    """Whether a data path ("*" for array items) names a property any branch of ``schema`` has."""
    root = root if root is not None else schema
    seen = seen if seen is not None else set()
    if not path:
        return True
    if not isinstance(schema, dict):
        return False
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#") and (id(schema), tuple(path)) not in seen:
        seen.add((id(schema), tuple(path)))
        target = resolve_local_ref(root, ref)
        if target is not None and property_exists(target, path, root, seen):
            return True
    head, rest = path[0], path[1:]
    if head == "*":
        for sub in [schema.get("items")] + list(schema.get("prefixItems") or []):
            if isinstance(sub, dict) and property_exists(sub, rest, root, seen):
                return True
    elif isinstance(schema.get("properties"), dict) and head in schema["properties"]:
        if property_exists(schema["properties"][head], rest, root, seen):
            return True
    branches = [schema.get(k) for k in ("if", "then", "else")]
    for key in ("allOf", "anyOf", "oneOf"):
        branches += list(schema.get(key) or [])
    branches += list((schema.get("dependentSchemas") or {}).values())
    return any(isinstance(b, dict) and property_exists(b, path, root, seen) for b in branches)


def resolve_local_ref(root: dict, ref: str):
    """The node a local reference ("#", "#/$defs/x") names inside ``root``, or None.

    The reference is a URI fragment: percent-decoded first (``#/$defs/%C3%BC`` names
    ``ü``), then read as a JSON Pointer, as the validator reads it."""
    if not ref.startswith("#"):
        return None
    node = root
    for part in [p for p in unquote(ref[1:]).split("/") if p]:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and is_index(part) and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def split_path(path: str) -> list[str]:
    return [p.replace("~1", "/").replace("~0", "~") for p in path.split("/")[1:]]


def _check_ui_paths(definition: dict) -> list[Problem]:
    ui = definition.get("ui") or {}
    schema = definition["schema"]
    found = []
    for path in ui.get("fields", {}) or {}:
        if not property_exists(schema, split_path(path)):
            found.append(Problem(f"/ui/fields{pointer([path])}",
                                 _("'%(name)s' names no field.", name=path)))
    for group in ("pages", "sections"):
        for index, page in enumerate(ui.get(group, []) or []):
            for position, name in enumerate(page.get("fields", [])):
                if not property_exists(schema, [name]):
                    found.append(
                        Problem(f"/ui/{group}/{index}/fields/{position}",
                                _("'%(name)s' names no field.", name=name))
                    )
    for position, name in enumerate(ui.get("order", []) or []):
        if not property_exists(schema, [name]):
            found.append(Problem(f"/ui/order/{position}",
                                 _("'%(name)s' names no field.", name=name)))
    return found


def _check_consent(definition: dict) -> list[Problem]:
    """A ``consent`` block belongs to a consent form, and its paths name answers."""
    consent = definition.get("consent")
    if consent is None:
        return []
    if definition["kind"] != "consent":
        return [Problem("/consent",
                        _("Only a form of kind 'consent' declares how consent lasts."))]
    return [
        Problem(f"/consent/{key}", _("'%(name)s' names no field.", name=consent[key]))
        for key in ("expires_on", "shared_information")
        if key in consent and not property_exists(definition["schema"], split_path(consent[key]))
    ]


def _check_widgets(definition: dict, widgets: Collection[str]) -> list[Problem]:
    found = []
    for path, field_ui in ((definition.get("ui") or {}).get("fields") or {}).items():
        name = field_ui.get("widget") if isinstance(field_ui, dict) else None
        if isinstance(name, str) and name not in widgets:
            found.append(Problem(
                f"/ui/fields{pointer([path, 'widget'])}",
                _("No installed plugin registers a widget named '%(name)s'; the widgets are: "
                  "%(widgets)s.", name=name, widgets=", ".join(sorted(widgets))),
            ))
    return found
