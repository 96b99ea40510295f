"""Every ``format`` of JSON Schema draft 2020-12, checked to its RFC.

``jsonschema`` checks most formats only when optional packages are installed, and several of
those packages are lenient where the RFCs are not (``fqdn`` takes any ``xn--`` label,
``isoduration`` takes ISO 8601's fractions and signs, ``uri_template`` takes ``{v:01}``, none of
the date-time checkers knows when a leap second may happen). These checks follow the grammars of
RFC 3339 (dates, times, durations), RFC 3986/3987 (URIs, IRIs), RFC 5321/6531 (e-mail),
RFC 1123 with IDNA2008 (host names, through the ``idna`` package), RFC 6570 (URI templates),
RFC 6901 and its relative draft (JSON pointers) and RFC 4122 (UUIDs); ``regex`` is ECMA-262 as
``patterns`` reads it. Each is run over the official JSON-Schema-Test-Suite by the tests.
"""

from __future__ import annotations

import ipaddress
import unicodedata
from collections.abc import Callable
from datetime import date

import idna
import regex
from jsonschema import FormatChecker

from carebridge.forms import patterns

_D = "[0-9]"  # never \d: it matches every script's digits
_DATE = regex.compile(f"({_D}{{4}})-({_D}{{2}})-({_D}{{2}})")
_TIME = regex.compile(
    f"({_D}{{2}}):({_D}{{2}}):({_D}{{2}})(?:\\.{_D}+)?(?:([Zz])|([+-])({_D}{{2}}):({_D}{{2}}))"
)
_DUR_TIME = f"T(?:{_D}+H(?:{_D}+M(?:{_D}+S)?)?|{_D}+M(?:{_D}+S)?|{_D}+S)"
_DUR_DATE = f"(?:{_D}+D|{_D}+M(?:{_D}+D)?|{_D}+Y(?:{_D}+M(?:{_D}+D)?)?)"
_DURATION = regex.compile(f"P(?:{_DUR_DATE}(?:{_DUR_TIME})?|{_DUR_TIME}|{_D}+W)")
_UUID = regex.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_JSON_POINTER = regex.compile("(?:/(?:[^/~]|~[01])*)*")
_RELATIVE_JSON_POINTER = regex.compile("(?:0|[1-9][0-9]*)(?:#|(?:/(?:[^/~]|~[01])*)*)")
_LDH_LABEL = regex.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_IDN_DOTS = regex.compile("[.\u3002\uff0e\uff61]")

# RFC 3986 and, with the wider character sets, RFC 3987.
_HEX = "[0-9A-Fa-f]"
_PCT = f"%{_HEX}{_HEX}"
_SUB_DELIMS = "!$&'()*+,;="
_UCSCHAR = (
    "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef\U00010000-\U0001fffd\U00020000-\U0002fffd"
    "\U00030000-\U0003fffd\U00040000-\U0004fffd\U00050000-\U0005fffd\U00060000-\U0006fffd"
    "\U00070000-\U0007fffd\U00080000-\U0008fffd\U00090000-\U0009fffd\U000a0000-\U000afffd"
    "\U000b0000-\U000bfffd\U000c0000-\U000cfffd\U000d0000-\U000dfffd\U000e1000-\U000efffd"
)
_IPRIVATE = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"


def _reference_grammar(iri: bool) -> tuple[regex.Pattern, regex.Pattern]:
    """(absolute, reference) matchers; host literals are checked apart, by ``ipaddress``."""
    unreserved = "A-Za-z0-9\\-._~" + (_UCSCHAR if iri else "")
    plain = f"[{unreserved}{regex.escape(_SUB_DELIMS)}]|{_PCT}"
    pchar = f"(?:{plain}|[:@])"
    segment, segment_nz = f"{pchar}*", f"{pchar}+"
    segment_nz_nc = f"(?:{plain}|@)+"
    query = f"(?:{pchar}|[/?{_IPRIVATE if iri else ''}])*"
    fragment = f"(?:{pchar}|[/?])*"
    host = f"(?:\\[(?P<literal>[^\\]]*)\\]|(?:{plain})*)"
    authority = f"(?:(?:(?:{plain}|:)*)@)?{host}(?::[0-9]*)?"
    tail = f"(?:\\?{query})?(?:\\#{fragment})?"
    hier = (f"(?://{authority}(?:/{segment})*|/(?:{segment_nz}(?:/{segment})*)?"
            f"|{segment_nz}(?:/{segment})*|)")
    relative = (f"(?://{authority}(?:/{segment})*|/(?:{segment_nz}(?:/{segment})*)?"
                f"|{segment_nz_nc}(?:/{segment})*|)")
    scheme = "[A-Za-z][A-Za-z0-9+\\-.]*"
    absolute = regex.compile(f"{scheme}:{hier}{tail}")
    reference = regex.compile(f"(?:{scheme}:{hier}|{relative}){tail}")
    return absolute, reference


