"""Codes for tests and benchmarks, written straight to the tables (no services, no audit)."""

from datetime import date

from django.utils import timezone

from .models import CodeStatus, EthicsCode, EthicsCodeItem, Relationship

SAMPLE_ITEMS = {
    Relationship.PARTY: "Chấp hành nghiêm đường lối của Đảng, không phát ngôn trái quan điểm.",
    Relationship.UNIT: "Đến cơ quan đúng giờ, không làm việc riêng trong giờ làm việc.",
    Relationship.COLLEAGUES: "Góp ý thẳng thắn trong họp, không nói sau lưng đồng nghiệp.",
    Relationship.DUTY: "Hoàn thành công việc được giao đúng hạn, không đùn đẩy trách nhiệm.",
    Relationship.SELF: "Không uống rượu, bia trong ngày làm việc; học tập mỗi tuần.",
}


def make_code(
    unit,
    period,
    *,
    status: str = CodeStatus.PUBLISHED,
    number: int | None = None,
    items: dict | None = None,
    submitted_by=None,
    effective_from: date | None = None,
) -> EthicsCode:
    """A version of `unit`'s code in `status`, with one item per relationship by default."""
    if number is None:
        number = EthicsCode.objects.filter(unit=unit).count() + 1
    now = timezone.now()
    code = EthicsCode.objects.create(
        unit=unit,
        period=period,
        number=number,
        status=status,
        submitted_by=submitted_by,
        submitted_at=now if status != CodeStatus.DRAFT else None,
        effective_from=effective_from
        or (date(2026, 2, 1) if status in (CodeStatus.PUBLISHED, CodeStatus.SUPERSEDED) else None),
        published_at=now if status in (CodeStatus.PUBLISHED, CodeStatus.SUPERSEDED) else None,
    )
    items = SAMPLE_ITEMS if items is None else items
    EthicsCodeItem.objects.bulk_create(
        [
            EthicsCodeItem(code=code, relationship=rel, text=text, order=1)
            for rel, text in items.items()
        ]
    )
    return code
