"""Plans written for the plan benchmarks, in bulk, with the demo's bank and writer
(neuguong.commitments.demo): complete key tasks, and TaskSignature rows for every plan
that was submitted, as submit_plan leaves them."""

from random import Random


def people_rows(queryset):
    """(pk, workplace, party cell, party status) of the people, for plans_for()."""
    return list(
        queryset.order_by("pk").values_list("pk", "workplace_id", "party_cell_id", "party_status")
    )


def plans_for(people, period, *, rng: Random, status=None, users=None) -> list:
    """Write one plan per person of `people` (rows of people_rows()). `status` is a
    PlanStatus, or None for the demo's mix; `users` {person id: user id} records the
    submitter. Returns the demo Drafts (with their pk and task ids)."""
    from neuguong.commitments import demo
    from neuguong.commitments.models import PlanStatus

    units = {u.id: u for u in demo.load_units()}
    composer = demo.Composer(period, rng, period.plans_registered_by or period.starts_on)
    drafts = []
    for pk, workplace, cell, party in people:
        unit = cell if party and cell else workplace or cell
        if unit is None:
            continue
        draft = demo.Draft(
            pk,
            unit,
            workplace,
            status or demo.draw_status(rng),
            demo.bank_for(workplace, cell, units),
            user=(users or {}).get(pk),
        )
        composer.tasks(draft)
        if draft.status != PlanStatus.DRAFT:
            composer.dates(draft, late=False)
        if draft.status == PlanStatus.RETURNED:
            draft.reason = "Đề nghị bổ sung chỉ tiêu cụ thể."
        drafts.append(draft)
    demo.write(drafts, period, composer, demo.Texts())
    return drafts
