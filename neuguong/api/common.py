"""Pieces every router uses: pagination, references to units and tags, error responses."""

from django.utils.translation import gettext as _

from neuguong.core.errors import DomainError
from neuguong.organisations.models import Area, Sector, Unit

from .schemas import ConflictOut, ErrorOut, PageQuery, ValidationErrorOut

# Documented on every operation, so clients (and the fuzzer) know each answer's shape.
READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE_ERRORS = {400: ErrorOut, 409: ConflictOut, **READ_ERRORS}


def page(qs, params: PageQuery) -> dict:
    """One page of `qs`: a COUNT and a LIMIT/OFFSET query, whatever the page size."""
    return {
        "count": qs.count(),
        "limit": params.limit,
        "offset": params.offset,
        "items": list(qs[params.offset : params.offset + params.limit]),
    }


def pick_unit(user, pk: int | None, *, field: str) -> Unit | None:
    """The unit a request body or filter names, if the user may see it.

    An unknown unit and one outside the user's scope get the same answer, a 404 that
    names the field, so the API does not tell which units exist elsewhere.
    """
    if pk is None:
        return None
    unit = Unit.objects.visible_to(user).filter(pk=pk).first()
    if unit is None:
        raise DomainError(
            _("Không tìm thấy đơn vị #%(id)d.") % {"id": pk}, field=field, code="not_found"
        )
    return unit


def pick_tags(model: type[Sector] | type[Area], codes: list[str] | None, *, field: str):
    if codes is None:
        return None
    codes = sorted(set(codes))
    found = list(model.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {t.code for t in found})
    if missing:
        raise DomainError(_("Không có mã %(codes)s.") % {"codes": ", ".join(missing)}, field=field)
    return found
