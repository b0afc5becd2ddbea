"""manage.py demo_logins: the demo logins that exist, with what each can do."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.management.base import BaseCommand

from neuguong.organisations.demo import DEMO_PASSWORD
from neuguong.organisations.demo.logins import DEMO_LOGINS
from neuguong.organisations.models import Person

URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = "In các tài khoản dùng thử đang có: vai trò, tên đăng nhập, mật khẩu, quyền."

    def handle(self, *args, **options):
        users = {
            u.username: u
            for u in get_user_model()
            .objects.filter(username__in=[d.username for d in DEMO_LOGINS], is_active=True)
            .prefetch_related("role_assignments__unit")
        }
        if not users:
            self.stdout.write("Chưa có tài khoản dùng thử. Chạy: manage.py seed_demo")
            return
        people = {p.user_id: p for p in Person.objects.filter(user__in=users.values())}
        self.stdout.write(f"Nêu gương – tài khoản dùng thử. Mở {URL} và đăng nhập:")
        for demo in DEMO_LOGINS:
            user = users.get(demo.username)
            if user is None:
                continue
            # Verify without a setter, so that reading never rewrites a hash.
            password = (
                DEMO_PASSWORD
                if check_password(DEMO_PASSWORD, user.password)
                else "(mật khẩu đã đổi)"
            )
            self.stdout.write(f"  • {demo.label}: {demo.username} / {password}: {demo.can}.")
            details = [p.full_name for p in [people.get(user.pk)] if p]
            details += [f"{a.get_role_display()} tại {a.unit}" for a in user.role_assignments.all()]
            if details:
                self.stdout.write(f"      ({'; '.join(details)})")
