"""A definition (JSON Schema + ui block) compiled into the tree of fields the templates draw."""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from carebridge import i18n, sizes
from carebridge.forms import translations
from carebridge.forms.definitions import resolve_local_ref
from carebridge.i18n import _


#: A value the data does not hold (distinct from JSON null).
class _Missing:
    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()

#: Strings longer than this are written in a textarea.
TEXTAREA_OVER = 200
#: Labelled choices: radios up to this many, a select up to SEARCHABLE_OVER, then a search box.
RADIOS_UP_TO = 5
SEARCHABLE_OVER = 30

FORMAT_INPUTS = {
    "date": "date", "date-time": "datetime-local", "time": "time", "email": "email",
    "idn-email": "email", "uri": "url", "iri": "url", "tel": "tel",
}
# Formats a text box serves well enough: no warning for these.
PLAIN_FORMATS = {
    "duration", "hostname", "idn-hostname", "ipv4", "ipv6", "uri-reference", "iri-reference",
    "uuid", "uri-template", "json-pointer", "relative-json-pointer", "regex",
}

#: Kinds drawn as one question (an input, a select or a group of options), not a group.
LEAF_KINDS = frozenset({
    "string", "textarea", "number", "integer", "choice", "boolean", "multichoice", "const",
    "null", "unsupported",
})


@dataclass
class Choice:
    value: Any
    label: str
    html: str  # what the browser sends back


@dataclass
class Rule:
    """A condition on an object: an ``if`` or a present property switches fields on."""

    when: dict | str  # an ``if`` schema, or the name of a property that must be present
    then_keys: tuple[str, ...] = ()
    then_required: tuple[str, ...] = ()
    else_keys: tuple[str, ...] = ()
    else_required: tuple[str, ...] = ()


@dataclass(eq=False)
class Field:
    kind: str
    path: tuple  # data path with "*" for any array item
    schema: dict
    label: str = ""
    key: str | int | None = None
    help: str = ""
    widget: str = ""
    input_type: str = "text"
    attrs: dict = field(default_factory=dict)
    choices: list[Choice] = field(default_factory=list)
    branches: list[Field] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    required: bool = False  # required by the schema unconditionally
    conditional: bool = False  # shown only when a rule of its parent says so
    trigger: bool = False  # its answer decides a rule of its parent
    read_only: bool = False
    default: Any = MISSING
    min_items: int = 0
    max_items: int | None = None
    rows: int = 0
    inline: bool = False
    add_label: str = ""
    format: str = ""
    write: Any = None  # the chosen widget's writer (see widget_table.py)
    recursive: bool = False  # a $ref back into itself: drawn and read only when reached
    discriminator: bool = False  # fixes which branch of a oneOf this is (the branch radios say it)
    _children: list[Field] | None = None
    _item: Field | None = None
    _lazy: Any = None  # a callable compiling children/item on first use (recursive $ref)

    @property
    def children(self) -> list[Field]:
        if self._children is None and self._lazy is not None:
            self._lazy(self)
        return self._children or []

    @property
    def item(self) -> Field | None:
        if self._item is None and self._lazy is not None:
            self._lazy(self)
        return self._item

    @property
    def nullable(self) -> bool:
        """Whether its type allows null beside another type (``["string", "null"]``)."""
        types = self.schema.get("type")
        return isinstance(types, list) and "null" in types and self.kind != "null"

    @property
    def leaf(self) -> bool:
        return self.kind in LEAF_KINDS or self.widget == "hidden"

    @property
    def attr_html(self) -> Markup:
        """The HTML constraint attributes, escaped once and kept (fields are shared)."""
        cached = self.__dict__.get("_attr_html")
        if cached is None:
            cached = Markup(" ").join(
                Markup('{}="{}"').format(k, v if not isinstance(v, bool) else str(v).lower())
                for k, v in self.attrs.items()
            )
            self.__dict__["_attr_html"] = cached
        return cached

    @property
    def pointer(self) -> str:
        return _pointer(self.path) if self.path else ""

    def child(self, key: str) -> Field | None:
        return next((c for c in self.children if c.key == key), None)


