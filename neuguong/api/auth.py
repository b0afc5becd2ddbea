"""Who is calling: a personal token (`Authorization: Bearer <key>`) or the browser session.

Rules:
- A request that presents a bearer token is judged by that token alone: a wrong or
  revoked key is a 401, never a fall-back to the session.
- The session is accepted with Django's CSRF check on unsafe methods (a 403), so a
  page on another site cannot act through a signed-in browser. Tokens need no CSRF:
  browsers never attach them on their own.
- Without either, the answer is 401.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from neuguong.core.tokens import user_for_key


class TokenAuth(HttpBearer):
    def __call__(self, request):
        header = request.headers.get("Authorization")
        if not header:
            return None
        scheme, _sep, key = header.partition(" ")
        if scheme.lower() != "bearer":
            return None
        return self.authenticate(request, key.strip())

    def authenticate(self, request, token):
        user = user_for_key(token)
        if user is None:
            raise AuthenticationError(401, _("Mã truy cập không hợp lệ hoặc đã bị thu hồi."))
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, _("Thiếu hoặc sai mã CSRF; hãy tải lại trang rồi thử lại."))
        return user
