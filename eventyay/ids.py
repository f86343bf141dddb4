"""Row ids as they arrive in URLs and bodies."""


def as_id(ref):
    """`ref` as a row id when it is one (ASCII digits), else None.

    `str.isdigit` also accepts `"²"`, which `int()` refuses (a 500 wherever the two were paired), and `"٣"`,
    which `int()` reads as 3; neither is an id a client was given."""
    text = str(ref)
    return int(text) if text.isascii() and text.isdigit() else None
