"""A small regulations library for tests, and a citation of one of its items."""

from datetime import date

from neuguong.regulations.models import Period, Regulation, RegulationItem


def make_regulation(symbol="144-QĐ/TW", *, title=None, kind="quy_dinh", **fields) -> Regulation:
    return Regulation.objects.create(
        symbol=symbol,
        kind=kind,
        issuing_body=fields.pop("issuing_body", "Bộ Chính trị"),
        issued_on=fields.pop("issued_on", date(2024, 5, 9)),
        title=title or f"Quy định {symbol}",
        **fields,
    )


def make_item(regulation, number="Chuẩn mực 1", title="Trung thành với Đảng", **fields):
    return RegulationItem.objects.create(
        regulation=regulation, number=number, title=title, **fields
    )


def cite(item: RegulationItem, period: Period, unit, *, times: int = 1) -> None:
    """`times` ethics code items of `unit`'s draft code cite `item`."""
    from neuguong.standards.models import EthicsCode, EthicsCodeItem

    code = EthicsCode.objects.filter(unit=unit, status="draft").first()
    if code is None:
        code = EthicsCode.objects.create(unit=unit, period=period, number=1)
    for i in range(times):
        code_item = EthicsCodeItem.objects.create(
            code=code, relationship=1, order=i, text=f"Chuẩn mực trích dẫn {i}"
        )
        code_item.citations.add(item)
