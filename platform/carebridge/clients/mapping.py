"""A definition's ``"client"`` mapping: which answers fill which fields of the client record
(``{"given_name": "/given_name", "birth_date": "/date_of_birth", …}``), checked at publish."""

from __future__ import annotations

from carebridge.assessments.answers import schemas_at, values_at
from carebridge.errors import Problem
from carebridge.i18n import _

#: The client fields a definition may fill, each from one answer.
MAPPABLE = ("given_name", "family_name", "middle_name", "preferred_name", "birth_date",
            "preferred_language", "phone", "email", "address_line1", "address_line2", "city",
            "state", "postal_code")


def mapping_of(definition: dict) -> dict[str, str]:
    mapping = definition.get("client")
    return dict(mapping) if isinstance(mapping, dict) else {}


def mapping_problems(definition: dict) -> list[Problem]:
    """Every mapping that names an unknown client field or a path that is no question."""
    found = []
    schema = definition.get("schema") if isinstance(definition.get("schema"), dict) else {}
    mapping = mapping_of(definition)
    for name, path in mapping.items():
        if name not in MAPPABLE:
            found.append(Problem(f"/client/{name}", (
                _("'%(name)s' is not a client field; the fields are: %(fields)s.", name=name,
                  fields=", ".join(MAPPABLE)))))
        elif not isinstance(path, str) or not schemas_at(schema, path):
            found.append(Problem(f"/client/{name}",
                                 _("'%(path)s' names no question.", path=path)))
    if mapping and "given_name" not in mapping:
        found.append(Problem("/client", _("A client mapping needs 'given_name'.")))
    return found


def client_values(definition: dict, answers: object) -> dict[str, object]:
    """The client fields the answers give (only those answered)."""
    values = {}
    for name, path in mapping_of(definition).items():
        if name not in MAPPABLE:
            continue
        found = values_at(answers, path)
        if found.answered and found.values and found.values[0] not in (None, ""):
            values[name] = found.values[0]
    return values
