"""Periodic reports (owned by the reports helper)."""

from ninja import Router

router = Router(tags=["Báo cáo định kỳ"])
