"""Forms of the organisation pages.

Units and users are chosen with a search-as-you-type picker (a text box that asks
`unit_search` or `user_search` through htmx, plus a hidden id), never with a <select>
of every row. A picked id is looked up again inside the user's scope when the form is
cleaned, so a forged id gives a form error, not a 500 or a leak.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from neuguong.core.access import MANAGE_ORG, MANAGE_ROLES, VIEW_UNITS, Role
from neuguong.organisations.access import MAX_PK

from .models import Area, PartyStatus, Person, PersonCategory, Sector, Unit, UnitKind

MAX_SEARCH = 100
DATE_HELP = _("Dạng ngày/tháng/năm, ví dụ 17/05/1985.")

# `?perm=` values the pickers pass to the search endpoints.
PICKER_PERMS = {"": VIEW_UNITS, "manage": MANAGE_ORG, "roles": MANAGE_ROLES}


def parse_pk(value) -> int | None:
    try:
        pk = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return pk if 0 < pk <= MAX_PK else None


def date_field(label, *, required=False):
    return forms.DateField(
        label=label,
        required=required,
        help_text=DATE_HELP,
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"maxlength": 10, "inputmode": "numeric", "size": 12}
        ),
        error_messages={"invalid": _("Hãy nhập ngày theo dạng ngày/tháng/năm.")},
    )


def version_field():
    """The version the edit was based on, to detect a stale edit."""
    message = _("Thiếu hoặc sai phiên bản bản ghi; hãy mở lại trang sửa.")
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        max_value=2**31,
        error_messages=dict.fromkeys(("required", "invalid", "min_value", "max_value"), message),
    )


class Picker(forms.Widget):
    """A text box searching `url_name`, a hidden input holding the chosen id, and the results."""

    template_name = "organisations/_picker.html"

    def __init__(self, url_name: str, perm: str = "", attrs=None):
        super().__init__(attrs)
        self.url_name = url_name
        self.perm = perm
        self.typed = None

    def id_for_label(self, id_):
        return f"{id_}_search" if id_ else id_

    def value_from_datadict(self, data, files, name):
        self.typed = (data.get(f"{name}_search") or "")[:MAX_SEARCH]
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data

    def label_for(self, value) -> str:
        if self.typed:  # a form sent back shows what the person typed
            return self.typed
        return self.choice.label(value) if value else ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        obj_id = getattr(value, "pk", value)
        search_attrs = {
            k: v for k, v in context["widget"]["attrs"].items() if k not in ("id", "required")
        }
        context["widget"].update(
            search_attrs=search_attrs,
            search_url=reverse(f"organisations:{self.url_name}"),
            perm=self.perm,
            label_text=self.label_for(value),
            value=obj_id if obj_id not in (None, "") else "",
        )
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The project's template engine (the form renderer does not see templates/);
        # its output is already escaped.
        html = render_to_string(self.template_name, self.get_context(name, value, attrs))
        return mark_safe(html)  # noqa: S308


class _Choice:
    """How a picker field finds its objects and names them."""

    def __init__(self, user, perm: str):
        self.user = user
        self.perm = perm


class UnitChoice(_Choice):
    def queryset(self):
        return Unit.objects.visible_to(self.user, self.perm).filter(is_active=True)

    def label(self, value) -> str:
        unit = value if isinstance(value, Unit) else None
        if unit is None and parse_pk(value):
            unit = self.queryset().filter(pk=parse_pk(value)).only("name", "code").first()
        return f"{unit.name} ({unit.code})" if unit else ""


class UserChoice(_Choice):
    def queryset(self):
        from .scopes import scope_for

        users = get_user_model().objects.filter(is_active=True)
        if scope_for(self.user, self.perm).everything:
            return users
        people = Person.objects.visible_to(self.user, self.perm).values("user_id")
        return users.filter(pk__in=people)

    def label(self, value) -> str:
        User = get_user_model()
        user = value if isinstance(value, User) else None
        if user is None and parse_pk(value):
            user = self.queryset().filter(pk=parse_pk(value)).only("username").first()
        return user.get_username() if user else ""


class PickerField(forms.Field):
    """An id chosen with a Picker, cleaned to the object if it lies in the user's scope."""

    default_error_messages = {
        "invalid": _("Hãy chọn trong danh sách kết quả tìm kiếm."),
        "not_found": _("Không tìm thấy mục đã chọn trong phạm vi của bạn."),
    }

    def __init__(self, *, choice_class, url_name, perm_param="", **kwargs):
        self.choice_class = choice_class
        self.perm = PICKER_PERMS[perm_param]
        kwargs.setdefault("widget", Picker(url_name, perm_param))
        super().__init__(**kwargs)

    def bind_user(self, user):
        self.widget.choice = self.choice = self.choice_class(user, self.perm)

    def to_python(self, value):
        if value in self.empty_values:
            if self.widget.typed:  # typed a name but picked nothing from the results
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            return None
        pk = parse_pk(value)
        if pk is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        obj = self.choice.queryset().filter(pk=pk).first()
        if obj is None:
            raise forms.ValidationError(self.error_messages["not_found"], code="not_found")
        return obj


