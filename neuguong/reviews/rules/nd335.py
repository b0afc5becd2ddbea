"""NĐ 335/2025/NĐ-CP: công chức from 1 January 2026.

100 points = general criteria (at most 30) + task results (70). The task points are
shared equally between the tasks; each task's share is split into quantity, quality
and timeliness parts (`task_parts`, thirds by default). Quantity counts the percent
done; each product that fails on quality loses 25% of the quality part, each late
product 25% of the timeliness part (`product_penalty_percent`). Bands as QĐ 366."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from .base import BaseRules, Check, Facts

GENERAL_MAX = Decimal(30)
TASK_POINTS = Decimal(70)


class Rules(BaseRules):
    scores = True

    def task_points(self, tasks) -> Decimal:
        if not tasks:
            return Decimal(0)
        parts = self.params.get("task_parts") or {"quantity": 1, "quality": 1, "timeliness": 1}
        weight = sum(Decimal(str(v)) for v in parts.values())
        penalty = Decimal(str(self.params.get("product_penalty_percent", 25))) / 100
        share = TASK_POINTS / len(tasks)
        total = Decimal(0)
        for task in tasks:
            quantity = share * Decimal(str(parts["quantity"])) / weight
            quality = share * Decimal(str(parts["quality"])) / weight
            timeliness = share * Decimal(str(parts["timeliness"])) / weight
            done = Decimal(min(task.done_percent, 100)) / 100
            total += quantity * done
            total += quality * max(Decimal(0), 1 - penalty * task.quality_failures)
            total += timeliness * max(Decimal(0), 1 - penalty * task.late_products)
        return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def score(self, facts: Facts, entered):
        if facts.is_collective or not facts.tasks:
            return entered
        if facts.general_score is None:
            return None
        general = min(Decimal(facts.general_score), GENERAL_MAX)
        value = general + self.task_points(facts.tasks)
        return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def score_checks(self, facts: Facts) -> list[Check]:
        if not facts.is_collective and facts.tasks and facts.general_score is None:
            return [
                Check(
                    "score.missing",
                    self.name,
                    False,
                    _(
                        "Nghị định 335 tính 30 điểm tiêu chí chung và 70 điểm kết quả nhiệm vụ: "
                        "chưa có điểm tiêu chí chung."
                    ),
                    5,
                )
            ]
        return super().score_checks(facts)
