"""The dashboard of a unit's subtree for a period, and the list behind each figure.

The figures come from the kept tallies (`tally.figures`, `tally.child_figures`): a
fixed number of queries whatever the size of the subtree or the number of children.
Each figure links to `rows`, which lists what it counts from the same definitions
(lists.py), so the two always agree.

Parameters (GET): period (an id; none: the current period), sector, area (ids), kind
(a unit kind), category (a person category). A unit or a period that does not exist
or lies outside the viewer's scope is not found (404); any other value that does not
exist answers 400 with a message naming it, and nothing else.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from neuguong.core.access import VIEW_DASHBOARD
from neuguong.core.errors import DomainError
from neuguong.core.paging import CappedPaginator
from neuguong.organisations.models import Area, PersonCategory, Sector, Unit, UnitKind
from neuguong.organisations.scopes import scope_for
from neuguong.regulations.models import Period

from . import charts, lists, tally
from .access import (
    dashboard_period,
    dashboard_tops,
    dashboard_unit,
    pick_area,
    pick_category,
    pick_kind,
    pick_sector,
    previous_period,
)
from .layout import CHILD_COLUMNS, COLUMN_LABELS, Stack, sections, share, share_text
from .models import COUNTERS

PERIODS_SHOWN = 30
LIST_CAP = 10_000  # rows a list pages through; the total above it stays exact


@dataclass
class Filters:
    period: Period | None
    sector: Sector | None = None
    area: Area | None = None
    kind: str | None = None
    category: str | None = None

    @property
    def tally(self) -> dict:
        return {
            "category": self.category,
            "sector": self.sector,
            "area": self.area,
            "kind": self.kind,
        }

    @property
    def any(self) -> bool:
        return any(self.tally.values())

    def query(self, period: Period | None = None) -> str:
        period = period or self.period
        params = {
            "period": period.pk if period else None,
            "sector": self.sector.pk if self.sector else None,
            "area": self.area.pk if self.area else None,
            "kind": self.kind,
            "category": self.category,
        }
        return urlencode({k: v for k, v in params.items() if v})


def _filters(request) -> Filters:
    """The parameters: 404 for a period that does not exist, DomainError (400) for any
    other value that does not exist."""
    get = request.GET
    return Filters(
        period=dashboard_period(get.get("period")),
        sector=pick_sector(get.get("sector")),
        area=pick_area(get.get("area")),
        kind=pick_kind(get.get("kind")),
        category=pick_category(get.get("category")),
    )


def _bad_filter(request, unit: Unit, error: DomainError):
    context = {"unit": unit, "error": error.message}
    return render(request, "dashboards/bad_filter.html", context, status=400)


def rows_url(unit_url: str, counter: str, query: str) -> str:
    """The list behind `counter` for the unit whose dashboard is at `unit_url`, built
    without `reverse()`: a table of children holds hundreds of these links."""
    return f"{unit_url}rows/{counter}/?{query}"


def _ancestors_in_scope(user, unit: Unit) -> list[Unit]:
    scope = scope_for(user, VIEW_DASHBOARD)
    return [a for a in unit.ancestors().only("pk", "name", "path") if scope.covers_path(a.path)]


def _choices(period: Period | None) -> dict:
    periods = list(Period.objects.order_by("-starts_on", "pk")[:PERIODS_SHOWN])
    if period is not None and period not in periods:
        periods.append(period)
    return {
        "periods": periods,
        "sectors": list(Sector.objects.order_by("name", "pk")),
        "areas": list(Area.objects.order_by("name", "pk")),
        "kinds": UnitKind.choices,
        "categories": PersonCategory.choices,
    }


# The dashboard -------------------------------------------------------------------------


@login_required
def index(request):
    """The dashboard of the viewer's highest unit, or a choice among several."""
    tops = dashboard_tops(request.user)
    if len(tops) == 1:
        return _dashboard(request, tops[0])
    allowed = ("period", "sector", "area", "kind", "category")
    query = urlencode({k: v[:40] for k, v in request.GET.items() if k in allowed and v})
    return render(request, "dashboards/choose.html", {"tops": tops, "query": query})


@login_required
def unit(request, pk):
    return _dashboard(request, dashboard_unit(request.user, pk))


def _dashboard(request, unit: Unit):
    try:
        filters = _filters(request)
    except DomainError as error:
        return _bad_filter(request, unit, error)
    context = {
        "unit": unit,
        "filters": filters,
        "period": filters.period,
        "ancestors": _ancestors_in_scope(request.user, unit),
        **_choices(filters.period),
    }
    if filters.period is not None:
        context |= _figures(unit, filters)
    return render(request, "dashboards/dashboard.html", context)


