"""How the audit log reads on the page: action names and before/after values in words.

Entries store field names and raw values (ids, ISO dates, choice codes); this turns one
page of them into labelled rows, naming every unit they mention with one query.
"""

import re

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from neuguong.core.models import AuditEntry

from .models import Person, Unit

ACTION_LABELS = {
    "unit.create": _("Thêm đơn vị"),
    "unit.update": _("Sửa đơn vị"),
    "unit.move": _("Chuyển đơn vị"),
    "unit.retire": _("Giải thể đơn vị"),
    "person.create": _("Thêm cán bộ, đảng viên"),
    "person.update": _("Sửa thông tin cán bộ, đảng viên"),
    "person.retire": _("Ghi nhận nghỉ, chuyển đi"),
    "post.create": _("Thêm chức vụ"),
    "post.update": _("Sửa chức vụ"),
    "post.delete": _("Xóa chức vụ"),
    "role.assign": _("Giao vai trò"),
    "role.revoke": _("Thu hồi quyền"),
    "token.create": _("Tạo mã truy cập API"),
    "token.revoke": _("Thu hồi mã truy cập API"),
}

EXTRA_LABELS = {
    "sectors": _("Lĩnh vực"),
    "areas": _("Địa bàn"),
    "parent": _("Đơn vị cấp trên"),
    "user": _("Tài khoản"),
    "prefix": _("Tiền tố mã"),
}
UNIT_KEYS = {"parent", "unit", "workplace", "party_cell", "management_unit"}
HIDDEN_KEYS = {"path"}
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
EMPTY = "—"


def action_label(code: str) -> str:
    return ACTION_LABELS.get(code, code)


def action_choices() -> list[tuple[str, str]]:
    codes = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
    return [(code, action_label(code)) for code in codes]


def _field(object_type: str, key: str):
    try:
        return apps.get_model(object_type)._meta.get_field(key)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None


def _label(object_type: str, key: str) -> str:
    if key in EXTRA_LABELS:
        return str(EXTRA_LABELS[key])
    field = _field(object_type, key)
    return str(getattr(field, "verbose_name", key))


def _value(object_type: str, key: str, value, names: dict) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    if key in names and isinstance(value, int):
        return names[key].get(value, f"#{value}")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    field = _field(object_type, key)
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, str) and (match := ISO_DATE.match(value[:10])):
        year, month, day = match.groups()
        return f"{day}/{month}/{year}{value[10:16].replace('T', ' ')}"
    return str(value)


def _ids(entries, keys) -> set[int]:
    return {
        value
        for e in entries
        for side in (e.before or {}, e.after or {})
        for key, value in side.items()
        if key in keys and isinstance(value, int)
    }


def _names(entries) -> dict[str, dict[int, str]]:
    """Names of the units and people a page of entries mentions: at most two queries."""
    unit_ids, person_ids = _ids(entries, UNIT_KEYS), _ids(entries, {"person"})
    units = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name")) if unit_ids else {}
    people = (
        dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "full_name"))
        if person_ids
        else {}
    )
    return dict.fromkeys(UNIT_KEYS, units) | {"person": people}


def audit_rows(entries) -> list[dict]:
    entries = list(entries)
    names = _names(entries)
    rows = []
    for entry in entries:
        before, after = entry.before or {}, entry.after or {}
        keys = [k for k in after if k not in HIDDEN_KEYS]
        keys += [k for k in before if k not in after and k not in HIDDEN_KEYS]
        changes = [
            {
                "label": _label(entry.object_type, k),
                "before": _value(entry.object_type, k, before.get(k), names)
                if k in before
                else None,
                "after": _value(entry.object_type, k, after.get(k), names) if k in after else None,
            }
            for k in keys
        ]
        rows.append({"entry": entry, "action": action_label(entry.action), "changes": changes})
    return rows
