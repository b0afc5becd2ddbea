"""The daily e-mail digest of each user's inbox.

Rules:
- Each active user with an e-mail address and a non-empty inbox gets one digest a day,
  never more: the reminder log row for (user, day) is written in the same transaction
  that enqueues the message, and a second run the same day skips the users it holds.
- Users are read in chunks by id, so memory stays flat however many accounts there are.
- The message goes out in Vietnamese through notify.email_users (a background task).
"""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .inbox import InboxItem, items_for
from .models import ReminderLog
from .notify import email_users, in_vietnamese

CHUNK = 500


def _line(item: InboxItem) -> str:
    line = f"- {item.title}"
    if item.unit:
        line += f" – {item.unit}"
    if item.due:
        line += " " + _("(hạn %(day)s)") % {"day": item.due.strftime("%d/%m/%Y")}
    return line


def digest(user, items: list[InboxItem]) -> tuple[str, str]:
    """(subject, body) of the digest, in Vietnamese."""
    with in_vietnamese():
        name = getattr(getattr(user, "person", None), "full_name", "") or user.get_username()
        subject = _("Nêu gương: đồng chí có %(n)s việc cần làm") % {"n": len(items)}
        lines = [
            _("Kính gửi đồng chí %(name)s,") % {"name": name},
            "",
            _("Trên hệ thống Nêu gương, đồng chí có các việc cần làm sau:"),
            "",
            *[_line(i) for i in items],
            "",
            _("Xem và thực hiện tại trang “Việc cần làm”:"),
        ]
        return subject, "\n".join(lines)


def _recipients():
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .select_related("person")
        .order_by("pk")
    )


def send_reminders(*, today=None, dry_run: bool = False) -> int:
    """Send today's digests; returns how many users got one (or would, on a dry run)."""
    today = today or timezone.localdate()
    sent, last = 0, 0
    while True:
        chunk = list(_recipients().filter(pk__gt=last)[:CHUNK])
        if not chunk:
            return sent
        last = chunk[-1].pk
        done = set(
            ReminderLog.objects.filter(sent_on=today, user__in=chunk).values_list(
                "user_id", flat=True
            )
        )
        for user in chunk:
            if user.pk not in done and _remind(user, today, dry_run=dry_run):
                sent += 1


def _remind(user, today, *, dry_run: bool) -> bool:
    items = items_for(user)
    if not items:
        return False
    if dry_run:
        return True
    subject, body = digest(user, items)
    try:
        with transaction.atomic():
            ReminderLog.objects.create(user=user, sent_on=today, items=len(items))
            email_users([user], subject, body, path=reverse("inbox"))
    except IntegrityError:  # another run got there first today
        return False
    return True