def _figures(unit: Unit, filters: Filters) -> dict:
    period = filters.period
    figures = tally.figures(unit, period, **filters.tally)
    previous = previous_period(period)
    before = tally.figures(unit, previous, **filters.tally) if previous else None
    shown = sections(figures, before)
    unit_url = reverse("dashboards:unit", args=[unit.pk])
    query = filters.query()
    links = (unit_url, query, filters.query(previous) if previous else None)
    for section in shown:
        for block in section.blocks:
            chart_id = f"chart-{block.key}"
            if isinstance(block, Stack):
                block.svg = charts.stacked(chart_id, block)
                for group in block.groups:
                    group.rows_html = _group_rows(group, *links)
            else:
                block.svg = charts.progress(chart_id, block) if block.chart else None
                block.rows_html = _group_rows(block, *links)
    return {
        "figures": figures,
        "previous": previous,
        "previous_column": _("Kỳ trước (%(name)s)") % {"name": previous.name} if previous else "",
        "sections": shown,
        "query": query,
        "previous_query": filters.query(previous) if previous else "",
        "rows_base": f"{unit_url}rows/",
        "columns": [COLUMN_LABELS[c] for c, _base in CHILD_COLUMNS],
        "children": _children(unit, filters, query),
    }


def _group_rows(group, unit_url: str, query: str, previous_query: str | None) -> SafeString:
    """The rows of a group's table: label, figure (linked to its list), share, and the
    previous period's figure (linked) and the change when there is a previous period.

    Built here, as plain strings, rather than in the template: the page holds about a
    thousand links, and escaping each through format_html took most of its time. What
    is not escaped is ours: integers, counter names, the URL of a unit, shares."""
    query, share_column = escape(query), bool(group.shared)
    before = escape(previous_query) if previous_query is not None else None
    rows = []
    for line in group.lines:
        href = f"{unit_url}rows/{line.counter}/?"
        cells = f'<td><a href="{href}{query}" data-counter="{line.counter}">{line.value}</a></td>'
        if share_column:
            cells += f"<td>{line.share_text if line.has_share else ''}</td>"
        if before is not None:
            cells += f'<td><a href="{href}{before}">{line.previous}</a></td><td>{line.change}</td>'
        rows.append(f'<tr><th scope="row">{escape(line.label)}</th>{cells}</tr>')
    return mark_safe("".join(rows))  # noqa: S308 - see above


def _child_cells(url: str, figures: dict, query: str) -> SafeString:
    """A child's figure cells, each linked to its list (built as `_group_rows` is)."""
    cells = []
    for counter, base in CHILD_COLUMNS:
        value = figures[counter]
        pct = ""
        if base:
            pct = f' <span class="muted">({share_text(share(value, figures[base]))})</span>'
        cells.append(f'<td><a href="{rows_url(url, counter, query)}">{value}</a>{pct}</td>')
    return mark_safe("".join(cells))  # noqa: S308 - integers, counters, our URLs


def _children(unit: Unit, filters: Filters, query: str) -> list[dict]:
    out, query_html = [], escape(query)
    for child, figures in tally.child_figures(unit, filters.period, **filters.tally):
        url = reverse("dashboards:unit", args=[child.pk])
        out.append(
            {
                "unit": child,
                "href": f"{url}?{query}",
                "cells": _child_cells(url, figures, query_html),
            }
        )
    return out


# The list behind a figure ------------------------------------------------------------


def _paged(request, found):
    """(page, total): the page of ids (or quota groups), and the exact number of rows."""
    if isinstance(found, list):
        page = Paginator(found, settings.PAGE_SIZE).get_page(request.GET.get("page"))
        return page, len(found)
    paginator = CappedPaginator(
        found.values_list("pk", flat=True), settings.PAGE_SIZE, cap=LIST_CAP
    )
    page = paginator.get_page(request.GET.get("page"))
    return page, (found.count() if paginator.capped else paginator.count)


@login_required
def rows(request, pk, counter):
    user = request.user
    unit = dashboard_unit(user, pk)
    if counter not in COUNTERS:
        raise Http404
    try:
        filters = _filters(request)
    except DomainError as error:
        return _bad_filter(request, unit, error)
    period = filters.period
    if period is None:
        raise Http404
    found = lists.rows(counter, unit, period, **filters.tally)
    page, total = _paged(request, found)
    items = lists.shown(counter, period, page.object_list)
    lists.attach_links(user, counter, items, period)
    query = filters.query()
    page.url_prefix = f"{request.path}?{query}&page="
    context = {
        "unit": unit,
        "filters": filters,
        "period": period,
        "counter": counter,
        "title": lists.title(counter),
        "shown_as": lists.shown_as(counter),
        "noun": lists.NOUNS[lists.shown_as(counter)],
        "is_code": counter.startswith("code_"),
        "page": page,
        "items": items,
        "total": total,
        "capped": getattr(page.paginator, "capped", False),
        "cap": LIST_CAP,
        "dashboard_href": f"{reverse('dashboards:unit', args=[unit.pk])}?{query}",
        "ancestors": _ancestors_in_scope(user, unit),
    }
    return render(request, "dashboards/rows.html", context)
