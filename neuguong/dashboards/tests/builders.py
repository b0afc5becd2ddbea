"""A small province with codes at every step, built through the services.

Over the root in the `period` (9 active units), the expected status is:
built 5 (Tổ Toán, the school, Thôn Đông, Khu 3, the empty cell), approved 4, published 4,
acknowledged by everyone 2 (the school; the empty cell, which has nobody), evaluated 1
(the school). A retired cell and a code of an older period do not count.
"""

from datetime import date

from neuguong.organisations.factories import make_unit
from neuguong.regulations.models import Period
from neuguong.standards import services
from neuguong.standards.factories import SAMPLE_ITEMS, make_code
from neuguong.standards.models import CodeSource, ItemResult

EXPECTED = {
    "units": 9,
    "built": 5,
    "approved": 4,
    "published": 4,
    "acknowledged": 2,
    "evaluated": 1,
}


def write_code(unit, period, *, by):
    """A draft with one item per relationship, started and filled by `by`."""
    code = services.start_code(by=by, unit=unit, period=period, source=CodeSource.BLANK)
    items = [{"relationship": int(r), "text": t} for r, t in SAMPLE_ITEMS.items()]
    return services.replace_items(code, by=by, version=None, items=items, not_applicable={})


def publish(code, *, editor, approver):
    code = services.submit_code(code, by=editor, version=None)
    code = services.approve_code(code, by=approver, version=None)
    return services.publish_code(code, by=editor, version=None, effective_from=date(2026, 2, 1))


def evaluate(code, period, *, by):
    evaluation = services.start_evaluation(code, by=by, period=period)
    results = {row.pk: {"result": ItemResult.MET} for row in evaluation.items.all()}
    evaluation = services.save_evaluation(
        evaluation, by=by, version=None, results=results, overall=ItemResult.MET
    )
    return services.decide_evaluation(evaluation, by=by, version=None)


def build_codes(province, period):
    u = province.users
    maths = publish(
        write_code(province.maths, period, by=u["secretary"]),
        editor=u["secretary"],
        approver=u["unit_head"],
    )
    services.acknowledge_code(maths, by=u["member"])  # the secretary has not

    school = publish(
        write_code(province.school, period, by=u["unit_head"]),
        editor=u["unit_head"],
        approver=u["propaganda"],
    )
    services.acknowledge_code(school, by=u["member"])
    services.acknowledge_code(school, by=u["secretary"])
    evaluate(school, period, by=u["unit_head"])

    dong = write_code(province.dong, period, by=u["unit_head"])
    services.submit_code(dong, by=u["unit_head"], version=None)  # waits for approval

    make_code(province.khu3, period)  # published, acknowledged by nobody
    empty = make_unit("Chi bộ Trống", parent=province.binh_minh, code="BM-EMPTY")
    make_code(empty, period)  # published, nobody to acknowledge

    retired = make_unit("Chi bộ Cũ", parent=province.hoa_an, code="HOA-AN-CU")
    make_code(retired, period)
    retired.is_active = False
    retired.save(update_fields=["is_active"])

    older = Period.objects.create(
        name="Năm 2025", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31)
    )
    make_code(province.binh_minh, older)
    return {"maths": maths, "school": school, "dong": dong, "empty": empty, "older": older}