_URI, _URI_REFERENCE = _reference_grammar(iri=False)
_IRI, _IRI_REFERENCE = _reference_grammar(iri=True)
_IP_FUTURE = regex.compile(f"[vV]{_HEX}+\\.[A-Za-z0-9\\-._~{regex.escape(_SUB_DELIMS)}:]+")

_VARCHAR = f"(?:[A-Za-z0-9_]|{_PCT})"
_VARSPEC = f"{_VARCHAR}(?:\\.?{_VARCHAR})*(?::[1-9][0-9]{{0,3}}|\\*)?"
_URI_TEMPLATE = regex.compile(
    # Literals: any character but controls, space, '"', '%' (outside an escape), '<', '>', '\',
    # '^', '`', '{', '|', '}'; the suite follows RFC 6570's erratum allowing "'".
    f"(?:[^\\x00-\\x20\\x7f\"%<>\\\\^`{{|}}]|{_PCT}"
    f"|\\{{[+#./;?&]?{_VARSPEC}(?:,{_VARSPEC})*\\}})*"
)

_ATEXT = "A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~"
_EMAIL_LOCAL = regex.compile(
    f'[{_ATEXT}]+(?:\\.[{_ATEXT}]+)*|"(?:[\\x20-\\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\[\\x20-\\x7e])*"'
)
_IDN_EMAIL_LOCAL = regex.compile(
    f'[{_ATEXT}\\x80-\\U0010ffff]+(?:\\.[{_ATEXT}\\x80-\\U0010ffff]+)*'
    f'|"(?:[\\x20-\\x21\\x23-\\x5b\\x5d-\\x7e\\x80-\\U0010ffff]|\\\\[\\x20-\\x7e])*"'
)
_TOP_LEVEL = regex.compile("[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59}")


def is_date(value: str) -> bool:
    match = _DATE.fullmatch(value)
    if match is None:
        return False
    try:
        date(*(int(part) for part in match.groups()))
    except ValueError:
        return False
    return True


def is_time(value: str) -> bool:
    match = _TIME.fullmatch(value)
    if match is None:
        return False
    hour, minute, second, zulu, sign, off_hour, off_minute = match.groups()
    hour, minute, second = int(hour), int(minute), int(second)
    if hour > 23 or minute > 59 or second > 60:
        return False
    offset = 0
    if not zulu:
        if int(off_hour) > 23 or int(off_minute) > 59:
            return False
        offset = (int(off_hour) * 60 + int(off_minute)) * (1 if sign == "+" else -1)
    # A leap second is the last second of a UTC day: 23:59:60 once the offset is taken off.
    return second < 60 or (hour * 60 + minute - offset) % 1440 == 23 * 60 + 59


def is_date_time(value: str) -> bool:
    if len(value) < 11 or value[10] not in "Tt":
        return False
    return is_date(value[:10]) and is_time(value[11:])


def is_duration(value: str) -> bool:
    return _DURATION.fullmatch(value) is not None


def _ip_literal_ok(literal: str | None) -> bool:
    if literal is None:
        return True
    if _IP_FUTURE.fullmatch(literal):
        return True
    if "%" in literal:  # zone identifiers are not part of RFC 3986
        return False
    try:
        ipaddress.IPv6Address(literal)
    except ValueError:
        return False
    return True


def _reference_check(grammar: regex.Pattern) -> Callable[[str], bool]:
    def check(value: str) -> bool:
        match = grammar.fullmatch(value)
        return match is not None and _ip_literal_ok(match.group("literal"))

    return check


is_uri = _reference_check(_URI)
is_uri_reference = _reference_check(_URI_REFERENCE)
is_iri = _reference_check(_IRI)
is_iri_reference = _reference_check(_IRI_REFERENCE)


def is_uri_template(value: str) -> bool:
    return _URI_TEMPLATE.fullmatch(value) is not None


def is_uuid(value: str) -> bool:
    return _UUID.fullmatch(value) is not None


def is_json_pointer(value: str) -> bool:
    return _JSON_POINTER.fullmatch(value) is not None


def is_relative_json_pointer(value: str) -> bool:
    return _RELATIVE_JSON_POINTER.fullmatch(value) is not None


