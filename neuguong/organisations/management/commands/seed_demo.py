"""manage.py seed_demo --scale small|province|national --seed N [--if-empty]"""

import time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from neuguong.organisations.demo.load import load
from neuguong.organisations.demo.logins import DEMO_LOGINS
from neuguong.organisations.demo.plan import SCALES, Plan
from neuguong.organisations.models import Area, Person, Sector, Unit


def number(n: int) -> str:
    """1234567 -> "1.234.567", the Vietnamese way."""
    return f"{n:,}".replace(",", ".")


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu: small (~60 đơn vị, 1.500 người, cho kiểm thử), province (tỉnh "
        "Quảng Ninh sau 1/7/2025: ~1.000 đơn vị, 150.000 người) hoặc national (34 tỉnh, "
        "5,5 triệu người, chỉ PostgreSQL, cho đo hiệu năng)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="province")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Không làm gì nếu cơ sở dữ liệu đã có đơn vị.",
        )

    def handle(self, *args, scale: str, seed: int, if_empty: bool, **options):
        units = Unit.objects.count()
        if units and if_empty:
            self.stdout.write(f"Cơ sở dữ liệu đã có {units} đơn vị: bỏ qua việc tạo dữ liệu mẫu.")
            return
        self.check_empty()
        if scale == "national" and connection.vendor != "postgresql":
            raise CommandError(
                "Quy mô national (5,5 triệu người) chỉ dùng với PostgreSQL. Đặt "
                "DATABASE_URL=postgres://... rồi chạy lại."
            )
        start = time.perf_counter()
        plan = Plan(scale, seed)
        counts = load(plan, progress=self.progress if options["verbosity"] >= 1 else None)
        # The load left no marks (its triggers were off): count the tallies in full now,
        # rather than on the first dashboard read.
        call_command("rebuild_tallies", verbosity=options["verbosity"], stdout=self.stdout)
        elapsed = time.perf_counter() - start
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo dữ liệu mẫu (quy mô {scale}, seed {seed}) trong "
                f"{elapsed:.1f} giây: {number(counts['units'])} đơn vị, "
                f"{number(counts['people'])} người ({number(counts['members'])} đảng viên), "
                f"{number(counts['posts'])} chức vụ, {counts['users']} tài khoản dùng thử."
            )
        )
        programme = counts["programme"]
        if programme["built"]:
            self.stdout.write(
                f"Chương trình năm 2026: {number(programme['built'])} đơn vị đã xây dựng, rà "
                f"soát chuẩn mực đạo đức, {number(programme['evaluated'])} đơn vị đã đánh giá "
                f"việc thực hiện; {number(programme['acknowledgements'])} lượt xác nhận đã đọc."
            )

    def check_empty(self):
        taken = get_user_model().objects.filter(username__in=[d.username for d in DEMO_LOGINS])
        for model, label in [
            (Unit, "đơn vị"),
            (Person, "người"),
            (Sector, "lĩnh vực"),
            (Area, "địa bàn"),
        ]:
            if model.objects.exists():
                raise CommandError(
                    f"Cơ sở dữ liệu đã có {label}. Dữ liệu mẫu chỉ tạo trên cơ sở dữ liệu trống "
                    "(dùng --if-empty để bỏ qua khi đã có dữ liệu)."
                )
        if taken.exists():
            raise CommandError(
                "Đã có tài khoản trùng tên với tài khoản dùng thử: "
                + ", ".join(taken.values_list("username", flat=True))
            )

    def progress(self, people: int):
        self.stdout.write(f"  … {number(people)} người")
