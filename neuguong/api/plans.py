from ninja import Router

router = Router(tags=["Kế hoạch cam kết"])
