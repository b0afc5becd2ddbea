"""Background work, run by the django-tasks worker (`manage.py db_worker`).

Tasks take JSON-safe arguments only; they are enqueued after the transaction that
caused them commits (see notify.py), so a rolled-back change sends nothing.
"""

from django.core.mail import get_connection
from django.core.mail.message import EmailMessage
from django_tasks import task


@task()
def send_email(*, subject: str, body: str, recipients: list[str]) -> int:
    """One message per recipient (never a shared To: list: addresses stay private)."""
    messages = [EmailMessage(subject, body, to=[address]) for address in recipients]
    with get_connection() as connection:
        return connection.send_messages(messages) or 0
