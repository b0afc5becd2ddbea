"""Changes to the organisation tree, people, posts and roles.

Rules:
- Only users holding `org.manage` on a unit change it, its people and its posts;
  moving a unit also needs `org.manage` on the new parent. Roles need `roles.manage`.
- A unit never moves under itself or under one of its descendants. Moving a subtree
  rewrites the paths of that subtree in one UPDATE; people, posts and history keep
  pointing at the same unit rows.
- Unit codes and person codes are unique (case-insensitive).
- A birth date is not in the future; a party join date is not before the 18th birthday
  and not in the future; a party member has a status and a join date.
- Edits carry the version they were based on. If the row changed since, the edit is
  refused with a conflict and the caller keeps the user's input.
- Every change is written to the audit log with its before and after values.
"""

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from neuguong.core.access import MANAGE_ORG, MANAGE_ROLES
from neuguong.core.audit import diff, log_action, snapshot
from neuguong.core.errors import ConflictError, DomainError
from neuguong.core.text import person_tokens

from . import tree
from .models import Area, Person, PersonNameToken, Post, RoleAssignment, Sector, Unit, UnitKind
from .scopes import forget_scopes, scope_for

UNIT_FIELDS = ["code", "name", "kind", "is_active", "retired_on"]
PERSON_FIELDS = [
    "code",
    "full_name",
    "gender",
    "birth_date",
    "category",
    "workplace",
    "party_cell",
    "party_status",
    "party_join_date",
    "management_unit",
    "is_active",
    "left_on",
]


def _require(user, perm: str, unit: Unit | None) -> None:
    scope = scope_for(user, perm)
    if unit is None:
        if not scope.everything:
            raise DomainError(_("Bạn không có quyền thực hiện thao tác này."), code="forbidden")
        return
    if not scope.covers_path(unit.path):
        raise DomainError(
            _("Bạn không có quyền thực hiện thao tác này tại đơn vị “%(unit)s”.") % {"unit": unit},
            code="forbidden",
        )


def _check_unit_code(code: str, *, exclude_pk: int | None = None) -> str:
    code = (code or "").strip()
    if not code:
        raise DomainError(_("Mã đơn vị là bắt buộc."), field="code")
    qs = Unit.objects.filter(code__iexact=code)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise DomainError(
            _("Mã đơn vị “%(code)s” đã được dùng cho đơn vị khác.") % {"code": code}, field="code"
        )
    return code


def _set_tags(unit: Unit, sectors, areas) -> dict:
    before = {
        "sectors": sorted(unit.sectors.values_list("code", flat=True)),
        "areas": sorted(unit.areas.values_list("code", flat=True)),
    }
    if sectors is not None:
        unit.sectors.set(sectors)
    if areas is not None:
        unit.areas.set(areas)
    after = {
        "sectors": sorted(Sector.objects.filter(units=unit).values_list("code", flat=True)),
        "areas": sorted(Area.objects.filter(units=unit).values_list("code", flat=True)),
    }
    return {"before": before, "after": after}


@transaction.atomic
def create_unit(
    *,
    by,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None,
    sectors=None,
    areas=None,
) -> Unit:
    _require(by, MANAGE_ORG, parent)
    code = _check_unit_code(code)
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Tên đơn vị là bắt buộc."), field="name")
    if kind not in UnitKind.values:
        raise DomainError(_("Loại đơn vị không hợp lệ."), field="kind")
    if parent is not None:
        parent = Unit.objects.select_for_update().get(pk=parent.pk)
        if not parent.is_active:
            raise DomainError(_("Không thể thêm đơn vị vào đơn vị đã giải thể."), field="parent")
        if parent.depth >= tree.MAX_DEPTH:
            raise DomainError(_("Cây tổ chức đã đạt số cấp tối đa."), field="parent")
    try:
        with transaction.atomic():
            unit = Unit.objects.create(code=code, name=name, kind=kind, parent=parent)
    except IntegrityError:
        raise DomainError(
            _("Mã đơn vị “%(code)s” đã được dùng cho đơn vị khác.") % {"code": code}, field="code"
        ) from None
    unit.path = (parent.path if parent else "") + tree.segment(unit.pk)
    unit.save(update_fields=["path"])
    tags = _set_tags(unit, sectors, areas)
    log_action(
        "unit.create",
        by=by,
        obj=unit,
        unit=unit,
        after={
            **snapshot(unit, UNIT_FIELDS),
            "parent": parent.pk if parent else None,
            **tags["after"],
        },
    )
    return unit


