"""The audit log. Every service that changes plans, reviews, ratings, discipline,
reports, units, people, posts or roles calls `log_action` inside its transaction."""

from datetime import date, datetime
from decimal import Decimal

from django.db import models

from .models import AuditEntry


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict:
    """The concrete field values of `obj` as JSON-safe data (foreign keys as ids)."""
    data = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        value = getattr(obj, field.attname)
        if isinstance(value, datetime | date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        data[field.name] = value
    return data


def diff(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the keys whose value changed, on each side."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def log_action(
    action: str,
    *,
    by,
    obj: models.Model,
    unit=None,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=by if getattr(by, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        unit=unit,
        before=before,
        after=after,
    )
