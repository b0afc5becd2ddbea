"""QĐ 366-QĐ/TW with HD 43-HD/BTCTW: party reviews from 2025, on 100-point bands.

HTXS ≥ 90 and HTT 70 to under 90 points; HTXS also needs every task on time and at
quality with at least 30% exceeded, HTT every task on time and at quality. A collective
rated HTNV must have done every task with at most 20% late."""

from django.utils.translation import gettext as _

from .base import HTNV, HTXS, BaseRules, Check, Facts, pct


class Rules(BaseRules):
    scores = True

    def task_conditions(self, facts: Facts) -> list[Check]:
        out = super().task_conditions(facts)
        total = facts.tasks_total
        if facts.is_collective and total:
            late = total - facts.tasks_on_time
            limit = self.params.get("htnv_late_max", 20)
            ok = facts.tasks_done == total and late * 100 <= limit * total
            message = _(
                "Tập thể hoàn thành %(done)s/%(total)s nhiệm vụ, %(late)s chậm (%(share)s). "
                "Mức Hoàn thành nhiệm vụ cần hoàn thành 100%% nhiệm vụ, chậm không quá %(limit)s%%."
            ) % {
                "done": facts.tasks_done,
                "total": total,
                "late": late,
                "share": pct(late, total),
                "limit": limit,
            }
            out.append(
                Check("condition.collective_done", self.name, ok, message, HTXS if ok else HTNV + 1)
            )
        return out
