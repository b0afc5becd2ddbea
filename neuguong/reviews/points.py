"""The points of section I of each personal form, and the collective report's.

Mẫu 02A (HD 25) and 2A (HD 43): non-leaders. Mẫu 02B and 2B: leaders and managers.
Mẫu 01: a collective's report. The commitment point lists the approved key tasks."""

from django.utils.translation import gettext_lazy as _

POINTS = {
    "politics": _(
        "Về tư tưởng chính trị; phẩm chất đạo đức, lối sống; ý thức tổ chức kỷ luật; tác phong, "
        "lề lối làm việc"
    ),
    "duties": _("Về thực hiện chức trách, nhiệm vụ được giao"),
    "leadership": _(
        "Về kết quả lãnh đạo, chỉ đạo, quản lý; mức độ hoàn thành nhiệm vụ của đơn vị trực thuộc; "
        "xây dựng đoàn kết nội bộ"
    ),
    "innovation": _(
        "Về tinh thần trách nhiệm, đổi mới sáng tạo, dám nghĩ, dám làm, dám chịu trách nhiệm"
    ),
    "exemplary": _(
        "Về trách nhiệm nêu gương của bản thân và gia đình; phòng, chống tham nhũng, tiêu cực; "
        "giữ gìn uy tín"
    ),
    "commitment": _("Về việc thực hiện cam kết tu dưỡng, rèn luyện, phấn đấu hằng năm"),
    # Collectives (Mẫu 01).
    "building": _("Về công tác xây dựng Đảng, xây dựng tổ chức, đơn vị"),
    "tasks": _("Về thực hiện nhiệm vụ chính trị được giao"),
    "code": _("Về xây dựng và thực hiện chuẩn mực đạo đức của đơn vị"),
}

FORM_POINTS = {
    "personal": ["politics", "duties", "commitment"],
    "leader": ["politics", "duties", "leadership", "innovation", "exemplary", "commitment"],
    "collective": ["building", "tasks", "code", "commitment"],
}


def point_label(code: str) -> str:
    return str(POINTS.get(code, code))


def form_name(*, track: str, leader: bool, collective: bool, new_forms: bool) -> str:
    """The form's number: HD 43 (from 2025) numbers them 2A/2B, HD 25 02A/02B."""
    if collective:
        return "01"
    if new_forms:
        return "2B" if leader else "2A"
    return "02B" if leader else "02A"
