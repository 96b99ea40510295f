"""Domain errors: services raise them with messages a person can read; views pick the status."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Problem:
    """One thing wrong, at a JSON Pointer into the document it was found in."""

    pointer: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"pointer": self.pointer, "message": str(self.message)}


@dataclass
class CarebridgeError(Exception):
    message: str
    problems: list[Problem] = field(default_factory=list)
    status = 400

    def __str__(self) -> str:
        return self.message


class InvalidInput(CarebridgeError):
    """The input breaks a rule; ``problems`` says where."""

    status = 422


class NotFound(CarebridgeError):
    """Nothing of that kind exists, or it belongs to another agency (the two look the same)."""

    status = 404


class Conflict(CarebridgeError):
    status = 409


class Forbidden(CarebridgeError):
    status = 403
