"""Rich text that organizers and speakers write is stored sanitized (reference §3.2).

Open Event cleans event descriptions, session abstracts and speaker biographies with an allow-list of
formatting tags before storing them; clients render those fields as HTML. Here that allow-list lives once
and `eventyay.db.HTMLField` applies it on every write: the API, the admin and bulk imports alike.
"""

import nh3

ALLOWED_TAGS = frozenset(
    {
        "a", "b", "blockquote", "br", "code", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
        "img", "li", "ol", "p", "pre", "s", "span", "strike", "strong", "sub", "sup", "u", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"*": {"style"}, "a": {"href", "title"}, "img": {"src", "alt", "title", "width", "height"}}
ALLOWED_STYLE_PROPERTIES = frozenset({"text-align", "font-weight", "font-style", "text-decoration"})
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def clean_html(value):
    """Scripts, event handlers, `javascript:` links and unknown tags go; text and formatting stay.

    Idempotent, so text that is saved again is unchanged. Like any HTML, `&` and `<` in text come back
    escaped (`&amp;`, `&lt;`)."""
    if value is None:
        return None
    return nh3.clean(
        str(value),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        filter_style_properties=ALLOWED_STYLE_PROPERTIES,
        link_rel="nofollow noopener noreferrer",
    )
