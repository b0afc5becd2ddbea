"""QĐ 124-QĐ/TW with HD 25-HD/BTCTW: the party reviews of 2023 and 2024.

Levels by criteria (no score). The disqualifiers and task conditions of base apply."""

from .base import BaseRules


class Rules(BaseRules):
    scores = False
