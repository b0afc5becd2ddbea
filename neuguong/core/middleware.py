import time

from django.conf import settings


class SessionIdleMiddleware:
    """Sessions end after SESSION_COOKIE_AGE seconds without a request.

    Saving the session on every request would write a row per page view; this pushes
    the expiry forward at most once every SESSION_TOUCH_SECONDS, so a session ends
    between SESSION_COOKIE_AGE - SESSION_TOUCH_SECONDS and SESSION_COOKIE_AGE after the
    last request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # After the view, so a session made by signing in is stamped at once; the
        # session middleware, outside this one, then saves it.
        session = request.session
        if session.session_key:
            now = int(time.time())
            if now - session.get("_touched", 0) >= settings.SESSION_TOUCH_SECONDS:
                session["_touched"] = now
        return response


class SecurityHeadersMiddleware:
    """Everything the pages use is served by this server: say so to the browser."""

    CSP = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/admin/") and not request.path.startswith("/api/v1/docs"):
            response.headers.setdefault("Content-Security-Policy", self.CSP)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response
