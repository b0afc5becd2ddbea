"""The national rule sets as data. A new rule set is a new migration like this one and
a new module under reviews/rules/; existing rows are never edited."""

from datetime import date

from django.db import migrations

RULE_SETS = [
    {
        "code": "qd124",
        "name": "Quy định 124-QĐ/TW",
        "basis": "Quy định 124-QĐ/TW ngày 04/10/2023 và Hướng dẫn 25-HD/BTCTW",
        "track": "party",
        "module": "neuguong.reviews.rules.qd124",
        "applies_from": date(2023, 1, 1),
        "applies_until": date(2024, 12, 31),
        "categories": [],
        "params": {"htxs_exceeded_min": 0},
    },
    {
        "code": "qd366",
        "name": "Quy định 366-QĐ/TW",
        "basis": "Quy định 366-QĐ/TW ngày 30/08/2025 và Hướng dẫn 43-HD/BTCTW",
        "track": "party",
        "module": "neuguong.reviews.rules.qd366",
        "applies_from": date(2025, 1, 1),
        "applies_until": None,
        "categories": [],
        "params": {"bands": {"htxs": 90, "htt": 70, "htnv": 50}, "htxs_exceeded_min": 30},
    },
    {
        "code": "nd90",
        "name": "Nghị định 90/2020/NĐ-CP (sửa đổi bởi Nghị định 48/2023/NĐ-CP)",
        "basis": "Nghị định 90/2020/NĐ-CP và Nghị định 48/2023/NĐ-CP",
        "track": "state",
        "module": "neuguong.reviews.rules.nd90",
        "applies_from": date(2020, 1, 1),
        "applies_until": None,
        "categories": [],
        "params": {"htxs_exceeded_min": 50, "staff_party_share": True},
    },
    {
        "code": "nd335",
        "name": "Nghị định 335/2025/NĐ-CP",
        "basis": "Nghị định 335/2025/NĐ-CP ngày 21/12/2025 (công chức, từ 01/01/2026)",
        "track": "state",
        "module": "neuguong.reviews.rules.nd335",
        "applies_from": date(2026, 1, 1),
        "applies_until": None,
        "categories": ["cong_chuc"],
        "params": {
            "bands": {"htxs": 90, "htt": 70, "htnv": 50},
            "htxs_exceeded_min": 30,
            "staff_party_share": True,
            "task_parts": {"quantity": 1, "quality": 1, "timeliness": 1},
            "product_penalty_percent": 25,
        },
    },
]


def add(apps, schema_editor):
    RuleSet = apps.get_model("reviews", "RuleSet")
    for data in RULE_SETS:
        RuleSet.objects.update_or_create(code=data["code"], defaults=data)


def remove(apps, schema_editor):
    apps.get_model("reviews", "RuleSet").objects.filter(
        code__in=[d["code"] for d in RULE_SETS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]
