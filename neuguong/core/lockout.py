"""Sign-in lockout: after LOGIN_MAX_FAILURES failures a username is locked for
LOGIN_LOCK_MINUTES. Counted per username string, whether or not it exists, so the
answer never tells whether an account exists, and one name's lock never blocks others."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import LoginAttempt


def _key(username: str) -> str:
    return username.strip().lower()[:150]


def is_locked(username: str) -> bool:
    attempt = LoginAttempt.objects.filter(username=_key(username)).first()
    return bool(attempt and attempt.locked_until and attempt.locked_until > timezone.now())


@transaction.atomic
def record_failure(username: str) -> None:
    now = timezone.now()
    attempt, _ = LoginAttempt.objects.select_for_update().get_or_create(username=_key(username))
    if attempt.locked_until and attempt.locked_until <= now:
        attempt.failures = 0
        attempt.locked_until = None
    attempt.failures += 1
    attempt.last_failure_at = now
    if attempt.failures >= settings.LOGIN_MAX_FAILURES:
        attempt.locked_until = now + timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
    attempt.save()


def record_success(username: str) -> None:
    LoginAttempt.objects.filter(username=_key(username)).delete()