@dataclass(eq=False)
class CompiledForm:
    root: Field
    document: dict
    pages: list[dict]
    sections: list[dict]
    submit_label: str
    warnings: list[str]
    widgets: Any = None  # the WidgetTable it was compiled against
    # Bytes held: the compiled fields and the document (measured when the cache takes it),
    # then what drawing keeps on the fields (see count_kept); and whether the cache counts it.
    held: int = 0
    cached: bool = False


def _pointer(path: tuple) -> str:
    """The JSON Pointer of a data path, as ``ui.fields`` names it (``~1`` for a "/" in a name,
    ``~0`` for a "~")."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def html_pattern(pattern: str) -> str:
    """HTML anchors ``pattern`` at both ends and JSON Schema does not: widen the open ends."""
    head = "" if pattern.startswith("^") else ".*"
    core = pattern.removeprefix("^")
    anchored_end = core.endswith("$") and not core.endswith("\\$")
    core = core[:-1] if anchored_end else core
    return f"{head}(?:{core}){'' if anchored_end else '.*'}"


def humanize(key: str) -> str:
    words = re.sub(r"[_\-]+", " ", re.sub(r"(?<=[a-z])(?=[A-Z])", " ", str(key))).strip()
    return words[:1].upper() + words[1:] if words else ""


def html_value(value: Any) -> str:
    """How a JSON value travels as form text: strings as themselves, the rest as JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value)


def choice_texts(values: list) -> list[str]:
    """What each of a question's choices sends: ``html_value``, unless that would lose one.

    ``""`` reads as no answer, a line break comes back as CRLF, and ``"1"`` beside ``1`` (or
    ``"null"`` beside ``null``) would send the same text for two choices; then every choice
    of the question is sent as JSON, which tells each apart and holds no line break.
    """
    texts = [html_value(v) for v in values]
    if len(set(texts)) == len(texts) and not any(t == "" or "\n" in t or "\r" in t
                                                   for t in texts):
        return texts
    return [json.dumps(v) for v in values]


def _choices(options: list[tuple[Any, Any]]) -> list[Choice]:
    """The ``Choice`` of each ``(value, label)``, each sending its ``choice_texts`` text."""
    texts = choice_texts([value for value, _label in options])
    return [Choice(value, str(label), text)
            for (value, label), text in zip(options, texts, strict=True)]


