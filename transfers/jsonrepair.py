"""Parsing an archive's JSON, repairing the syntax slips hand-edited files have when the repair is unambiguous.

Two slips are repaired: a missing comma between two values (`} {`, `"a" "b"`, `] [`) and a
trailing comma before a closing bracket (`[1, 2,]`). Each is found where the parser stops,
so a repair never changes text inside a string. Anything else is not guessed at: the file
is reported as unreadable.
"""

import json

MAX_REPAIRS = 50
_VALUE_END = '}]"0123456789el'  # the last character of a value: }, ], a string, a number, true/false/null
_VALUE_START = '{["-0123456789tfn'


class Unreadable(ValueError):
    """The text is not JSON, even after the repairs we dare; `str()` says where."""


def _previous(text, pos):
    index = pos - 1
    while index >= 0 and text[index] in " \t\r\n":
        index -= 1
    return index


def _next(text, pos):
    index = pos
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    return index


def loads(raw):
    """bytes → (value, repairs); `repairs` lists "line L, column C: what was done". Raises Unreadable."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unreadable("it is not UTF-8 text") from None
    repairs = []
    while True:
        try:
            return json.loads(text), repairs
        except json.JSONDecodeError as exc:
            if len(repairs) >= MAX_REPAIRS:
                raise Unreadable(f"{exc.msg} at line {exc.lineno}, column {exc.colno}") from None
            fixed = _repair(text, exc)
            if fixed is None:
                raise Unreadable(f"{exc.msg} at line {exc.lineno}, column {exc.colno}") from None
            text, what = fixed
            repairs.append(f"line {exc.lineno}, column {exc.colno}: {what}")


def _repair(text, exc):
    pos = exc.pos
    before = _previous(text, pos)
    if exc.msg.startswith("Expecting ',' delimiter"):
        at = _next(text, pos)
        if before >= 0 and text[before] in _VALUE_END and at < len(text) and text[at] in _VALUE_START:
            return text[: before + 1] + "," + text[before + 1 :], "added a missing comma"
        return None
    if exc.msg.startswith(
        ("Expecting value", "Expecting property name enclosed in double quotes", "Illegal trailing comma")
    ):
        at = _next(text, pos)
        if before >= 0 and text[before] == "," and at < len(text) and text[at] in "]}":
            return text[:before] + text[before + 1 :], "removed a trailing comma"
    return None
