"""Schema patterns: ECMA-262 regular expressions run by one engine under one time budget.

JSON Schema's ``pattern``, ``patternProperties`` and ``format: "regex"`` are ECMA-262 regular
expressions (with the ``u`` flag, as browsers read an input's ``pattern``). Python reads the same
text differently: ``$`` also matches before a final newline, ``\\d`` and ``\\w`` match any
script's digits and letters, ``.`` matches ``\\r``. ``translate`` parses a pattern by ECMA-262's
grammar, refuses what ECMA-262 refuses (``\\a``, ``(?i)``, ``(?P<n>…)``) and writes the same
meaning in the syntax of the ``regex`` package, whose matching takes a timeout and can release the
GIL. ``Budget`` is the one allowance of matching time every pattern in a request draws from.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass

import regex

# ECMA-262 WhiteSpace and LineTerminator: what \s matches (Zs is the Unicode Space_Separator set).
_SPACES = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028,
           0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF]
_DIGITS = [(0x30, 0x39)]
_WORD = [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)]
_MAX = 0x10FFFF
_WORD_CLASS = "[0-9A-Z_a-z]"
_LINE_TERMINATORS = "\\n\\r\\u2028\\u2029"
_SYNTAX_CHARACTERS = set("^$\\.*+?()[]{}|/")
_LOOKAROUNDS = ("(?=", "(?!", "(?<=", "(?<!")
_BRACES = regex.compile(r"\{([0-9]+)(,([0-9]*))?\}")
_DIGIT_RUN = regex.compile("[0-9]+")
_GROUP_NAME = regex.compile(r"[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*>")
_PROPERTY = regex.compile(r"\{([A-Za-z_]+)(?:=([A-Za-z0-9_]+))?\}")
_NAMED_REF = regex.compile("\0([^\0]*)\0")
_CONTROL_ESCAPES = {"f": 0x0C, "n": 0x0A, "r": 0x0D, "t": 0x09, "v": 0x0B}

# ECMA-262's tables of Unicode property names (the lone \p{…} forms; Script values are checked
# by the engine). Other spellings the regex package would take (\p{lu}, \p{IsGreek}) are refused.
_GENERAL_CATEGORIES = {
    "Cased_Letter": "LC", "Close_Punctuation": "Pe", "Connector_Punctuation": "Pc",
    "Control": "Cc", "cntrl": "Cc", "Currency_Symbol": "Sc", "Dash_Punctuation": "Pd",
    "Decimal_Number": "Nd", "digit": "Nd", "Enclosing_Mark": "Me", "Final_Punctuation": "Pf",
    "Format": "Cf", "Initial_Punctuation": "Pi", "Letter": "L", "Letter_Number": "Nl",
    "Line_Separator": "Zl", "Lowercase_Letter": "Ll", "Mark": "M", "Combining_Mark": "M",
    "Math_Symbol": "Sm", "Modifier_Letter": "Lm", "Modifier_Symbol": "Sk",
    "Nonspacing_Mark": "Mn", "Number": "N", "Open_Punctuation": "Ps", "Other": "C",
    "Other_Letter": "Lo", "Other_Number": "No", "Other_Punctuation": "Po", "Other_Symbol": "So",
    "Paragraph_Separator": "Zp", "Private_Use": "Co", "Punctuation": "P", "punct": "P",
    "Separator": "Z", "Space_Separator": "Zs", "Spacing_Mark": "Mc", "Surrogate": "Cs",
    "Symbol": "S", "Titlecase_Letter": "Lt", "Unassigned": "Cn", "Uppercase_Letter": "Lu",
}
_GENERAL_CATEGORIES.update({short: short for short in set(_GENERAL_CATEGORIES.values())})
_BINARY_PROPERTIES = set(
    "ASCII ASCII_Hex_Digit AHex Alphabetic Alpha Any Assigned Bidi_Control Bidi_C Bidi_Mirrored "
    "Bidi_M Case_Ignorable CI Cased Changes_When_Casefolded CWCF Changes_When_Casemapped CWCM "
    "Changes_When_Lowercased CWL Changes_When_NFKC_Casefolded CWKCF Changes_When_Titlecased CWT "
    "Changes_When_Uppercased CWU Dash Default_Ignorable_Code_Point DI Deprecated Dep Diacritic "
    "Dia Emoji Emoji_Component EComp Emoji_Modifier EMod Emoji_Modifier_Base EBase "
    "Emoji_Presentation EPres Extended_Pictographic ExtPict Extender Ext Grapheme_Base Gr_Base "
    "Grapheme_Extend Gr_Ext Hex_Digit Hex IDS_Binary_Operator IDSB IDS_Trinary_Operator IDST "
    "ID_Continue IDC ID_Start IDS Ideographic Ideo Join_Control Join_C Logical_Order_Exception "
    "LOE Lowercase Lower Math Noncharacter_Code_Point NChar Pattern_Syntax Pat_Syn "
    "Pattern_White_Space Pat_WS Quotation_Mark QMark Radical Regional_Indicator RI "
    "Sentence_Terminal STerm Soft_Dotted SD Terminal_Punctuation Term Unified_Ideograph UIdeo "
    "Uppercase Upper Variation_Selector VS White_Space space XID_Continue XIDC XID_Start XIDS"
    .split()
)
_VALUE_PROPERTIES = {"General_Category": "gc", "gc": "gc", "Script": "sc", "sc": "sc",
                     "Script_Extensions": "scx", "scx": "scx"}


class PatternError(ValueError):
    """The text is not an ECMA-262 regular expression the engine can run."""


class Unchecked(Exception):
    """A value (or member name) ``text`` could not be matched against ``pattern``."""

    def __init__(self, pattern: str, text: str, why: str):
        super().__init__(f"checking {text!r} against {pattern!r}: {why}")
        self.pattern = pattern
        self.text = text


class PatternTimeout(Unchecked):
    """The request's matching time ran out."""

    def __init__(self, pattern: str, text: str):
        super().__init__(pattern, text, "the time for patterns ran out")