class _Compiler:
    def __init__(self, document: dict, widgets):
        self.document = document
        self.widgets = widgets
        self.schema = document.get("schema") or {}
        ui = document.get("ui") or {}
        self.ui_fields = ui.get("fields") or {}
        self.root_order = ui.get("order") or []
        self.warnings: list[str] = []

    # -- references ------------------------------------------------------------------------
    def resolve(self, schema: dict, stack: tuple) -> tuple[dict, tuple, bool]:
        """Follow ``$ref`` chains; the flag says the ref is already being expanded (recursion)."""
        seen = stack
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            ref = schema["$ref"]
            target = self._deref(ref)
            siblings = {k: v for k, v in schema.items() if k != "$ref"}
            merged = {**target, **siblings} if siblings else target
            if ref in seen:
                return merged, seen, True
            seen = seen + (ref,)
            schema = merged
        return (schema if isinstance(schema, dict) else {}), seen, False

    def _deref(self, ref: str) -> dict:
        if not ref.startswith("#"):
            self.warnings.append(f"Only references inside the definition are drawn: {ref}")
            return {}
        node = resolve_local_ref(self.schema, ref)
        if node is None:
            self.warnings.append(f"The reference {ref} points nowhere.")
            return {}
        return node if isinstance(node, dict) else {}

    def standalone(self, schema: dict) -> dict:
        """``schema`` with the definition's ``$defs``, so it can be checked on its own."""
        extra = {k: self.schema[k] for k in ("$defs", "definitions") if k in self.schema}
        return {**extra, **schema} if extra else schema

    def ui_for(self, path: tuple) -> dict:
        if not self.ui_fields:
            return {}
        return self.ui_fields.get(_pointer(path)) or {}

    # -- the tree --------------------------------------------------------------------------
    def compile(self, schema: Any, path: tuple, key: Any, stack: tuple = ()) -> Field:
        if schema is True or not isinstance(schema, dict):
            schema = {}
        schema, stack, recursive = self.resolve(schema, stack)
        schema = self.merge_all_of(schema, stack)
        ui = self.ui_for(path)
        node = Field(kind="string", path=path, schema=schema, key=key)
        node.label = ui.get("label") or schema.get("title") or (
            humanize(key) if isinstance(key, str) else ""
        )
        node.help = ui.get("help") or schema.get("description") or ""
        node.widget = ui.get("widget") or ""
        if node.widget and self.widgets.get(node.widget) is None:
            self.warnings.append(f"{node.pointer or '/'}: unknown widget '{node.widget}'.")
            node.widget = ""
        examples = schema.get("examples")
        placeholder = ui.get("placeholder") or (
            str(examples[0]) if isinstance(examples, list) and examples else ""
        )
        if placeholder:
            node.attrs["placeholder"] = placeholder
        if ui.get("autocomplete"):
            node.attrs["autocomplete"] = ui["autocomplete"]
        node.read_only = bool(schema.get("readOnly"))
        node.default = schema.get("default", MISSING)
        node.rows = int(ui.get("rows") or 0)
        node.inline = bool(ui.get("inline"))
        node.add_label = ui.get("add_label") or ""
        if recursive:
            # Drawn only when the data (or a person pressing Add) reaches this deep.
            node.kind = "object" if _type_of(schema) == "object" else "array"
            node.recursive = True
            node._lazy = lambda n, s=schema, st=stack: self._expand_lazily(n, s, st)
            self.choose_widget(node)
            return node
        self.classify(node, schema, stack, ui)
        self.choose_widget(node)
        return node

    def choose_widget(self, node: Field) -> None:
        """The named widget if it draws this kind of field, else the automatic choice."""
        named = self.widgets.get(node.widget) if node.widget else None
        if named is not None and not named.draws(node.kind):
            self.warnings.append(f"{node.pointer or '/'}: the widget '{node.widget}' does not "
                                 f"draw a field of kind {node.kind}; the default is used.")
            named = None
        if named is None and node.kind not in LEAF_KINDS:
            node.widget = ""  # groups are drawn by the templates
            return
        widget = named or self.widgets.automatic(node)
        node.widget = widget.name if widget is not None else ""
        node.write = widget.write if widget is not None else None
        if widget is not None and widget.input_type:
            node.input_type = widget.input_type

    def _expand_lazily(self, node: Field, schema: dict, stack: tuple) -> None:
        node._lazy = None
        fresh = self.compile(schema, node.path, node.key, stack[-1:])
        node.kind = fresh.kind
        node._children, node._item = fresh._children, fresh._item
        node.rules, node.branches = fresh.rules, fresh.branches
        node.min_items, node.max_items = fresh.min_items, fresh.max_items

    def merge_all_of(self, schema: dict, stack: tuple) -> dict:
        parts = schema.get("allOf")
        if not isinstance(parts, list):
            return schema
        merged = {k: v for k, v in schema.items() if k != "allOf"}
        rules_from_parts = []
        for part in parts:
            part, _, _ = self.resolve(part, stack)
            for k, v in part.items():
                if k == "properties":
                    merged["properties"] = {**merged.get("properties", {}), **v}
                elif k == "required":
                    merged["required"] = list(dict.fromkeys(merged.get("required", []) + v))
                elif k in ("if", "then", "else"):
                    continue
                else:
                    merged.setdefault(k, v)
            if "if" in part:
                rules_from_parts.append({k: part[k] for k in ("if", "then", "else") if k in part})
        if rules_from_parts:
            merged["x-conditions"] = merged.get("x-conditions", []) + rules_from_parts
        return merged

    def classify(self, node: Field, schema: dict, stack: tuple, ui: dict) -> None:
        """Pick the field's kind and compile it: a constant, a choice and alternatives win
        over the JSON type, which then picks its compiler from ``_BY_TYPE``."""
        if "const" in schema:
            self.compile_const(node, schema)
        elif "enum" in schema or _labelled_choices(schema) is not None:
            self.compile_choice(node, schema)
        elif _is_alternatives(schema) and not self.object_branches(schema, stack):
            # Alternatives of plain values (a string or a number…): one text box, server judges.
            self.warnings.append(
                f"{node.pointer or '/'}: alternatives that are not objects are asked as text."
            )
            self.compile_string(node, {k: v for k, v in schema.items()
                                       if k not in ("oneOf", "anyOf")})
        elif _is_alternatives(schema):
            self.compile_alternatives(node, schema, stack)
        else:
            compile_kind = _BY_TYPE.get(_type_of(schema), _Compiler.compile_unsupported)
            compile_kind(self, node, schema, stack, ui)

    def compile_const(self, node: Field, schema: dict) -> None:
        node.kind = "const"
        const = schema["const"]
        node.choices = [Choice(const, str(const), choice_texts([const])[0])]

    def compile_choice(self, node: Field, schema: dict) -> None:
        node.kind = "choice"
        labelled = _labelled_choices(schema)
        options = labelled if labelled is not None else [
            (v, str(v) if v is not None else "None") for v in schema["enum"]
        ]
        node.choices = _choices(options)

    def compile_alternatives(self, node: Field, schema: dict, stack: tuple) -> None:
        """oneOf/anyOf of objects: one object field per branch, the shared keys merged in."""
        node.kind = "alternatives"
        key = "oneOf" if "oneOf" in schema else "anyOf"
        base = {k: v for k, v in schema.items() if k not in ("oneOf", "anyOf")}
        resolved = [self.resolve(branch, stack)[0] for branch in schema[key]]
        telling = discriminator(resolved)
        question, names = branch_names(base, resolved, telling)
        titled = self.ui_for(node.path).get("label") or schema.get("title")
        if question and not titled:
            node.label = question  # not the form's title: the question that picks a branch
        for i, branch in enumerate(resolved):
            merged = {**base, **branch}
            merged["properties"] = {
                **base.get("properties", {}), **branch.get("properties", {})
            }
            merged["required"] = list(
                dict.fromkeys(base.get("required", []) + branch.get("required", []))
            )
            b = self.compile(merged, node.path, node.key, stack)
            b.kind = "object"
            b.schema = self.standalone(merged)
            b.label = names[i]
            if telling is not None:
                for child in b.children:
                    child.discriminator = child.discriminator or child.key == telling
            node.branches.append(b)

    # One compiler per JSON type (after const, enum and oneOf/anyOf, which win over the type).

    def compile_object_kind(self, node: Field, schema: dict, stack: tuple, ui: dict) -> None:
        node.kind = "object"
        self.compile_object(node, schema, stack, ui)

    def compile_array_kind(self, node: Field, schema: dict, stack: tuple, ui: dict) -> None:
        self.compile_array(node, schema, stack)

    def compile_boolean(self, node: Field, schema: dict, stack: tuple, ui: dict) -> None:
        node.kind = "boolean"
        node.choices = [Choice(True, i18n._("Yes"), "true"), Choice(False, i18n._("No"), "false")]
        if node.nullable:  # null is a third answer a person picks, beside Yes and No
            node.choices.append(Choice(None, i18n._("No answer"), "null"))

    def compile_number(self, node: Field, schema: dict, stack: tuple, ui: dict) -> None:
        kind = _type_of(schema)
        node.kind = kind
        node.input_type = "number"
        self.number_attrs(node, schema, kind)

    def compile_null(self, node: Field, schema: dict, stack: tuple, ui: dict) -> None:
        node.kind = "null"

    def compile_string_kind(self, node: Field, schema: dict, stack: tuple, ui: dict) -> None:
        self.compile_string(node, schema)

    def compile_unsupported(self, node: Field, schema: dict, stack: tuple, ui: dict) -> None:
        node.kind = "unsupported"
        self.warnings.append(
            f"{node.pointer or '/'}: no widget for this schema; shown as a JSON text box."
        )

    def object_branches(self, schema: dict, stack: tuple) -> bool:
        options = schema.get("oneOf") or schema.get("anyOf") or []
        return all(
            _type_of(self.resolve(o, stack)[0]) in ("object", "")
            for o in options if isinstance(o, dict)
        ) and _type_of(schema) in ("object", "")

    def compile_string(self, node: Field, schema: dict) -> None:
        node.kind = "string"
        fmt = schema.get("format") or ""
        node.format = fmt
        if fmt in FORMAT_INPUTS:
            node.input_type = FORMAT_INPUTS[fmt]
        elif fmt and fmt not in PLAIN_FORMATS:
            self.warnings.append(f"{node.pointer}: unknown format '{fmt}'; shown as a text box.")
        max_length = schema.get("maxLength")
        if node.widget == "textarea" or (
            not fmt and isinstance(max_length, int) and max_length > TEXTAREA_OVER
            and node.widget in ("", "textarea")
        ):
            node.kind = "textarea"
            node.rows = node.rows or 4
        if isinstance(max_length, int):
            node.attrs["maxlength"] = max_length
        if isinstance(schema.get("minLength"), int) and schema["minLength"] > 0:
            node.attrs["minlength"] = schema["minLength"]
        pattern = schema.get("pattern")
        if isinstance(pattern, str) and node.kind == "string":
            node.attrs["pattern"] = html_pattern(pattern)

    def number_attrs(self, node: Field, schema: dict, kind: str) -> None:
        step = schema.get("multipleOf")
        if not isinstance(step, int | float):
            step = 1 if kind == "integer" else "any"
        node.attrs["step"] = step
        if isinstance(schema.get("minimum"), int | float):
            node.attrs["min"] = schema["minimum"]
        elif kind == "integer" and isinstance(schema.get("exclusiveMinimum"), int):
            node.attrs["min"] = schema["exclusiveMinimum"] + 1
        if isinstance(schema.get("maximum"), int | float):
            node.attrs["max"] = schema["maximum"]
        elif kind == "integer" and isinstance(schema.get("exclusiveMaximum"), int):
            node.attrs["max"] = schema["exclusiveMaximum"] - 1
        if kind == "integer":
            node.attrs["inputmode"] = "numeric"
        else:
            node.attrs["inputmode"] = "decimal"

    def compile_object(self, node: Field, schema: dict, stack: tuple, ui: dict) -> None:
        props: dict[str, Any] = dict(schema.get("properties") or {})
        required = set(schema.get("required") or [])
        conditional: dict[str, Any] = {}  # properties only a rule brings in
        triggers: set[str] = set()  # properties whose answers a rule reads
        for rules_of in (self.if_then_else_rules, self.dependent_required_rules,
                         self.dependent_schema_rules):
            rules_of(node, schema, stack, conditional, triggers)

        keys = list(props) + [k for k in conditional if k not in props]
        order = ui.get("order") or (self.root_order if not node.path else [])
        if order:
            ranked = [k for k in order if k in keys]
            keys = ranked + [k for k in keys if k not in ranked]
        children = []
        for k in keys:
            sub = props[k] if k in props else conditional[k]
            child = self.compile(sub, node.path + (k,), k, stack)
            child.required = k in required
            child.conditional = k not in props
            child.trigger = k in triggers
            if node.read_only:
                child.read_only = True
            children.append(child)
        node._children = children

    # One reader per kind of rule (if/then/else, dependentRequired, dependentSchemas): each
    # adds its Rules to the node, the properties they bring in, and the ones they read.

    def if_then_else_rules(self, node: Field, schema: dict, stack: tuple, conditional: dict,
                           triggers: set) -> None:
        props = schema.get("properties") or {}
        raw_rules = list(schema.get("x-conditions") or [])
        if "if" in schema:
            raw_rules.insert(0, {k: schema[k] for k in ("if", "then", "else") if k in schema})
        for raw in raw_rules:
            cond, _, _ = self.resolve(raw.get("if") or {}, stack)
            then, _, _ = self.resolve(raw.get("then") or {}, stack)
            other, _, _ = self.resolve(raw.get("else") or {}, stack)
            for branch in (then, other):
                for k, v in (branch.get("properties") or {}).items():
                    conditional.setdefault(k, v)
            node.rules.append(Rule(
                when=self.standalone(cond),
                then_keys=tuple((then.get("properties") or {}).keys()),
                then_required=tuple(then.get("required") or ()),
                else_keys=tuple((other.get("properties") or {}).keys()),
                else_required=tuple(other.get("required") or ()),
            ))
            named = set((cond.get("properties") or {}).keys()) | set(cond.get("required") or ())
            triggers |= named or set(props)

    def dependent_required_rules(self, node: Field, schema: dict, stack: tuple,
                                 conditional: dict, triggers: set) -> None:
        for trigger, needed in (schema.get("dependentRequired") or {}).items():
            node.rules.append(Rule(when=trigger, then_required=tuple(needed)))
            triggers.add(trigger)

    def dependent_schema_rules(self, node: Field, schema: dict, stack: tuple,
                               conditional: dict, triggers: set) -> None:
        for trigger, sub in (schema.get("dependentSchemas") or {}).items():
            sub, _, _ = self.resolve(sub, stack)
            for k, v in (sub.get("properties") or {}).items():
                conditional.setdefault(k, v)
            node.rules.append(Rule(
                when=trigger,
                then_keys=tuple((sub.get("properties") or {}).keys()),
                then_required=tuple(sub.get("required") or ()),
            ))
            triggers.add(trigger)

    def compile_array(self, node: Field, schema: dict, stack: tuple) -> None:
        node.min_items = int(schema.get("minItems") or 0)
        node.max_items = schema.get("maxItems")
        items = schema.get("items")
        if isinstance(schema.get("prefixItems"), list):
            node.kind = "tuple"
            node._children = [
                self.compile(s, node.path + (i,), i, stack)
                for i, s in enumerate(schema["prefixItems"])
            ]
            for i, child in enumerate(node._children):
                child.label = child.label or f"{node.label} {i + 1}"
                child.required = i < node.min_items
            return
        resolved, _, _ = self.resolve(items if isinstance(items, dict) else {}, stack)
        labelled = _labelled_choices(resolved)
        if "enum" in resolved or labelled is not None:
            node.kind = "multichoice"
            options = labelled if labelled is not None else [(v, str(v)) for v in resolved["enum"]]
            node.choices = _choices(options)
            return
        node.kind = "array"
        node._item = self.compile(items if isinstance(items, dict) else {}, node.path + ("*",),
                                  None, stack)
        node._item.label = node._item.label or node.label


