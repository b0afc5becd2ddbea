"""Rows of the page access matrix for the ethics code pages.

The data, made through the services:
- Tổ Toán: version 1 published (marked exemplary for education, evaluated this
  period) and version 2, a draft started from it;
- Thôn Đông: a version approved, waiting to be published.

A POST sent with no body reaches the handler only for those allowed: they get 400
(bad input, nothing changed), everyone else 403, or 404 outside their view scope.
"""

from conftest import PERSONAS
from neuguong.organisations.tests.test_access_matrix import (
    EVERYONE,
    FORBIDDEN,
    GONE,
    MOVED,
    OK,
    SEES_SCHOOL,
)
from neuguong.standards import services
from neuguong.standards.models import CodeSource, Relationship

BAD = 400
NOBODY = dict.fromkeys(PERSONAS, FORBIDDEN)
# Who sees Thôn Đông (under Hòa An, outside the school).
SEES_DONG = dict.fromkeys(PERSONAS, GONE) | {
    "unit_head": FORBIDDEN,
    "org_officer": FORBIDDEN,
    "inspection": FORBIDDEN,
    "admin": FORBIDDEN,
    "propaganda": FORBIDDEN,
}


def _only(base, allowed: dict) -> dict:
    return base | allowed


def code_with_items(unit, period, *, by, texts=None):
    code = services.start_code(by=by, unit=unit, period=period, source=CodeSource.BLANK)
    for rel in Relationship.values if texts is None else texts:
        code = code.__class__.objects.get(pk=code.pk)
        services.add_item(
            code,
            by=by,
            version=None,
            relationship=rel,
            text=f"Không đi muộn, về sớm; nội dung số {rel} của {unit.code}.",
        )
    return code.__class__.objects.get(pk=code.pk)


def rows(province, period) -> dict:
    users = province.users
    admin, propaganda = users["admin"], users["propaganda"]
    # Tổ Toán, not the school: the exchange rows put a published code on the school.
    published = code_with_items(province.maths, period, by=admin)
    services.submit_code(published, by=users["unit_head"], version=None)
    services.approve_code(published, by=propaganda, version=None)
    published = services.publish_code(
        published, by=admin, version=None, effective_from=period.starts_on
    )
    mark = services.mark_exemplary(published, by=propaganda, sector=province.education)
    evaluation = services.start_evaluation(published, by=admin, period=period)
    draft = services.start_code(
        by=admin, unit=province.maths, period=period, source=CodeSource.PREVIOUS
    )
    item = draft.items.first()
    dong = code_with_items(province.dong, period, by=admin)
    services.submit_code(dong, by=admin, version=None)
    services.approve_code(dong, by=propaganda, version=None)

    maths, draft_pk = {"pk": province.maths.pk}, {"pk": draft.pk}
    # Editors of Tổ Toán (EDIT_CODE on it): its secretary, the head of Hòa An, the admin.
    edits = _only(NOBODY, {"secretary": BAD, "unit_head": BAD, "admin": BAD, "outsider": GONE})
    # Approvers above it, and its editors, who are told why they may not approve.
    decides = edits | {"propaganda": BAD}
    return {
        "standards:unit_codes": (maths, "", "get", SEES_SCHOOL),
        "standards:code_start": (maths, "", "post", edits),
        "standards:evaluation_start": (
            maths,
            "",
            "post",
            edits | {"secretary": MOVED, "unit_head": MOVED, "admin": MOVED},
        ),
        "standards:code": (draft_pk, "", "get", SEES_SCHOOL),
        "standards:code_compare": (draft_pk, "", "get", SEES_SCHOOL),
        "standards:item_add": (draft_pk, "", "post", edits),
        "standards:not_applicable": (draft_pk, "", "post", edits),
        "standards:code_submit": (draft_pk, "", "post", edits),
        "standards:item_edit": (
            {"pk": item.pk},
            "",
            "get",
            edits | {"secretary": OK, "unit_head": OK, "admin": OK},
        ),
        "standards:item_delete": ({"pk": item.pk}, "", "post", edits),
        "standards:code_approve": (draft_pk, "", "post", decides),
        "standards:code_return": (draft_pk, "", "post", decides),
        "standards:code_publish": (
            {"pk": dong.pk},
            "",
            "post",
            SEES_DONG | {"unit_head": BAD, "admin": BAD},
        ),
        "standards:code_acknowledge": (
            {"pk": published.pk},
            "",
            "post",
            _only(NOBODY, {"member": MOVED, "secretary": MOVED, "outsider": GONE}),
        ),
        "standards:exemplary_mark": (
            {"pk": published.pk},
            "",
            "post",
            _only(NOBODY, {"propaganda": BAD, "admin": BAD, "outsider": GONE}),
        ),
        "standards:exemplary_unmark": (
            {"pk": mark.pk},
            "",
            "post",
            _only(NOBODY, {"propaganda": MOVED, "admin": MOVED, "outsider": GONE}),
        ),
        "standards:approvals": (
            {},
            "",
            "get",
            _only(
                NOBODY,
                {"secretary": OK, "unit_head": OK, "propaganda": OK, "admin": OK, "outsider": OK},
            ),
        ),
        "standards:exemplary": ({}, "", "get", EVERYONE),
        "standards:index": ({}, "", "get", dict.fromkeys(PERSONAS, MOVED)),
        "standards:evaluation": ({"pk": evaluation.pk}, "", "get", SEES_SCHOOL),
    }