class UnusablePattern(Unchecked):
    """A stored form holds a pattern the engine refuses (one published before it was checked)."""

    def __init__(self, pattern: str, text: str, reason: str):
        super().__init__(pattern, text, f"the pattern cannot be used: {reason}")


@dataclass
class Budget:
    """One allowance of pattern-matching time, shared by every pattern a request runs."""

    seconds: float
    spent: float = 0.0
    searches: int = 0

    def search(self, pattern: str, text: str) -> bool:
        """Whether ``pattern`` (ECMA-262) matches somewhere in ``text``."""
        try:
            compiled = compile_pattern(pattern)
        except PatternError as exc:
            raise UnusablePattern(pattern, text, str(exc)) from None
        remaining = self.seconds - self.spent
        if remaining <= 0:
            raise PatternTimeout(pattern, text)
        self.searches += 1
        started = time.perf_counter()
        try:
            # concurrent=True lets other threads (other people's requests) run meanwhile.
            return compiled.search(text, timeout=remaining, concurrent=True) is not None
        except TimeoutError:
            self.spent = self.seconds
            raise PatternTimeout(pattern, text) from None
        finally:
            self.spent = min(self.seconds, self.spent + time.perf_counter() - started)


@functools.lru_cache(maxsize=2048)
def compile_pattern(pattern: str) -> regex.Pattern:
    """The ``regex`` program for an ECMA-262 pattern; ``PatternError`` if there is none."""
    source = translate(pattern)
    try:
        return regex.compile(source, regex.V0)
    except (regex.error, OverflowError, RecursionError) as exc:
        raise PatternError(str(exc).split(" at position")[0]) from None


def check(pattern: str) -> str | None:
    """Why ``pattern`` cannot be used (a sentence), or None when it can."""
    try:
        compile_pattern(pattern)
    except PatternError as exc:
        return str(exc)
    return None


def translate(pattern: str) -> str:
    """ECMA-262 (``u`` flag) pattern → ``regex`` source with the same meaning."""
    return _Translator(pattern).run()


