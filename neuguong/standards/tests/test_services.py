"""The rules of standards.services, each bad input checked for its message and for
nothing having changed."""

import pytest
from django.core import mail
from django.http import Http404

from neuguong.core.access import APPROVE_CODE
from neuguong.core.errors import ConflictError, DomainError
from neuguong.core.models import AuditEntry
from neuguong.organisations.factories import make_person
from neuguong.standards import services
from neuguong.standards.access import get_code_for_user
from neuguong.standards.factories import make_code
from neuguong.standards.models import (
    Acknowledgement,
    CodeEvaluation,
    CodeSource,
    CodeStatus,
    EthicsCode,
    ExemplaryCode,
    Relationship,
)

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def fill(code, by, *, skip=()):
    for rel in Relationship.values:
        if rel not in skip:
            code.refresh_from_db()
            services.add_item(
                code, by=by, version=code.version, relationship=rel, text=f"Nội dung số {rel}"
            )
    code.refresh_from_db()
    return code


def state(code):
    code.refresh_from_db()
    return (code.status, code.version, list(code.items.values_list("relationship", "text")))


@pytest.fixture
def draft(province, period):
    head = province.users["unit_head"]
    return fill(
        services.start_code(by=head, unit=province.hoa_an, period=period, source="blank"), head
    )


def submitted(province, draft):
    return services.submit_code(draft, by=province.users["unit_head"], version=draft.version)


# Starting a version ---------------------------------------------------------------


def test_start_from_previous_copies_items_and_keeps_their_keys(province, period):
    head = province.users["unit_head"]
    old = make_code(province.hoa_an, period)
    new = services.start_code(by=head, unit=province.hoa_an, period=period, source="previous")
    assert new.number == 2 and new.based_on == old and new.status == CodeStatus.DRAFT
    assert set(new.items.values_list("key", flat=True)) == set(
        old.items.values_list("key", flat=True)
    )
    assert AuditEntry.objects.filter(action="code.start", object_id=str(new.pk)).exists()


def test_start_refuses_a_second_open_version(province, draft, period):
    with pytest.raises(DomainError, match="chưa công bố"):
        services.start_code(
            by=province.users["unit_head"], unit=province.hoa_an, period=period, source="blank"
        )
    assert EthicsCode.objects.filter(unit=province.hoa_an).count() == 1


def test_start_from_exemplary_needs_a_mark_in_the_units_sector(province, period):
    example = make_code(province.dong, period)
    secretary = province.users["unit_head"]  # heads Hòa An, which covers the school
    with pytest.raises(DomainError, match="tiêu biểu thuộc lĩnh vực"):
        services.start_code(
            by=secretary, unit=province.school, period=period, source="exemplary", based_on=example
        )
    assert not EthicsCode.objects.filter(unit=province.school).exists()
    ExemplaryCode.objects.create(code=example, sector=province.education)
    code = services.start_code(
        by=secretary, unit=province.school, period=period, source="exemplary", based_on=example
    )
    assert code.source == CodeSource.EXEMPLARY and code.items.count() == 5
    assert not set(code.items.values_list("key", flat=True)) & set(
        example.items.values_list("key", flat=True)
    )


def test_start_refuses_someone_without_the_edit_role(province, period):
    with pytest.raises(DomainError) as error:
        services.start_code(
            by=province.users["member"], unit=province.maths, period=period, source="blank"
        )
    assert error.value.code == "forbidden"
    assert not EthicsCode.objects.exists()


# Editing ---------------------------------------------------------------------------


def test_an_item_over_the_length_limit_is_refused(province, draft):
    before = state(draft)
    with pytest.raises(DomainError, match="tối đa 300 ký tự; nội dung này có 301 ký tự"):
        services.add_item(
            draft,
            by=province.users["unit_head"],
            version=draft.version,
            relationship=1,
            text="a" * 301,
        )
    assert state(draft) == before


def test_the_length_limit_is_the_periods(province, draft, period):
    period.code_item_max_length = 40
    period.save()
    draft.refresh_from_db()
    with pytest.raises(DomainError, match="tối đa 40 ký tự"):
        services.add_item(
            draft,
            by=province.users["unit_head"],
            version=draft.version,
            relationship=1,
            text="b" * 41,
        )


def test_a_stale_edit_is_a_conflict_and_changes_nothing(province, draft):
    stale = draft.version - 1
    before = state(draft)
    with pytest.raises(ConflictError):
        services.add_item(
            draft, by=province.users["unit_head"], version=stale, relationship=2, text="Mới"
        )
    assert state(draft) == before