#: The compiler of each JSON type (anything else is asked as JSON text).
_BY_TYPE = {
    "object": _Compiler.compile_object_kind,
    "array": _Compiler.compile_array_kind,
    "boolean": _Compiler.compile_boolean,
    "number": _Compiler.compile_number,
    "integer": _Compiler.compile_number,
    "null": _Compiler.compile_null,
    "string": _Compiler.compile_string_kind,
}


def _type_of(schema: dict) -> str:
    t = schema.get("type")
    if isinstance(t, list):
        non_null = [x for x in t if x != "null"]
        t = non_null[0] if non_null else "null"
    if t:
        return t
    if "properties" in schema or "dependentSchemas" in schema or "if" in schema:
        return "object"
    if "items" in schema or "prefixItems" in schema:
        return "array"
    if any(k in schema for k in ("minLength", "maxLength", "pattern", "format")):
        return "string"
    if any(k in schema for k in ("minimum", "maximum", "multipleOf")):
        return "number"
    return ""


_NO_VALUE = object()


def _fixed_value(schema: Any) -> Any:
    if isinstance(schema, dict):
        if "const" in schema:
            return schema["const"]
        if isinstance(schema.get("enum"), list) and len(schema["enum"]) == 1:
            return schema["enum"][0]
    return _NO_VALUE