def _char(cp: int) -> str:
    if 0x30 <= cp <= 0x39 or 0x41 <= cp <= 0x5A or 0x61 <= cp <= 0x7A:
        return chr(cp)
    return f"\\U{cp:08x}"


def _complement(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out, start = [], 0
    for lo, hi in sorted(ranges):
        if lo > start:
            out.append((start, lo - 1))
        start = max(start, hi + 1)
    if start <= _MAX:
        out.append((start, _MAX))
    return out


def _class_escape_ranges(letter: str) -> list[tuple[int, int]]:
    base = {"d": _DIGITS, "w": _WORD, "s": [(c, c) for c in _SPACES]}[letter.lower()]
    return base if letter.islower() else _complement(base)


class _Translator:
    def __init__(self, pattern: str):
        self.src = pattern
        self.pos = 0
        self.groups = 0
        self.names: dict[str, str] = {}
        self.backrefs: list[int] = []
        self.named_refs: list[str] = []

    def fail(self, message: str):
        raise PatternError(f"{message} (at character {self.pos + 1})")

    def peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.src[index] if index < len(self.src) else ""

    def run(self) -> str:
        out = self.disjunction()
        if self.pos < len(self.src):
            self.fail(f"unmatched '{self.peek()}'")
        for number in self.backrefs:
            if number > self.groups:
                raise PatternError(f"\\{number} refers to a group that does not exist")
        for name in self.named_refs:
            if name not in self.names:
                raise PatternError(f"\\k<{name}> refers to a group that does not exist")
        return _NAMED_REF.sub(lambda m: self.names[m.group(1)], out)

    def disjunction(self) -> str:
        parts = [self.alternative()]
        while self.peek() == "|":
            self.pos += 1
            parts.append(self.alternative())
        return "|".join(parts)

    def alternative(self) -> str:
        out = []
        while self.pos < len(self.src) and self.peek() not in "|)":
            out.append(self.term())
        return "".join(out)

    def term(self) -> str:
        c = self.peek()
        if c == "^":
            self.pos += 1
            return self.no_quantifier("^")
        if c == "$":
            self.pos += 1
            return self.no_quantifier("\\Z")  # ECMA's $ never matches before a final newline
        if c == "\\" and self.peek(1) in ("b", "B"):
            self.pos += 2
            # ECMA's word boundary is between [0-9A-Z_a-z] and anything else, in any script.
            word_before, word_after = f"(?<={_WORD_CLASS})", f"(?={_WORD_CLASS})"
            other_before, other_after = f"(?<!{_WORD_CLASS})", f"(?!{_WORD_CLASS})"
            if self.src[self.pos - 1] == "b":
                return self.no_quantifier(
                    f"(?:{word_before}{other_after}|{other_before}{word_after})")
            return self.no_quantifier(f"(?:{word_before}{word_after}|{other_before}{other_after})")
        head = next((h for h in _LOOKAROUNDS if self.src.startswith(h, self.pos)), None)
        if head is not None:
            self.pos += len(head)
            body = self.disjunction()
            self.expect(")")
            return self.no_quantifier(f"{head}{body})")
        return self.atom() + self.quantifier()

    def no_quantifier(self, text: str) -> str:
        if self.peek() in ("*", "+", "?") or (self.peek() == "{" and self.read_braces(False)):
            self.fail("an assertion cannot be repeated")
        return text

    def expect(self, char: str) -> None:
        if self.peek() != char:
            self.fail(f"expected '{char}'")
        self.pos += 1

    def read_braces(self, consume: bool):
        """``{n}``, ``{n,}``, ``{n,m}`` at the position, as (n, m or None, text), else None."""
        match = _BRACES.match(self.src, self.pos)
        if match is None:
            return None
        if consume:
            self.pos = match.end()
        low = int(match.group(1))
        high = None if match.group(2) and not match.group(3) else int(match.group(3) or low)
        return low, high, match.group(0)

    def quantifier(self) -> str:
        c = self.peek()
        if c in ("*", "+", "?"):
            self.pos += 1
            text = c
        elif c == "{":
            braces = self.read_braces(True)
            if braces is None:
                self.fail("a lone '{' must be escaped as '\\{'")
            low, high, text = braces
            if high is not None and high < low:
                self.fail("the numbers in {} are out of order")
        else:
            return ""
        if self.peek() == "?":
            self.pos += 1
            text += "?"
        return text

    def atom(self) -> str:
        c = self.peek()
        if c in ("*", "+", "?"):
            self.fail(f"nothing to repeat before '{c}'")
        if c == "{":
            self.fail("nothing to repeat" if self.read_braces(False) else "a lone '{' must be "
                      "escaped as '\\{'")
        if c in ("}", "]"):
            self.fail(f"a lone '{c}' must be escaped as '\\{c}'")
        if c == ".":
            self.pos += 1
            return f"[^{_LINE_TERMINATORS}]"
        if c == "(":
            return self.group()
        if c == "[":
            return self.character_class()
        if c == "\\":
            return self.atom_escape()
        cp = self.code_point()
        return _char(cp)

    def code_point(self) -> int:
        c = self.src[self.pos]
        self.pos += 1
        return ord(c)

    def group(self) -> str:
        self.pos += 1
        if self.peek() != "?":
            self.groups += 1
            body = self.disjunction()
            self.expect(")")
            return f"({body})"
        if self.peek(1) == ":":
            self.pos += 2
            body = self.disjunction()
            self.expect(")")
            return f"(?:{body})"
        if self.peek(1) == "<":
            self.pos += 2
            name = self.group_name()
            if name in self.names:
                self.fail(f"the group name '{name}' is used twice")
            self.groups += 1
            self.names[name] = f"g{self.groups}"
            body = self.disjunction()
            self.expect(")")
            return f"(?P<g{self.groups}>{body})"
        self.fail("'(?' starts no ECMA-262 group (inline flags, comments and Python's "
                  "(?P…) groups are not part of it)")

    def group_name(self) -> str:
        match = _GROUP_NAME.match(self.src, self.pos)
        if match is None:
            self.fail("a group name must be an identifier followed by '>'")
        self.pos = match.end()
        return match.group(0)[:-1]

    def atom_escape(self) -> str:
        self.pos += 1
        c = self.peek()
        if c == "":
            self.fail("the pattern ends with '\\'")
        if c in "123456789":
            digits = _DIGIT_RUN.match(self.src, self.pos).group(0)
            self.pos += len(digits)
            self.backrefs.append(int(digits))
            # ECMA: a reference to a group that has not matched matches the empty string.
            return f"(?:(?({digits})\\{digits}|))"
        if c == "k":
            self.pos += 1
            self.expect("<")
            name = self.group_name()
            self.named_refs.append(name)
            ref = f"\0{name}\0"  # the group may come later: named once all are known
            return f"(?:(?({ref})(?P={ref})|))"
        if c in "dDwWsS":
            self.pos += 1
            return self.ranges_class(_class_escape_ranges(c), [], negate=False)
        if c in "pP":
            prop = self.property_escape()
            return self.ranges_class([], [prop], negate=False)
        return _char(self.character_escape(in_class=False))

    def property_escape(self) -> str:
        letter = self.peek()
        self.pos += 1
        match = _PROPERTY.match(self.src, self.pos)
        if match is None:
            self.fail(f"\\{letter} needs a Unicode property in braces, like \\{letter}{{Letter}}")
        self.pos = match.end()
        name, value = match.group(1), match.group(2)
        if value is not None:
            if name not in _VALUE_PROPERTIES:
                self.fail(f"'{name}' is not a Unicode property ECMA-262 knows")
            key = _VALUE_PROPERTIES[name]
            if key == "gc":
                if value not in _GENERAL_CATEGORIES:
                    self.fail(f"'{value}' is not a General_Category value")
                value = _GENERAL_CATEGORIES[value]
            text = f"{key}={value}"
        elif name in _GENERAL_CATEGORIES:
            text = f"gc={_GENERAL_CATEGORIES[name]}"
        elif name in _BINARY_PROPERTIES:
            text = name
        else:
            self.fail(f"'{name}' is not a General_Category value or binary property "
                      "ECMA-262 knows (a script is written \\p{Script=Greek})")
        return f"\\{letter}{{{text}}}"

    def character_escape(self, in_class: bool) -> int:
        """The code point a CharacterEscape (after the backslash) stands for."""
        c = self.peek()
        self.pos += 1
        if c in _CONTROL_ESCAPES:
            return _CONTROL_ESCAPES[c]
        if c == "c":
            letter = self.peek()
            if not ("a" <= letter.lower() <= "z"):
                self.fail("\\c must be followed by a letter A-Z")
            self.pos += 1
            return ord(letter) % 32
        if c == "0":
            if self.peek().isascii() and self.peek().isdigit():
                self.fail("octal escapes such as \\01 are not ECMA-262 with the u flag")
            return 0
        if c == "x":
            return self.hex_digits(2)
        if c == "u":
            return self.unicode_escape()
        if c in _SYNTAX_CHARACTERS or (in_class and c == "-"):
            return ord(c)
        self.pos -= 1
        self.fail(f"'\\{c}' is not an ECMA-262 escape (write the character itself)")

    def hex_digits(self, count: int) -> int:
        text = self.src[self.pos:self.pos + count]
        if len(text) != count or not all(ch in "0123456789abcdefABCDEF" for ch in text):
            self.fail(f"expected {count} hexadecimal digits")
        self.pos += count
        return int(text, 16)

    def unicode_escape(self) -> int:
        if self.peek() == "{":
            end = self.src.find("}", self.pos)
            digits = self.src[self.pos + 1:end] if end > 0 else ""
            if not digits or not all(ch in "0123456789abcdefABCDEF" for ch in digits) or int(
                digits, 16
            ) > _MAX:
                self.fail("\\u{…} needs a code point of at most 10FFFF")
            self.pos = end + 1
            return int(digits, 16)
        high = self.hex_digits(4)
        if 0xD800 <= high <= 0xDBFF and self.src.startswith("\\u", self.pos):
            saved = self.pos
            self.pos += 2
            try:
                low = self.hex_digits(4)
            except PatternError:
                low = None
            if low is not None and 0xDC00 <= low <= 0xDFFF:
                return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            self.pos = saved
        return high

    def character_class(self) -> str:
        self.pos += 1
        negate = self.peek() == "^"
        if negate:
            self.pos += 1
        ranges: list[tuple[int, int]] = []
        props: list[str] = []
        while True:
            if self.pos >= len(self.src):
                self.fail("the character class '[' is never closed")
            if self.peek() == "]":
                self.pos += 1
                break
            first = self.class_atom(ranges, props)
            if self.peek() == "-" and self.peek(1) not in ("]", ""):
                self.pos += 1
                second = self.class_atom(ranges, props)
                if first is None or second is None:
                    self.fail("a range cannot start or end with a class such as \\d")
                if first > second:
                    self.fail("the range's ends are out of order")
                ranges.append((first, second))
            elif first is not None:
                ranges.append((first, first))
        return self.ranges_class(ranges, props, negate)

    def class_atom(self, ranges: list, props: list) -> int | None:
        """One class member: its code point, or None after adding a class escape's members."""
        if self.peek() != "\\":
            return self.code_point()
        self.pos += 1
        c = self.peek()
        if c == "b":
            self.pos += 1
            return 0x08
        if c in "dDwWsS":
            self.pos += 1
            ranges.extend(_class_escape_ranges(c))
            return None
        if c in "pP":
            props.append(self.property_escape())
            return None
        if c == "":
            self.fail("the pattern ends with '\\'")
        return self.character_escape(in_class=True)

    @staticmethod
    def ranges_class(ranges: list[tuple[int, int]], props: list[str], negate: bool) -> str:
        if not ranges and not props:
            return "[\\U00000000-\\U0010ffff]" if negate else "(?!)"
        members = "".join(
            _char(lo) if lo == hi else f"{_char(lo)}-{_char(hi)}" for lo, hi in sorted(ranges)
        )
        return f"[{'^' if negate else ''}{members}{''.join(props)}]"

