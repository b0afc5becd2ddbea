"""reviews (see the module docstring once written)."""

from ninja import Router

router = Router(tags=["Kiểm điểm, xếp loại"])