def unit_field(label, *, perm_param="manage", required=False, help_text=""):
    return PickerField(
        choice_class=UnitChoice,
        url_name="unit_search",
        perm_param=perm_param,
        label=label,
        required=required,
        help_text=help_text or _("Gõ tên hoặc mã đơn vị rồi chọn trong danh sách."),
    )


class ScopedForm(forms.Form):
    """A form whose pickers search within `user`'s scope."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, PickerField):
                field.bind_user(user)


def _tags_fields():
    return {
        "sectors": forms.ModelMultipleChoiceField(
            label=_("Lĩnh vực"),
            queryset=Sector.objects.all(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        ),
        "areas": forms.ModelMultipleChoiceField(
            label=_("Địa bàn"),
            queryset=Area.objects.all(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        ),
    }


# Units ----------------------------------------------------------------------------


class UnitForm(ScopedForm):
    parent = unit_field(_("Đơn vị cấp trên"))
    code = forms.CharField(label=_("Mã đơn vị"), max_length=40)
    name = forms.CharField(label=_("Tên đơn vị"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại đơn vị"), choices=UnitKind.choices)
    sectors = _tags_fields()["sectors"]
    areas = _tags_fields()["areas"]
    version = version_field()

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["parent"]
        else:
            del self.fields["version"]


class UnitMoveForm(ScopedForm):
    parent = unit_field(_("Đơn vị cấp trên mới"), required=True)


class RetireForm(forms.Form):
    on = date_field(_("Ngày hiệu lực"))


# People ---------------------------------------------------------------------------


class PersonForm(ScopedForm):
    code = forms.CharField(label=_("Mã cán bộ"), max_length=40)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    gender = forms.ChoiceField(
        label=_("Giới tính"),
        required=False,
        choices=[("", _("— Chưa rõ —")), *Person._meta.get_field("gender").choices],
    )
    birth_date = date_field(_("Ngày sinh"))
    category = forms.ChoiceField(
        label=_("Đối tượng"),
        required=False,
        choices=[("", _("— Chưa chọn —")), *PersonCategory.choices],
    )
    workplace = unit_field(_("Đơn vị công tác"))
    party_cell = unit_field(_("Chi bộ sinh hoạt"))
    party_status = forms.ChoiceField(
        label=_("Tư cách đảng viên"),
        required=False,
        choices=[("", _("— Không phải đảng viên —")), *PartyStatus.choices],
    )
    party_join_date = date_field(_("Ngày vào Đảng"))
    management_unit = unit_field(_("Cấp ủy quản lý (diện quản lý)"), perm_param="")
    version = version_field()

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["version"]

    def person_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


def person_initial(person: Person) -> dict:
    fields = [f for f in PersonForm.base_fields if f != "version"]
    return {f: getattr(person, f) for f in fields} | {"version": person.version}


class PostForm(ScopedForm):
    unit = unit_field(_("Đơn vị"), required=True)
    title = forms.CharField(label=_("Chức vụ"), max_length=150)
    is_head = forms.BooleanField(label=_("Người đứng đầu"), required=False)
    is_deputy = forms.BooleanField(label=_("Cấp phó"), required=False)
    start_date = date_field(_("Từ ngày"))
    end_date = date_field(_("Đến ngày"))

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            # Moving a post to another unit is a new post: the unit stays as it is.
            del self.fields["unit"]


class PeopleFilterForm(ScopedForm):
    ACTIVE_CHOICES = [
        ("1", _("Đang công tác")),
        ("0", _("Đã nghỉ, chuyển đi")),
        ("all", _("Tất cả")),
    ]
    NOT_MEMBER = "none"

    q = forms.CharField(label=_("Tìm theo tên hoặc mã"), max_length=MAX_SEARCH, required=False)
    unit = unit_field(
        _("Thuộc đơn vị"),
        perm_param="",
        help_text=_("Gồm cả các đơn vị trực thuộc."),
    )
    category = forms.ChoiceField(
        label=_("Đối tượng"), required=False, choices=[("", _("Tất cả")), *PersonCategory.choices]
    )
    party_status = forms.ChoiceField(
        label=_("Tư cách đảng viên"),
        required=False,
        choices=[("", _("Tất cả")), *PartyStatus.choices, (NOT_MEMBER, _("Không phải đảng viên"))],
    )
    active = forms.ChoiceField(label=_("Tình trạng"), required=False, choices=ACTIVE_CHOICES)

    def __init__(self, data, **kwargs):
        data = data.copy()
        data["q"] = (data.get("q") or "")[:MAX_SEARCH]
        super().__init__(data, **kwargs)

    def filter(self, people):
        data = self.cleaned_data
        if data.get("q"):
            people = people.search(data["q"])
        if data.get("unit"):
            people = people.in_subtree(data["unit"])
        if data.get("category"):
            people = people.filter(category=data["category"])
        if data.get("party_status") == self.NOT_MEMBER:
            people = people.filter(party_status="")
        elif data.get("party_status"):
            people = people.filter(party_status=data["party_status"])
        if data.get("active", "1") in ("1", ""):
            people = people.filter(is_active=True)
        elif data.get("active") == "0":
            people = people.filter(is_active=False)
        return people


# Audit and roles ------------------------------------------------------------------


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Thao tác"), required=False)
    date_from = date_field(_("Từ ngày"))
    date_to = date_field(_("Đến ngày"))

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Tất cả")), *actions]


class RoleForm(ScopedForm):
    user_account = PickerField(
        choice_class=UserChoice,
        url_name="user_search",
        perm_param="roles",
        label=_("Tài khoản"),
        help_text=_("Gõ tên đăng nhập hoặc họ tên rồi chọn trong danh sách."),
    )
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)
    unit = unit_field(_("Đơn vị"), perm_param="roles", required=True)
    sectors = forms.ModelMultipleChoiceField(
        label=_("Lĩnh vực phụ trách"),
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Chỉ dùng cho Ủy viên Ban Thường vụ phụ trách."),
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Địa bàn phụ trách"),
        queryset=Area.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Chỉ dùng cho Ủy viên Ban Thường vụ phụ trách."),
    )

    def clean(self):
        data = super().clean()
        tagged = bool(data.get("sectors")) or bool(data.get("areas"))
        if data.get("role") == Role.SUPERVISOR and not tagged:
            self.add_error("sectors", _("Ủy viên phụ trách cần ít nhất một lĩnh vực hoặc địa bàn."))
        elif data.get("role") and data.get("role") != Role.SUPERVISOR and tagged:
            self.add_error(
                "sectors", _("Chỉ Ủy viên Ban Thường vụ phụ trách mới được giao lĩnh vực, địa bàn.")
            )
        return data


def search_text(value) -> str:
    return " ".join((value or "")[:MAX_SEARCH].split())
