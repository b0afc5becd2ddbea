"""Personal API tokens.

Rules: the raw key is shown once, at creation; only its SHA-256 is stored. A token acts
with exactly its owner's roles and scope. Creating and revoking are audited.
"""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import log_action
from .errors import DomainError
from .models import ApiToken

MAX_TOKENS_PER_USER = 20


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def create_token(*, by, name: str) -> tuple[ApiToken, str]:
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Hãy đặt tên cho mã truy cập."), field="name")
    if len(name) > 100:
        raise DomainError(_("Tên mã truy cập dài quá 100 ký tự."), field="name")
    if ApiToken.objects.filter(user=by).count() >= MAX_TOKENS_PER_USER:
        raise DomainError(
            _("Mỗi tài khoản có tối đa %(n)d mã truy cập.") % {"n": MAX_TOKENS_PER_USER}
        )
    raw = "ng_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=by, name=name, key_hash=hash_key(raw), prefix=raw[:8])
    log_action("token.create", by=by, obj=token, after={"name": name, "prefix": token.prefix})
    return token, raw


@transaction.atomic
def revoke_token(token: ApiToken, *, by) -> None:
    if token.user_id != by.pk:
        raise DomainError(_("Không tìm thấy mã truy cập."), code="not_found")
    log_action("token.revoke", by=by, obj=token, before={"name": token.name})
    token.delete()


def user_for_key(raw: str | None):
    """The active user owning `raw`, or None. Records the time of use."""
    if not raw or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(raw)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
