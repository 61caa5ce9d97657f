"""Security headers for the published site, with a Content-Security-Policy the site really works under.

Nothing is loaded from another host, so everything is `'self'`. The theme has a few small inline scripts;
rather than allowing every inline script, the build lists the SHA-256 of each one it actually wrote, so a
script that got into a page any other way does not run. Shipped as `_headers` (read by Netlify, Cloudflare
Pages and similar hosts) and as `nginx-headers.conf` to `include` in an nginx `server` block.
"""

from __future__ import annotations

import base64
import hashlib
import re

INLINE_SCRIPT = re.compile(
    r"<script>(.*?)</script>", re.S
)  # attribute-less: JSON data blocks do not run


def inline_script_hashes(html: str) -> set[str]:
    return {
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in INLINE_SCRIPT.findall(html)
    }


def headers(script_hashes: set[str]) -> dict[str, str]:
    csp = {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", *sorted(script_hashes)]),
        "style-src": "'self'",
        # the theme's icons are data: SVGs in its stylesheet; the panorama viewer shows its photo from a blob: URL
        "img-src": "'self' data: blob:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "worker-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'self'",
    }
    return {
        "Content-Security-Policy": "; ".join(f"{k} {v}" for k, v in csp.items()),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        "X-Frame-Options": "SAMEORIGIN",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


def headers_file(script_hashes: set[str]) -> str:
    return "/*\n" + "".join(
        f"  {name}: {value}\n" for name, value in headers(script_hashes).items()
    )


def nginx_snippet(script_hashes: set[str]) -> str:
    lines = [
        f'add_header {name} "{value}" always;' for name, value in headers(script_hashes).items()
    ]
    return (
        "# 劳模工匠馆 security headers: include this file in the nginx server block that serves site/\n"
        + "\n".join(lines)
        + "\n"
    )
