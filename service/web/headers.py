"""Cookie settings and security headers for every response of the web pages and the API.

Flask's defaults are present in ``app.config`` before ours run, so ``setdefault`` never wins
(``SESSION_COOKIE_SAMESITE`` stayed None): the values are set here, from the configuration
given to ``create_app`` (SECURE_COOKIES) or the environment. ``DONDOC_SECURE_COOKIES=1`` (or a ``https://``
DONDOC_BASE_URL) marks cookies Secure, for deployments behind HTTPS.
"""
from __future__ import annotations

from flask import Flask

from service.config import Settings

# The pages use no script and no inline style: everything comes from this site.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",  # older browsers: the same as frame-ancestors 'none'
    "Referrer-Policy": "same-origin",  # signed links in addresses never leak to other sites
    "X-Content-Type-Options": "nosniff",
}
_TRUE = {"1", "true", "yes", "on"}


def secure_cookies(app: Flask, settings: Settings) -> bool:
    configured = app.config.get("SECURE_COOKIES", settings.secure_cookies)
    if configured is not None:
        return configured is True or str(configured).lower() in _TRUE
    return settings.base_url.startswith("https://")


def init_app(app: Flask, settings: Settings) -> None:
    secure = secure_cookies(app, settings)
    app.config.update(SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SECURE=secure)

    @app.after_request
    def _security_headers(response):
        # Headers.setdefault for each of the four looked the name up, and each miss built a
        # BadRequestKeyError: 25 µs of a request. The names a response has are read once; a
        # view that set one of them keeps its own.
        headers = response.headers
        present = {name.lower() for name, _ in headers.items()}
        for lower, name, value in _HEADER_ITEMS:
            if lower not in present:
                headers.add(name, value)
        return response


_HEADER_ITEMS = tuple((name.lower(), name, value) for name, value in HEADERS.items())