def discriminator(branches: list[dict]) -> str | None:
    """The property every branch fixes to a value of its own (``"kind": {"const": "person"}``):
    the question whose answer tells the branches apart."""
    if len(branches) < 2 or not all(isinstance(b.get("properties"), dict) for b in branches):
        return None
    for key in branches[0]["properties"]:
        values = [_fixed_value(b["properties"].get(key)) for b in branches]
        if any(v is _NO_VALUE for v in values):
            continue
        if len({json.dumps(v, sort_keys=True) for v in values}) == len(values):
            return key
    return None


def _title(schema: Any, key: str) -> str:
    title = schema.get("title") if isinstance(schema, dict) else None
    return title if isinstance(title, str) and title else humanize(key)


def _listed(titles: list[str]) -> str:
    if len(titles) == 1:
        return titles[0]
    return _("%(first)s and %(last)s", first=", ".join(titles[:-1]), last=titles[-1])


def branch_names(base: dict, branches: list[dict],
                 telling: str | None) -> tuple[str, list[str]]:
    """The question that picks a branch (or "") and each branch's name for the choice.

    A branch's own title wins. A discriminated oneOf names each branch by its value's title
    (or the value) under the discriminating question's title; otherwise an untitled branch
    is named by the questions only it has or requires ("Date of birth" / "Age").
    """
    shared = base.get("properties") or {}
    if telling is not None:
        asked = [b["properties"][telling] for b in branches]
        titles = [a.get("title") for a in asked]
        # The same title in every branch is the question's; different ones name the values.
        same = len(set(titles)) == 1 and isinstance(titles[0], str) and titles[0]
        if isinstance(shared.get(telling), dict) and shared[telling].get("title"):
            question = shared[telling]["title"]
        else:
            question = titles[0] if same else humanize(telling)
        names = []
        for branch, schema in zip(branches, asked, strict=True):
            value = _fixed_value(schema)
            names.append(branch.get("title") or (None if same else schema.get("title")) or (
                humanize(value) if isinstance(value, str) else json.dumps(value)))
        return question, names
    keys = [list(dict.fromkeys([*(b.get("properties") or {}), *(b.get("required") or [])]))
            for b in branches]
    names = []
    for i, branch in enumerate(branches):
        others = {k for j, ks in enumerate(keys) if j != i for k in ks}
        own = [k for k in keys[i] if k not in others]
        props = {**shared, **(branch.get("properties") or {})}
        names.append(branch.get("title") or (
            _listed([_title(props.get(k), k) for k in own]) if own
            else _("Option %(number)d", number=i + 1)))
    return "", names


