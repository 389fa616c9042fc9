"""The Content-Security-Policy of every page, in one place.

No inline script and no eval: the charts' data is JSON in the page, drawn by a
static script. plotly.js adds one empty <style> element and fills it through the
CSSOM; the hash below is that of the empty string, which allows exactly that
element and nothing else (no 'unsafe-inline').
"""

EMPTY_STYLE_HASH = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"

CSP_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": f"'self' {EMPTY_STYLE_HASH}",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}

CSP_POLICY = "; ".join(f"{name} {value}" for name, value in CSP_DIRECTIVES.items())
