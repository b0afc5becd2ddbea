"""The REST API under /api/v1/: the same services and access helpers as the pages.

Answers:
- 401 without a valid token or session; 404 for an object outside the caller's scope
  (or unknown); 403 for one in scope when the action is not allowed.
- A `DomainError` from a service is a 400 with {"detail", "field", "code"}; its code
  "forbidden" is a 403, "not_found" a 404, and a stale edit (`ConflictError`) a 409
  that also carries the current object.
- Malformed input is ninja's 422. Nothing a client sends may cause a 5xx.
"""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError

from neuguong.commitments.models import CommitmentPlan
from neuguong.core.errors import ConflictError, DomainError
from neuguong.organisations.models import Person, Unit
from neuguong.reviews.models import Review
from neuguong.standards.models import CodeEvaluation, EthicsCode

from . import (
    codes,
    dashboards,
    exports,
    me,
    people,
    plans,
    posts,
    regulations,
    reports,
    review_files,
    reviews,
    units,
)
from .auth import SessionAuth, TokenAuth
from .code_schemas import CodeOut, EvaluationOut
from .plan_schemas import PlanDetailOut
from .review_schemas import ReviewDetailOut
from .schemas import PersonOut, UnitOut

api = NinjaAPI(
    title="Nêu gương API",
    version="1",
    description=(
        "API của hệ thống Nêu gương. Xác thực bằng `Authorization: Bearer <mã truy cập>` "
        "hoặc phiên đăng nhập (kèm mã CSRF khi ghi)."
    ),
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    # No docs page: Swagger UI fails the accessibility bar the pages meet; the OpenAPI
    # document at /api/v1/openapi.json is the contract, for any local viewer.
    docs_url=None,
)
api.add_router("/units", units.router)
api.add_router("/people", people.router)
api.add_router("/posts", posts.router)
api.add_router("/me", me.router)
api.add_router("/regulations", regulations.router)
api.add_router("/codes", codes.router)
api.add_router("/plans", plans.router)
api.add_router("/reviews", reviews.router)
api.add_router("/review-files", review_files.router)
api.add_router("/status", dashboards.router)
api.add_router("/reports", reports.router)
api.add_router("/files", exports.router)

CURRENT_SCHEMAS = {
    Unit: UnitOut,
    Person: PersonOut,
    EthicsCode: CodeOut,
    CodeEvaluation: EvaluationOut,
    CommitmentPlan: PlanDetailOut,
    Review: ReviewDetailOut,
}


def error(request, status: int, detail, *, code: str, field: str | None = None, **extra):
    body = {"detail": str(detail), "field": field, "code": code, **extra}
    return api.create_response(request, body, status=status)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    status = {"forbidden": 403, "not_found": 404}.get(exc.code, exc.status)
    extra = {}
    schema = CURRENT_SCHEMAS.get(type(getattr(exc, "current", None)))
    if isinstance(exc, ConflictError) and schema is not None:
        extra["current"] = schema.model_validate(exc.current).model_dump(mode="json")
    return error(request, status, exc.message, code=exc.code, field=exc.field, **extra)


@api.exception_handler(Http404)
def not_found(request, exc):
    return error(request, 404, _("Không tìm thấy."), code="not_found")


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return error(request, 403, _("Bạn không có quyền thực hiện thao tác này."), code="forbidden")


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc: AuthenticationError):
    message = (
        exc.message
        if exc.message != "Unauthorized"
        else _("Cần đăng nhập hoặc gửi mã truy cập (Authorization: Bearer …).")
    )
    response = error(request, 401, message, code="unauthenticated")
    response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    # Ninja's own refusals: an unparseable body (400), a failed CSRF check (403).
    code = {400: "bad_request", 403: "forbidden"}.get(exc.status_code, "error")
    return error(request, exc.status_code, exc.message, code=code)


@api.exception_handler(SuspiciousOperation)
def bad_request(request, exc):
    # A request body over DATA_UPLOAD_MAX_MEMORY_SIZE, a malformed host, and the like.
    return error(request, 400, _("Yêu cầu không hợp lệ."), code="bad_request")