def _a_label_ok(label: str) -> bool:
    """An ``xn--`` label must be the canonical encoding of a valid, non-ASCII U-label."""
    try:
        u_label = idna.decode(label)
        return not u_label.isascii() and idna.encode(u_label).decode() == label.lower()
    except (idna.IDNAError, UnicodeError):
        return False


def is_hostname(value: str) -> bool:
    if not value or len(value) > 253:
        return False
    for label in value.split("."):
        if not _LDH_LABEL.fullmatch(label):
            return False
        if label[:4].lower() == "xn--" and not _a_label_ok(label):
            return False
    return True


def _u_label_a_form(label: str) -> str | None:
    """A label's A-label (or ASCII) form when it is a valid IDNA2008 label, else None."""
    if label.isascii():
        if not _LDH_LABEL.fullmatch(label):
            return None
        if label[:4].lower() == "xn--" and not _a_label_ok(label):
            return None
        return label
    try:
        idna.check_label(label)
        a_label = idna.alabel(label).decode()
    except (idna.IDNAError, UnicodeError):
        return None
    return a_label if len(a_label) <= 63 else None


def is_idn_hostname(value: str) -> bool:
    if not value:
        return False
    labels = _IDN_DOTS.split(value)
    ascii_forms = [_u_label_a_form(label) for label in labels]
    if any(form is None for form in ascii_forms) or len(".".join(ascii_forms)) > 253:
        return False
    u_labels = [idna.decode(f) if f[:4].lower() == "xn--" else f for f in ascii_forms]
    if any(_is_rtl(label) for label in u_labels):
        # RFC 5893: in a domain name with a right-to-left label, every label keeps the Bidi rule.
        try:
            for label in u_labels:
                idna.check_bidi(label, check_ltr=True)
        except idna.IDNABidiError:
            return False
    return True


def _is_rtl(label: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL", "AN") for ch in label)


def _email_domain(domain: str, idn: bool) -> bool:
    if domain.startswith("[") and domain.endswith("]"):
        literal = domain[1:-1]
        if literal[:5].lower() == "ipv6:":
            return _ip_literal_ok(literal[5:]) and not _IP_FUTURE.fullmatch(literal[5:])
        try:
            ipaddress.IPv4Address(literal)
        except ValueError:
            return False
        return True
    if idn:
        domain = unicodedata.normalize("NFC", domain)
        labels = _IDN_DOTS.split(domain)
        return len(labels) > 1 and is_idn_hostname(domain)
    labels = domain.split(".")
    # People's addresses are delivered over the internet: a top-level label is required.
    return len(labels) > 1 and is_hostname(domain) and bool(_TOP_LEVEL.fullmatch(labels[-1]))


def _email(value: str, idn: bool) -> bool:
    local, at, domain = value.rpartition("@")
    if not at or not local or not domain:
        return False
    grammar = _IDN_EMAIL_LOCAL if idn else _EMAIL_LOCAL
    if grammar.fullmatch(local) is None or len(local.encode("utf-8", "surrogatepass")) > 64:
        return False
    return _email_domain(domain, idn)


def is_email(value: str) -> bool:
    return _email(value, idn=False)


def is_idn_email(value: str) -> bool:
    return _email(value, idn=True)


def is_ipv4(value: str) -> bool:
    try:
        ipaddress.IPv4Address(value)
    except ValueError:
        return False
    return True


def is_ipv6(value: str) -> bool:
    if "%" in value:
        return False
    try:
        ipaddress.IPv6Address(value)
    except ValueError:
        return False
    return True


def is_regex(value: str) -> bool:
    return patterns.check(value) is None


CHECKS: dict[str, Callable[[str], bool]] = {
    "date": is_date,
    "date-time": is_date_time,
    "time": is_time,
    "duration": is_duration,
    "email": is_email,
    "idn-email": is_idn_email,
    "hostname": is_hostname,
    "idn-hostname": is_idn_hostname,
    "ipv4": is_ipv4,
    "ipv6": is_ipv6,
    "uri": is_uri,
    "uri-reference": is_uri_reference,
    "iri": is_iri,
    "iri-reference": is_iri_reference,
    "uri-template": is_uri_template,
    "uuid": is_uuid,
    "json-pointer": is_json_pointer,
    "relative-json-pointer": is_relative_json_pointer,
    "regex": is_regex,
}


def format_checker() -> FormatChecker:
    """A checker for every draft 2020-12 format; values that are not strings pass, as specified."""
    checker = FormatChecker(formats=())
    for name, check in CHECKS.items():
        checker.checks(name)(_strings_only(check))
    return checker


def _strings_only(check: Callable[[str], bool]) -> Callable[[object], bool]:
    def run(instance: object) -> bool:
        return not isinstance(instance, str) or check(instance)

    return run
