from ninja import Router

router = Router(tags=["Chuẩn mực đạo đức"])