def test_replace_items_keeps_keys_of_items_it_is_given(province, draft):
    first = draft.items.get(relationship=1)
    services.replace_items(
        draft,
        by=province.users["unit_head"],
        version=draft.version,
        items=[{"key": str(first.key), "relationship": 1, "text": "Sửa lại nội dung"}],
        not_applicable={"2": "Không có", "3": "x", "4": "y", "5": "z"},
    )
    draft.refresh_from_db()
    assert list(draft.items.values_list("key", "text")) == [(first.key, "Sửa lại nội dung")]
    assert draft.empty_groups() == []


# Submitting, deciding, publishing --------------------------------------------------


def test_submit_with_an_empty_group_is_refused_unless_marked_not_applicable(province, period):
    head = province.users["unit_head"]
    code = fill(
        services.start_code(by=head, unit=province.hoa_an, period=period, source="blank"),
        head,
        skip=[Relationship.COLLEAGUES],
    )
    before = state(code)
    with pytest.raises(DomainError, match="Đối với đồng chí, đồng nghiệp") as error:
        services.submit_code(code, by=head, version=code.version)
    assert error.value.code == "empty_group"
    assert state(code) == before
    code = services.set_not_applicable(
        code, by=head, version=code.version, relationship=3, reason="Đơn vị chỉ có một người"
    )
    assert services.submit_code(code, by=head, version=code.version).status == CodeStatus.SUBMITTED


def test_publishing_with_an_empty_group_is_refused(province, period):
    code = make_code(
        province.hoa_an, period, status=CodeStatus.APPROVED, items={Relationship.PARTY: "Một"}
    )
    before = state(code)
    with pytest.raises(DomainError, match="Chưa có chuẩn mực nào cho"):
        services.publish_code(
            code,
            by=province.users["unit_head"],
            version=code.version,
            effective_from=period.starts_on,
        )
    assert state(code) == before


def test_the_level_above_approves_and_publishing_supersedes_the_old_version(
    province, draft, period
):
    old = make_code(province.hoa_an, period, number=99)
    code = submitted(province, draft)
    code = services.approve_code(code, by=province.users["propaganda"], version=code.version)
    assert code.status == CodeStatus.APPROVED and code.decided_by == province.users["propaganda"]
    code = services.publish_code(
        code, by=province.users["unit_head"], version=code.version, effective_from=period.starts_on
    )
    old.refresh_from_db()
    assert (code.status, old.status) == (CodeStatus.PUBLISHED, CodeStatus.SUPERSEDED)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"code.submit", "code.approve", "code.publish", "code.supersede"} <= actions


def test_a_head_cannot_approve_their_own_units_code(province, draft):
    code = submitted(province, draft)
    before = state(code)
    with pytest.raises(DomainError, match="chính đơn vị, chi bộ mình") as error:
        services.approve_code(code, by=province.users["unit_head"], version=code.version)
    assert error.value.code == "forbidden"
    assert state(code) == before


def test_an_officer_working_in_the_unit_cannot_approve_its_code(province, draft):
    make_person("Ngô Thị Lan", workplace=province.hoa_an, user=province.users["propaganda"])
    code = submitted(province, draft)
    before = state(code)
    with pytest.raises(DomainError, match="chính đơn vị, chi bộ mình"):
        services.approve_code(code, by=province.users["propaganda"], version=code.version)
    assert state(code) == before


def test_approving_outside_ones_scope_is_not_found(province, draft):
    code = submitted(province, draft)
    with pytest.raises(Http404):
        get_code_for_user(province.users["outsider"], code.pk, APPROVE_CODE)
    with pytest.raises(DomainError):
        services.approve_code(code, by=province.users["outsider"], version=code.version)
    assert state(code)[0] == CodeStatus.SUBMITTED


def test_return_needs_a_reason_and_the_returned_version_is_edited_again(province, draft):
    code = submitted(province, draft)
    officer = province.users["propaganda"]
    with pytest.raises(DomainError, match="lý do"):
        services.return_code(code, by=officer, version=code.version, reason="  ")
    code = services.return_code(code, by=officer, version=code.version, reason="Viết ngắn hơn")
    assert (code.status, code.return_reason) == (CodeStatus.RETURNED, "Viết ngắn hơn")
    code = services.add_item(
        code, by=province.users["unit_head"], version=code.version, relationship=1, text="Thêm"
    ).code
    code.refresh_from_db()
    assert code.status == CodeStatus.DRAFT


def test_the_second_of_two_decisions_on_one_version_is_refused(province, draft):
    code = submitted(province, draft)
    read_by_both = EthicsCode.objects.get(pk=code.pk)
    services.approve_code(read_by_both, by=province.users["propaganda"], version=None)
    with pytest.raises(ConflictError, match="đã được xử lý"):
        services.return_code(
            read_by_both, by=province.users["admin"], version=None, reason="Chưa đạt"
        )
    code.refresh_from_db()
    assert code.status == CodeStatus.APPROVED and code.return_reason == ""
    assert AuditEntry.objects.filter(action__in=["code.approve", "code.return"]).count() == 1