def _labelled_choices(schema: dict) -> list[tuple[Any, str]] | None:
    for key in ("oneOf", "anyOf"):
        options = schema.get(key)
        if isinstance(options, list) and options and all(
            isinstance(o, dict) and "const" in o for o in options
        ):
            return [(o["const"], o.get("title") or str(o["const"])) for o in options]
    return None


def _is_alternatives(schema: dict) -> bool:
    for key in ("oneOf", "anyOf"):
        options = schema.get(key)
        if isinstance(options, list) and options:
            return True
    return False


def compile_definition(document: dict, widgets=None) -> CompiledForm:
    """Compile one definition document; pure, so the result can be shared between requests.

    ``widgets`` is a ``WidgetTable``; by default the current app's.
    """
    if widgets is None:
        from carebridge.renderer.widget_table import current_table

        widgets = current_table()
    compiler = _Compiler(document, widgets)
    root = compiler.compile(compiler.schema, (), None)
    root.label = root.label or document.get("title", "")
    ui = document.get("ui") or {}
    known = {c.key for c in root.children}
    pages = [dict(p) for p in ui.get("pages") or []]
    for page in pages:
        page["fields"] = [f for f in page.get("fields", []) if f in known]
    if pages:
        placed = {f for p in pages for f in p["fields"]}
        rest = [c.key for c in root.children if c.key not in placed]
        if rest:
            pages[-1]["fields"] = pages[-1]["fields"] + rest
    sections = [dict(s) for s in ui.get("sections") or []]
    return CompiledForm(
        root=root,
        document=document,
        pages=pages,
        sections=sections,
        submit_label=ui.get("submit_label") or i18n._("Submit"),
        warnings=compiler.warnings,
        widgets=widgets,
    )


