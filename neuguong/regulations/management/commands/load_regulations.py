"""manage.py load_regulations: add the library's missing regulations (never overwrites)."""

from django.core.management.base import BaseCommand

from neuguong.regulations.library import load_library


class Command(BaseCommand):
    help = (
        "Nạp các văn bản làm căn cứ của chương trình (QĐ 37, 144, 08, 04, 06, 124, 366) "
        "còn thiếu vào thư viện văn bản. Văn bản đã có được giữ nguyên."
    )

    def handle(self, *args, **options):
        counts = load_library()
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã thêm {counts['regulations']} văn bản, {counts['items']} điều khoản."
            )
        )
