"""NĐ 90/2020/NĐ-CP as amended by NĐ 48/2023/NĐ-CP: cán bộ, công chức (reviews before
2026) and viên chức. Levels by criteria; HTT needs every task on time and at quality,
HTXS also at least 50% of tasks exceeded (the rule set's `htxs_exceeded_min`). The
staff HTXS share may not exceed the party members' in the same unit (NĐ 48)."""

from .base import BaseRules


class Rules(BaseRules):
    scores = False
