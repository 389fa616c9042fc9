"""Markdown from the records, rendered to HTML that cannot carry an attack.

Descriptions are written by maintainers, often in a web editor, and copied from
sources: they are rendered with Python-Markdown and then cleaned with nh3
(Ammonia), which keeps only the tags below and only http(s)/mailto links, so no
script, event handler, `javascript:` or `data:` link or inline style survives.
Headings start at h3: the page's own h1/h2 structure stays intact.
"""

from __future__ import annotations

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr", "ul", "ol", "li", "strong", "em", "b", "i", "a", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "abbr", "sub", "sup",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}

_MD = markdown.Markdown(
    extensions=["toc", "sane_lists", "tables"],
    extension_configs={"toc": {"baselevel": 3}},
    output_format="html",
)


def render(text: str | None) -> Markup:
    if not text:
        return Markup("")
    html = _MD.reset().convert(text)
    return Markup(clean(html))


def clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
