"""A published code of the school to print, with an item in every group."""

from datetime import date

from neuguong.standards.models import CodeStatus, EthicsCode, EthicsCodeItem, Relationship

ITEMS = {
    Relationship.PARTY: [
        "Tuyệt đối trung thành với Đảng, Tổ quốc và Nhân dân; kiên định mục tiêu độc lập dân tộc.",
        "Không nói, viết, làm trái Cương lĩnh, Điều lệ Đảng và Quy định 37-QĐ/TW.",
    ],
    Relationship.UNIT: [
        "Giữ gìn đoàn kết nội bộ; chấp hành nghiêm nội quy, quy chế của nhà trường.",
        "Bảo vệ uy tín, tài sản của đơn vị; không lợi dụng chức vụ để trục lợi.",
    ],
    Relationship.COLLEAGUES: [
        "Tôn trọng, chân thành, giúp đỡ đồng nghiệp cùng tiến bộ.",
    ],
    Relationship.DUTY: [
        "Đúng giờ, tận tụy với học sinh; hoàn thành đúng hạn, bảo đảm chất lượng nhiệm vụ.",
        "Nêu gương trong học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
    ],
    Relationship.SELF: [
        "Cần, kiệm, liêm, chính, chí công vô tư; thường xuyên tự phê bình và phê bình.",
    ],
}
ALL_TEXTS = [text for texts in ITEMS.values() for text in texts]
# One item a group: quick to render where a test renders many posters (the matrices).
SHORT_ITEMS = {relationship: ["Gương mẫu, đúng giờ."] for relationship in Relationship.values}


def make_code(unit, period, *, status=CodeStatus.PUBLISHED, number=1, items=ITEMS, **extra):
    code = EthicsCode.objects.create(
        unit=unit,
        period=period,
        number=number,
        status=status,
        effective_from=date(2026, 3, 5) if status in ("published", "superseded") else None,
        **extra,
    )
    EthicsCodeItem.objects.bulk_create(
        EthicsCodeItem(code=code, relationship=rel, order=order, text=text)
        for rel, texts in items.items()
        for order, text in enumerate(texts)
    )
    return code
