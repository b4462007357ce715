"""The Content-Security-Policy of a page, computed from its body: no nonces, no 'unsafe-inline'.

A page served from memory (or frozen to a file) is the same bytes for every visitor, so it cannot
carry a per-request nonce. Instead the policy allows scripts from our own origin plus the SHA-256
hash of each inline script the page holds, so the policy is a function of the body alone.
"""

from __future__ import annotations

import base64
import hashlib
import re

POLICY = (
    "default-src 'self'; script-src 'self'{hashes}; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# an inline script: a <script> tag without src, its attributes and its text
_INLINE = re.compile(r"<script\b(?![^>]*\bsrc\s*=)([^>]*)>(.*?)</script\s*>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
# the types a browser runs; any other type (application/ld+json) is a data block, never run,
# so CSP does not apply to it and it needs no hash
_CODE_TYPES = frozenset(
    {
        "",
        "module",
        "text/javascript",
        "application/javascript",
        "text/ecmascript",
        "application/ecmascript",
    }
)


def is_code(attributes: str) -> bool:
    """Whether a script tag with these attributes is run by the browser (not a data block)."""
    match = _TYPE.search(attributes)
    kind = next((g for g in match.groups() if g is not None), "") if match else ""
    return kind.strip().lower() in _CODE_TYPES


def script_hashes(html: str) -> list[str]:
    """The CSP source of every inline script the browser would run, in page order, once each."""
    found: list[str] = []
    for attributes, text in _INLINE.findall(html):
        if is_code(attributes):
            digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
            source = f"'sha256-{digest}'"
            if source not in found:
                found.append(source)
    return found


def csp_for(html: str) -> str:
    """The policy for a page: our own scripts plus exactly the inline scripts in its body."""
    return POLICY.format(hashes="".join(f" {h}" for h in script_hashes(html)))


BASE = csp_for("")  # for answers that are not HTML pages, and for any answer built outside Flask
