"""The Content-Security-Policy of every page, in one place.

No inline script and no eval: the charts' data is JSON in the page, drawn by a
static script. plotly.js adds one empty <style> element and fills it through the
CSSOM; the hash below is that of the empty string, which allows exactly that
element and nothing else (no 'unsafe-inline'). The browser tests
(tests/browser/) load every page under this policy and fail on any violation.

The same policy goes two ways: as a <meta> tag in every page (works on any
host, from disk too) and as an HTTP header in `_headers` (headers.py) for hosts
that read one. `frame-ancestors` only works in a header (browsers ignore it in a
<meta> tag and log an error), so it is added only there.
"""

EMPTY_STYLE_HASH = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"

CSP_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": f"'self' {EMPTY_STYLE_HASH}",
    # blob: for the chart download: plotly.js draws the chart into an image from a
    # blob URL the page itself creates, then into a canvas, then into the PNG.
    "img-src": "'self' data: blob:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}

CSP_POLICY = "; ".join(f"{name} {value}" for name, value in CSP_DIRECTIVES.items())

# Who may show a page in a frame: the site itself for normal pages; anyone for
# the embeddable charts under embed/, which exist to be framed by other sites.
FRAME_ANCESTORS_PAGES = "'self'"
FRAME_ANCESTORS_EMBED = "*"


def header_policy(frame_ancestors: str = FRAME_ANCESTORS_PAGES) -> str:
    """The policy as an HTTP header: the <meta> policy plus `frame-ancestors`."""
    return f"{CSP_POLICY}; frame-ancestors {frame_ancestors}"
