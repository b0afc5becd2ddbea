from ninja import Router

router = Router(tags=["Số liệu tổng hợp"])
