"""E-mail notices. Built in Vietnamese (the users' language) with the site's address,
enqueued as a background task when the current transaction commits."""

from django.conf import settings
from django.db import transaction
from django.utils import translation

from .tasks import send_email


def email_users(users, subject: str, body: str, *, path: str = "") -> None:
    """Send `subject`/`body` to each of `users` that has an e-mail address."""
    recipients = sorted({u.email for u in users if getattr(u, "email", "") and u.is_active})
    if not recipients:
        return
    if path:
        body = f"{body}\n\n{settings.SITE_URL}{path}"
    subject, body = str(subject), str(body)
    transaction.on_commit(
        lambda: send_email.enqueue(subject=subject, body=body, recipients=recipients)
    )


def in_vietnamese():
    """Notices go out in the UI's first language, whatever the actor's language is."""
    return translation.override(settings.LANGUAGE_CODE)
