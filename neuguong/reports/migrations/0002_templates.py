"""The default report templates, one per kind, as data: the admin edits them; the
figures are the kept tallies' counters (neuguong.dashboards.models.COUNTERS)."""

from django.db import migrations

TITLE = "Kết quả thực hiện trách nhiệm nêu gương của cán bộ, đảng viên"


def _sections(next_period: str, *, yearly: bool = False) -> list[dict]:
    sections = [
        {
            "key": "tinh_hinh",
            "title": "Tình hình chung",
            "hint": "Việc quán triệt, triển khai các quy định về trách nhiệm nêu gương; tình "
            "hình tư tưởng của cán bộ, đảng viên trong kỳ.",
        },
        {
            "key": "ket_qua",
            "title": "Kết quả nổi bật" if not yearly else "Kết quả thực hiện trong năm",
            "hint": "Xây dựng, thực hiện chuẩn mực đạo đức; kế hoạch cam kết; những tập thể, "
            "cá nhân tiêu biểu; việc học tập và làm theo chuyên đề năm.",
        },
        {
            "key": "han_che",
            "title": "Hạn chế, nguyên nhân",
            "hint": "Những việc chưa làm được, đơn vị chậm tiến độ, vi phạm phát hiện; "
            "nguyên nhân khách quan và chủ quan.",
        },
    ]
    if yearly:
        sections.append(
            {
                "key": "bai_hoc",
                "title": "Bài học kinh nghiệm",
                "hint": "Những cách làm hay, có thể nhân rộng.",
            }
        )
    sections += [
        {
            "key": "phuong_huong",
            "title": f"Phương hướng, nhiệm vụ {next_period}",
            "hint": "Các nhiệm vụ trọng tâm, giải pháp và thời hạn.",
        },
        {
            "key": "de_xuat",
            "title": "Đề xuất, kiến nghị",
            "hint": "Với cấp ủy, cơ quan cấp trên.",
        },
    ]
    return sections


UNITS_AND_PEOPLE = ["units", "people"]
MONTHLY = [
    *UNITS_AND_PEOPLE,
    "code_published",
    "code_acknowledged",
    "plan_registered",
    "plan_approved",
    "plan_late",
    "discipline_units",
    "discipline_people",
]
QUARTERLY = [
    *UNITS_AND_PEOPLE,
    "code_built",
    "code_approved",
    "code_published",
    "code_acknowledged",
    "cplan_registered",
    "cplan_approved",
    "cplan_late",
    "plan_registered",
    "plan_approved",
    "plan_late",
    "discipline_units",
    "discipline_people",
]
HALF_YEAR = [*QUARTERLY, "code_evaluated"]
YEARLY = [
    *HALF_YEAR,
    "review_started",
    "review_done",
    "review_not_rated",
    *[f"review_{track}_{level}" for track in ("party", "state") for level in (1, 2, 3, 4)],
    "creview_started",
    "creview_done",
    *[f"creview_{track}_{level}" for track in ("party", "state") for level in (1, 2, 3, 4)],
    "quota_groups",
    "quota_ok",
]

TEMPLATES = [
    {
        "kind": "monthly",
        "title": TITLE,
        "sections": _sections("tháng tới"),
        "counters": MONTHLY,
        "due_days": 5,
    },
    {
        "kind": "quarterly",
        "title": TITLE,
        "sections": _sections("quý tới"),
        "counters": QUARTERLY,
        "due_days": 10,
    },
    {
        "kind": "half_year",
        "title": TITLE,
        "sections": _sections("6 tháng cuối năm"),
        "counters": HALF_YEAR,
        "due_days": 15,
    },
    {
        "kind": "nine_months",
        "title": TITLE,
        "sections": _sections("3 tháng cuối năm"),
        "counters": HALF_YEAR,
        "due_days": 15,
    },
    {
        "kind": "yearly",
        "title": TITLE,
        "sections": _sections("năm tới", yearly=True),
        "counters": YEARLY,
        "due_days": 20,
    },
]


def add(apps, schema_editor):
    ReportTemplate = apps.get_model("reports", "ReportTemplate")
    for data in TEMPLATES:
        ReportTemplate.objects.get_or_create(kind=data["kind"], defaults=data)


def remove(apps, schema_editor):
    apps.get_model("reports", "ReportTemplate").objects.filter(
        kind__in=[d["kind"] for d in TEMPLATES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]