def _lock_version(model, pk: int, version: int | None):
    obj = model.objects.select_for_update().get(pk=pk)
    if version is not None and obj.version != version:
        raise ConflictError(
            _(
                "Bản ghi này vừa được người khác sửa sau khi bạn mở. Dữ liệu bạn nhập vẫn được giữ "
                "bên dưới; hãy xem giá trị hiện tại rồi lưu lại."
            ),
            current=obj,
        )
    return obj


@transaction.atomic
def update_unit(
    unit: Unit,
    *,
    by,
    version: int | None,
    code: str,
    name: str,
    kind: str,
    sectors=None,
    areas=None,
) -> Unit:
    _require(by, MANAGE_ORG, unit)
    unit = _lock_version(Unit, unit.pk, version)
    before = snapshot(unit, UNIT_FIELDS)
    unit.code = _check_unit_code(code, exclude_pk=unit.pk)
    unit.name = (name or "").strip()
    if not unit.name:
        raise DomainError(_("Tên đơn vị là bắt buộc."), field="name")
    if kind not in UnitKind.values:
        raise DomainError(_("Loại đơn vị không hợp lệ."), field="kind")
    unit.kind = kind
    unit.version = F("version") + 1
    unit.save()
    unit.refresh_from_db()
    tags = _set_tags(unit, sectors, areas)
    old, new = diff({**before, **tags["before"]}, {**snapshot(unit, UNIT_FIELDS), **tags["after"]})
    log_action("unit.update", by=by, obj=unit, unit=unit, before=old, after=new)
    return unit


@transaction.atomic
def move_unit(unit: Unit, *, by, new_parent: Unit) -> Unit:
    """Put `unit` and its whole subtree under `new_parent`."""
    _require(by, MANAGE_ORG, unit)
    _require(by, MANAGE_ORG, new_parent)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    new_parent = Unit.objects.select_for_update().get(pk=new_parent.pk)
    if new_parent.pk == unit.pk or new_parent.is_in_subtree_of(unit):
        raise DomainError(
            _("Không thể chuyển đơn vị vào chính nó hoặc vào một đơn vị cấp dưới của nó."),
            field="parent",
        )
    if not new_parent.is_active:
        raise DomainError(_("Không thể chuyển đơn vị vào đơn vị đã giải thể."), field="parent")
    if unit.parent_id == new_parent.pk:
        raise DomainError(_("Đơn vị đã ở dưới đơn vị cấp trên này."), field="parent")
    old_path = unit.path
    new_path = new_parent.path + tree.segment(unit.pk)
    subtree_height = max(
        len(p) for p in Unit.objects.filter(unit.subtree_q()).values_list("path", flat=True)
    ) - len(old_path)
    if len(new_path) + subtree_height > tree.MAX_DEPTH * tree.SEGMENT:
        raise DomainError(_("Cây tổ chức đã đạt số cấp tối đa."), field="parent")
    old_parent_id = unit.parent_id
    Unit.objects.filter(unit.subtree_q()).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
    )
    Unit.objects.filter(pk=unit.pk).update(parent=new_parent, version=F("version") + 1)
    unit.refresh_from_db()
    log_action(
        "unit.move",
        by=by,
        obj=unit,
        unit=unit,
        before={"parent": old_parent_id, "path": old_path},
        after={"parent": new_parent.pk, "path": new_path},
    )
    return unit


@transaction.atomic
def retire_unit(unit: Unit, *, by, on: date | None = None) -> Unit:
    _require(by, MANAGE_ORG, unit)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not unit.is_active:
        raise DomainError(_("Đơn vị này đã giải thể."))
    active_children = unit.children.filter(is_active=True).count()
    if active_children:
        raise DomainError(
            _("Đơn vị còn %(n)d đơn vị trực thuộc đang hoạt động; hãy chuyển hoặc giải thể trước.")
            % {"n": active_children}
        )
    staff = Person.objects.filter(is_active=True, workplace=unit).count()
    members = Person.objects.filter(is_active=True, party_cell=unit).count()
    if staff or members:
        raise DomainError(
            _("Đơn vị còn %(n)d người đang công tác hoặc sinh hoạt; hãy chuyển họ đi trước.")
            % {"n": staff + members}
        )
    unit.is_active = False
    unit.retired_on = on or timezone.localdate()
    unit.version = F("version") + 1
    unit.save(update_fields=["is_active", "retired_on", "version", "updated_at"])
    unit.refresh_from_db()
    log_action(
        "unit.retire",
        by=by,
        obj=unit,
        unit=unit,
        before={"is_active": True},
        after={"is_active": False, "retired_on": unit.retired_on.isoformat()},
    )
    return unit


