"""Hints for the motto "short, easy to remember, easy to carry out and evaluate".

Shown to the author and the approver; they never block a submission.
"""

import re

from django.utils.translation import gettext as _

from neuguong.core.text import fold

from .models import Relationship

# A code people can remember holds about a page of items.
MOST_ITEMS = 25
LONG_ITEM = 150
SHORT_ITEM_WORDS = 4
# Phrases that state an attitude rather than something one can check was done.
VAGUE_PHRASES = [
    "nang cao y thuc",
    "nang cao nhan thuc",
    "co y thuc",
    "luon luon",
    "tich cuc",
    "co gang",
    "phan dau",
    "nhan thuc dung",
    "tu tuong vung vang",
]
# Signs an item names something checkable: a number, a prohibition, a frequency, a deadline.
CHECKABLE = re.compile(r"\d|\bkhong\b|\bmoi\b|\bhang\b|\bdung gio\b|\bdung han\b|\btruoc\b")


def hints(code, items) -> list[str]:
    out: list[str] = []
    if len(items) > MOST_ITEMS:
        out.append(
            _("Bộ chuẩn mực có %(n)s nội dung; nên gọn trong khoảng 10–20 nội dung để dễ nhớ.")
            % {"n": len(items)}
        )
    for r in code.empty_groups(items):
        out.append(
            _("Chưa có nội dung cho mối quan hệ “%(group)s”.") % {"group": Relationship(r).label}
        )
    seen: dict[str, int] = {}
    for position, item in enumerate(items, start=1):
        folded = fold(item.text)
        if len(item.text) > LONG_ITEM:
            out.append(
                _(
                    "Nội dung số %(n)s dài %(length)s ký tự; nên viết ngắn gọn, "
                    "dưới %(limit)s ký tự."
                )
                % {"n": position, "length": len(item.text), "limit": LONG_ITEM}
            )
        if len(folded.split()) < SHORT_ITEM_WORDS:
            out.append(
                _("Nội dung số %(n)s quá ngắn để biết phải làm gì; hãy nói rõ hành động.")
                % {"n": position}
            )
        elif any(p in folded for p in VAGUE_PHRASES) and not CHECKABLE.search(folded):
            out.append(
                _(
                    "Nội dung số %(n)s khó đánh giá: hãy nêu việc làm cụ thể, kiểm tra được "
                    "(ví dụ: “Không dùng điện thoại việc riêng trong giờ họp”)."
                )
                % {"n": position}
            )
        if folded in seen:
            out.append(
                _("Nội dung số %(n)s trùng với nội dung số %(m)s.")
                % {"n": position, "m": seen[folded]}
            )
        seen.setdefault(folded, position)
    return out