# Compiled forms, least recently used first; bounded by the bytes they hold: the compiled
# fields and their document (measured when one is kept: a 1,460-question assessment's is about
# 14x its JSON), and what drawing keeps on the fields as it is kept (shells, plans, groups
# kept whole: about 5x more once drawn; bench/long_form.py compares the count with tracemalloc).
# Keyed by the widget table, the definition, the translations consulted and the interface's
# locale.
_cache: OrderedDict[tuple[int, str, tuple[str, ...], str], CompiledForm] = OrderedDict()
_cache_lock = threading.Lock()
CACHE_MAX_FORMS = 512
CACHE_MAX_BYTES = 64 * 1024 * 1024
_cache_bytes = 0
#: What the size of a compiled form counts: these objects' attributes, not only containers.
COMPILED_TYPES = (CompiledForm, Field, Choice, Rule)


def compiled_for(digest: str, document: dict, widgets=None,
                 language: str | None = None) -> CompiledForm:
    """The compiled form of one published version; versions are immutable, so cache by digest
    (and by widget table: apps with different plugins draw the same version differently, and
    by the translations ``language`` draws from; None draws the definition's own texts; and by
    the interface's locale, which words the renderer's own texts: "Yes", "Submit")."""
    if widgets is None:
        from carebridge.renderer.widget_table import current_table

        widgets = current_table()
    shown = translations.fallbacks(document, language)
    global _cache_bytes
    key = (widgets.serial, digest, shown, _interface_locale())
    kept = _cache.get(key)
    if kept is not None:
        with _cache_lock:
            if key in _cache:
                _cache.move_to_end(key)
        return kept
    form = compile_definition(translations.localize(document, language) if shown
                              else document, widgets)
    measured = sizes.held(form, inside=COMPILED_TYPES)
    with _cache_lock:
        form.held += measured
        if key not in _cache:
            _cache[key] = form
            form.cached = True
            _cache_bytes += form.held
        _evict()
    return form


def count_kept(form: CompiledForm, nbytes: int) -> None:
    """Drawing ``form`` kept ``nbytes`` more on its fields (fewer, when negative: a bound per
    field emptied a cache); while the form is cached its bound counts them, and the least
    recently used forms leave past it."""
    global _cache_bytes
    with _cache_lock:
        form.held += nbytes
        if form.cached:
            _cache_bytes += nbytes
            _evict()


def _evict() -> None:
    """Drop the least recently used forms past the bounds (the newest stays); with the lock."""
    global _cache_bytes
    while len(_cache) > 1 and (len(_cache) > CACHE_MAX_FORMS or _cache_bytes > CACHE_MAX_BYTES):
        _, dropped = _cache.popitem(last=False)
        dropped.cached = False
        _cache_bytes -= dropped.held


def _interface_locale() -> str:
    from flask import has_request_context

    return i18n.current() if has_request_context() else i18n.DEFAULT_LOCALE


def cache_usage() -> tuple[int, int]:
    """How many compiled forms are kept, and the bytes they hold (see ``CompiledForm.held``)."""
    with _cache_lock:
        return len(_cache), _cache_bytes