# People ---------------------------------------------------------------------------


def index_person_names(people) -> None:
    """Rewrite the search tokens of `people` (Person rows with pk, full_name, code)."""
    people = list(people)
    PersonNameToken.objects.filter(person__in=[p.pk for p in people]).delete()
    PersonNameToken.objects.bulk_create(
        PersonNameToken(person_id=p.pk, token=t)
        for p in people
        for t in person_tokens(p.full_name, p.code)
    )


def _validate_person(data: dict[str, Any], *, exclude_pk: int | None = None) -> None:
    today = timezone.localdate()
    code = (data.get("code") or "").strip()
    if not code:
        raise DomainError(_("Mã cán bộ là bắt buộc."), field="code")
    qs = Person.objects.filter(code__iexact=code)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise DomainError(
            _("Mã cán bộ “%(code)s” đã được dùng cho người khác.") % {"code": code}, field="code"
        )
    if not (data.get("full_name") or "").strip():
        raise DomainError(_("Họ và tên là bắt buộc."), field="full_name")
    birth = data.get("birth_date")
    if birth and birth > today:
        raise DomainError(_("Ngày sinh không được ở tương lai."), field="birth_date")
    joined = data.get("party_join_date")
    if data.get("party_status") and not joined:
        raise DomainError(_("Đảng viên phải có ngày vào Đảng."), field="party_join_date")
    if joined and not data.get("party_status"):
        raise DomainError(
            _("Có ngày vào Đảng thì phải chọn tư cách đảng viên."), field="party_status"
        )
    if joined and joined > today:
        raise DomainError(_("Ngày vào Đảng không được ở tương lai."), field="party_join_date")
    if joined and birth:
        probe = Person(birth_date=birth)
        if joined < probe.eighteenth_birthday():
            raise DomainError(
                _("Ngày vào Đảng (%(joined)s) phải từ ngày đủ 18 tuổi (%(adult)s) trở đi.")
                % {
                    "joined": joined.strftime("%d/%m/%Y"),
                    "adult": probe.eighteenth_birthday().strftime("%d/%m/%Y"),
                },
                field="party_join_date",
            )
    cell = data.get("party_cell")
    if cell is not None and not cell.is_party_organisation:
        raise DomainError(_("Nơi sinh hoạt đảng phải là một tổ chức đảng."), field="party_cell")
    for key in ("workplace", "party_cell", "management_unit"):
        unit = data.get(key)
        if unit is not None and not unit.is_active:
            raise DomainError(_("Không thể gắn với đơn vị đã giải thể."), field=key)


def _check_person_units(by, data: dict[str, Any]) -> None:
    for key in ("workplace", "party_cell"):
        if data.get(key) is not None:
            _require(by, MANAGE_ORG, data[key])
    if data.get("workplace") is None and data.get("party_cell") is None:
        raise DomainError(_("Cần chọn đơn vị công tác hoặc chi bộ sinh hoạt."), field="workplace")


@transaction.atomic
def create_person(*, by, **data) -> Person:
    data["code"] = (data.get("code") or "").strip()
    data["full_name"] = " ".join((data.get("full_name") or "").split())
    _check_person_units(by, data)
    _validate_person(data)
    try:
        with transaction.atomic():
            person = Person.objects.create(**data)
    except IntegrityError:
        raise DomainError(
            _("Mã cán bộ “%(code)s” đã được dùng cho người khác.") % {"code": data["code"]},
            field="code",
        ) from None
    index_person_names([person])
    log_action(
        "person.create",
        by=by,
        obj=person,
        unit=person.workplace or person.party_cell,
        after=snapshot(person, PERSON_FIELDS),
    )
    return person