def test_submitting_emails_the_approvers_and_deciding_emails_the_submitter(
    province, draft, settings
):
    settings.TASKS = IMMEDIATE
    for name in ("propaganda", "unit_head"):
        province.users[name].email = f"{name}@example.vn"
        province.users[name].save()
    with pytest.MonkeyPatch.context():
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            code = submitted(province, draft)
    assert [m.to for m in mail.outbox] == [["propaganda@example.vn"]]
    assert "Đảng ủy xã Hòa An" in mail.outbox[0].subject
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.return_code(
            code, by=province.users["propaganda"], version=code.version, reason="Ngắn"
        )
    assert mail.outbox[-1].to == ["unit_head@example.vn"] and "Ngắn" in mail.outbox[-1].body


# Acknowledging ---------------------------------------------------------------------


def test_a_member_acknowledges_once(province, period):
    code = make_code(province.maths, period)
    ack = services.acknowledge_code(code, by=province.users["member"])
    again = services.acknowledge_code(code, by=province.users["member"])
    assert ack.pk == again.pk and Acknowledgement.objects.count() == 1


def test_acknowledging_a_superseded_version_names_the_new_one(province, period):
    old = make_code(province.maths, period, status=CodeStatus.SUPERSEDED)
    new = make_code(province.maths, period)
    with pytest.raises(ConflictError, match="đã được thay thế bởi phiên bản 2") as error:
        services.acknowledge_code(old, by=province.users["member"])
    assert error.value.current == new
    assert not Acknowledgement.objects.exists()


def test_only_people_of_the_unit_acknowledge(province, period):
    code = make_code(province.khu3, period)
    with pytest.raises(DomainError, match="không áp dụng"):
        services.acknowledge_code(code, by=province.users["member"])
    assert not Acknowledgement.objects.exists()


def test_an_unpublished_version_cannot_be_acknowledged(province, draft):
    with pytest.raises(DomainError, match="chưa được công bố"):
        services.acknowledge_code(draft, by=province.users["unit_head"])


# Evaluating ------------------------------------------------------------------------


def test_evaluating_an_unpublished_code_is_refused(province, draft, period):
    with pytest.raises(DomainError, match="Chỉ đánh giá được chuẩn mực đang áp dụng"):
        services.start_evaluation(draft, by=province.users["unit_head"], period=period)
    assert not CodeEvaluation.objects.exists()


def test_an_evaluation_is_decided_only_when_complete_and_then_locked(province, period):
    head = province.users["unit_head"]
    code = make_code(province.hoa_an, period)
    evaluation = services.start_evaluation(code, by=head, period=period)
    assert services.start_evaluation(code, by=head, period=period) == evaluation
    rows = list(evaluation.items.all())
    evaluation = services.save_evaluation(
        evaluation,
        by=head,
        version=evaluation.version,
        results={rows[0].pk: {"result": "met", "evidence": "Biên bản họp", "comment": ""}},
        overall="partly",
    )
    with pytest.raises(DomainError, match="Còn 4 nội dung chưa có kết quả"):
        services.decide_evaluation(evaluation, by=head, version=evaluation.version)
    evaluation = services.save_evaluation(
        evaluation,
        by=head,
        version=evaluation.version,
        results={r.pk: {"result": "met"} for r in rows},
        overall="met",
    )
    evaluation = services.decide_evaluation(evaluation, by=head, version=evaluation.version)
    assert evaluation.is_decided
    with pytest.raises(DomainError, match="đã chốt"):
        services.save_evaluation(
            evaluation, by=head, version=evaluation.version, results={}, overall="not_met"
        )
    evaluation.refresh_from_db()
    assert evaluation.overall == "met"


def test_an_unknown_result_is_refused(province, period):
    head = province.users["unit_head"]
    evaluation = services.start_evaluation(
        make_code(province.hoa_an, period), by=head, period=period
    )
    row = evaluation.items.first()
    with pytest.raises(DomainError, match="Kết quả không hợp lệ"):
        services.save_evaluation(
            evaluation, by=head, version=evaluation.version, results={row.pk: {"result": "good"}}
        )
    row.refresh_from_db()
    assert row.result == ""


# Exemplary -------------------------------------------------------------------------


def test_only_the_propaganda_board_marks_exemplary_codes(province, period):
    code = make_code(province.school, period)
    with pytest.raises(DomainError):
        services.mark_exemplary(code, by=province.users["unit_head"], sector=province.education)
    mark = services.mark_exemplary(code, by=province.users["propaganda"], sector=province.education)
    with pytest.raises(DomainError, match="đã là tiêu biểu"):
        services.mark_exemplary(code, by=province.users["propaganda"], sector=province.education)
    services.unmark_exemplary(mark, by=province.users["propaganda"])
    assert not ExemplaryCode.objects.exists()
