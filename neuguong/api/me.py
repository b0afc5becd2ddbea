"""The caller: their account, their person record, their roles and units."""

from datetime import date

from ninja import Field, Router, Schema

from neuguong.core.access import ALL_PERMISSIONS
from neuguong.core.inbox import items_for
from neuguong.organisations.access import own_person, own_roles
from neuguong.organisations.scopes import has_perm_anywhere

from .common import READ_ERRORS
from .schemas import MeOut

router = Router(tags=["me"])


@router.get("", response={200: MeOut, **READ_ERRORS}, summary="Tài khoản đang dùng")
def get_me(request):
    user = request.auth
    person = own_person(user)
    roles = own_roles(user)
    units = [u for u in (person.workplace, person.party_cell) if u] if person else []
    return {
        "user": user,
        "person": person,
        "roles": list(roles),
        "units": units,
        "permissions": sorted(p for p in ALL_PERMISSIONS if has_perm_anywhere(user, p)),
    }


class InboxItemOut(Schema):
    kind: str = Field(description="Loại việc: code.acknowledge, code.approve, ...")
    title: str
    url: str = Field(description="Đường dẫn tới trang thực hiện việc này")
    unit: str = ""
    due: date | None = None
    count: int = 1


@router.get("/inbox", response={200: list[InboxItemOut], **READ_ERRORS}, summary="Việc cần làm")
def get_inbox(request):
    return items_for(request.auth)
