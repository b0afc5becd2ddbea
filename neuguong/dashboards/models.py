"""The kept roll-ups (tallies) behind the dashboards.

For each period, unit and bucket (a person category, or "" for the unit's own figures
and people without a category) two rows hold the same counters:
- `OwnTally`: what is attached to the unit itself (its own code, its collective plan,
  the people whose home is the unit, the reviews held at the unit, ...);
- `TreeTally`: the sum of the own rows over the unit's whole subtree.

Database triggers (migration 0002) write a `TallyMark` row in the same transaction as
any insert, update or delete of the rows the counters come from, whatever wrote it
(services, queryset updates, bulk loads, raw SQL). `rollup.drain()` recounts the own
rows of each marked unit from the source tables and adds the differences to the tree
rows of the unit and its ancestors. See `rollup.py` for how this stays exact.
"""

from django.db import models

from neuguong.organisations.models import Unit
from neuguong.regulations.models import Period

# The counters, in the order the dashboard shows them. Unit-level counters live in the
# "" bucket only; person-level ones are split by the person's category.
UNIT_COUNTERS = (
    "units",
    "code_built",
    "code_approved",
    "code_published",
    "code_acknowledged",
    "code_evaluated",
    "cplan_registered",
    "cplan_approved",
    "cplan_late",
    "creview_started",
    "creview_done",
    "creview_party_1",
    "creview_party_2",
    "creview_party_3",
    "creview_party_4",
    "creview_state_1",
    "creview_state_2",
    "creview_state_3",
    "creview_state_4",
    "quota_groups",
    "quota_ok",
    "discipline_units",
)
PERSON_COUNTERS = (
    "people",
    "plan_registered",
    "plan_approved",
    "plan_late",
    "review_started",
    "review_done",
    "review_not_rated",
    "review_party_1",
    "review_party_2",
    "review_party_3",
    "review_party_4",
    "review_state_1",
    "review_state_2",
    "review_state_3",
    "review_state_4",
    "discipline_people",
)
COUNTERS = UNIT_COUNTERS + PERSON_COUNTERS


class Tally(models.Model):
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    bucket = models.CharField(max_length=16, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.unit_id}/{self.period_id}/{self.bucket or '-'}"

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in COUNTERS}


for _name in COUNTERS:
    Tally.add_to_class(_name, models.IntegerField(default=0))


class OwnTally(Tally):
    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "period", "bucket"], name="own_tally_key")
        ]


class TreeTally(Tally):
    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "period", "bucket"], name="tree_tally_key")
        ]


class TallyMark(models.Model):
    """A unit whose own counts may have changed (written by triggers).

    `period_id` None means every period. `path` set means the unit was moved, created
    or deleted: the tree rows of every unit on that path are summed again."""

    unit_id = models.BigIntegerField(null=True)
    period_id = models.BigIntegerField(null=True)
    path = models.CharField(max_length=252, null=True)  # noqa: DJ001

    def __str__(self):
        return f"{self.unit_id}/{self.period_id}/{self.path or '-'}"


class TallyState(models.Model):
    """A period whose tallies were built in full (before that, they are built on first
    use)."""

    period = models.OneToOneField(Period, on_delete=models.CASCADE, related_name="+")
    built_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.period_id}: {self.built_at}"