@transaction.atomic
def update_person(person: Person, *, by, version: int | None, **data) -> Person:
    _check_person_units(by, {"workplace": person.workplace, "party_cell": person.party_cell})
    person = _lock_version(Person, person.pk, version)
    data["code"] = (data.get("code") or "").strip()
    data["full_name"] = " ".join((data.get("full_name") or "").split())
    merged = {f: getattr(person, f) for f in PERSON_FIELDS} | data
    _check_person_units(by, merged)
    _validate_person(merged, exclude_pk=person.pk)
    before = snapshot(person, PERSON_FIELDS)
    for key, value in data.items():
        setattr(person, key, value)
    person.version = F("version") + 1
    person.save()
    person.refresh_from_db()
    old, new = diff(before, snapshot(person, PERSON_FIELDS))
    if "full_name" in new or "code" in new:
        index_person_names([person])
    log_action(
        "person.update",
        by=by,
        obj=person,
        unit=person.workplace or person.party_cell,
        before=old,
        after=new,
    )
    return person


@transaction.atomic
def retire_person(person: Person, *, by, on: date | None = None) -> Person:
    _check_person_units(by, {"workplace": person.workplace, "party_cell": person.party_cell})
    person = Person.objects.select_for_update().get(pk=person.pk)
    if not person.is_active:
        raise DomainError(_("Người này đã nghỉ hoặc chuyển đi."))
    person.is_active = False
    person.left_on = on or timezone.localdate()
    person.version = F("version") + 1
    person.save(update_fields=["is_active", "left_on", "version", "updated_at"])
    person.refresh_from_db()
    Post.objects.filter(person=person, end_date__isnull=True).update(end_date=person.left_on)
    log_action(
        "person.retire",
        by=by,
        obj=person,
        unit=person.workplace or person.party_cell,
        before={"is_active": True},
        after={"is_active": False, "left_on": person.left_on.isoformat()},
    )
    return person


# Posts ----------------------------------------------------------------------------

POST_FIELDS = ["person", "unit", "title", "is_head", "is_deputy", "start_date", "end_date"]


def _validate_post(data: dict[str, Any]) -> None:
    if not (data.get("title") or "").strip():
        raise DomainError(_("Tên chức vụ là bắt buộc."), field="title")
    if data.get("is_head") and data.get("is_deputy"):
        raise DomainError(
            _("Một chức vụ không thể vừa là người đứng đầu vừa là cấp phó."), field="is_deputy"
        )
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        raise DomainError(_("Ngày kết thúc phải sau ngày bắt đầu."), field="end_date")


@transaction.atomic
def add_post(person: Person, *, by, unit: Unit, **data) -> Post:
    _require(by, MANAGE_ORG, unit)
    _validate_post(data)
    post = Post.objects.create(person=person, unit=unit, **data)
    log_action("post.create", by=by, obj=post, unit=unit, after=snapshot(post, POST_FIELDS))
    return post


@transaction.atomic
def update_post(post: Post, *, by, **data) -> Post:
    _require(by, MANAGE_ORG, post.unit)
    merged = {f: getattr(post, f) for f in POST_FIELDS} | data
    _validate_post(merged)
    before = snapshot(post, POST_FIELDS)
    for key, value in data.items():
        setattr(post, key, value)
    post.save()
    old, new = diff(before, snapshot(post, POST_FIELDS))
    log_action("post.update", by=by, obj=post, unit=post.unit, before=old, after=new)
    return post


@transaction.atomic
def delete_post(post: Post, *, by) -> None:
    _require(by, MANAGE_ORG, post.unit)
    log_action("post.delete", by=by, obj=post, unit=post.unit, before=snapshot(post, POST_FIELDS))
    post.delete()


# Roles ----------------------------------------------------------------------------


@transaction.atomic
def assign_role(*, by, user, role: str, unit: Unit, sectors=(), areas=()) -> RoleAssignment:
    _require(by, MANAGE_ROLES, unit)
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
    if not created:
        raise DomainError(_("Tài khoản này đã có vai trò đó tại đơn vị này."))
    assignment.sectors.set(sectors)
    assignment.areas.set(areas)
    log_action(
        "role.assign",
        by=by,
        obj=assignment,
        unit=unit,
        after={
            "user": user.username,
            "role": role,
            "sectors": sorted(s.code for s in sectors),
            "areas": sorted(a.code for a in areas),
        },
    )
    forget_scopes(user)
    return assignment


@transaction.atomic
def revoke_role(assignment: RoleAssignment, *, by) -> None:
    _require(by, MANAGE_ROLES, assignment.unit)
    log_action(
        "role.revoke",
        by=by,
        obj=assignment,
        unit=assignment.unit,
        before={"user": assignment.user.username, "role": assignment.role},
    )
    user = assignment.user
    assignment.delete()
    forget_scopes(user)
