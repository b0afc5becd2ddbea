from ninja import Router

router = Router(tags=["Tệp xuất"])
