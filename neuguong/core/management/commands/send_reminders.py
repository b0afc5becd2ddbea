"""Daily: e-mail each user a digest of their inbox (run by cron or a systemd timer).

    manage.py send_reminders            # enqueue today's digests
    manage.py send_reminders --dry-run  # only count who would get one

The messages are sent by the task worker (`manage.py db_worker`). Running this twice
on the same day sends nothing the second time.
"""

from django.core.management.base import BaseCommand

from neuguong.core.reminders import send_reminders


class Command(BaseCommand):
    help = "E-mail each user a digest of their inbox, at most once a day."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the recipients; send nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        count = send_reminders(dry_run=dry_run)
        verb = "would be reminded" if dry_run else "reminded"
        self.stdout.write(f"{count} user(s) {verb}.")
