from django.db import connection, models
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Lower, Substr

from neuguong.core.access import VIEW_PEOPLE, VIEW_UNITS
from neuguong.core.text import fold, prefix_bounds, tokens

from . import tree

MAX_SEARCH_WORDS = 5
# Counting a word's people stops here: enough to tell which typed word is rarest.
RARE_WORD_PEOPLE = 20_000
# Up to this many units, a scope's unit ids are sent as a list: PostgreSQL then ORs two
# index scans (workplace, party cell); with a subquery on each side of the OR it
# scans every person instead.
UNIT_ID_LIST_LIMIT = 5000


def _attached_to(units) -> Q:
    """People whose workplace or party cell is one of `units` (a Unit queryset)."""
    ids = list(units.values_list("pk", flat=True)[: UNIT_ID_LIST_LIMIT + 1])
    if len(ids) > UNIT_ID_LIST_LIMIT:
        ids = units.values("pk")
    return Q(workplace_id__in=ids) | Q(party_cell_id__in=ids)


class UnitQuerySet(models.QuerySet):
    def visible_to(self, user, perm: str = VIEW_UNITS):
        from .scopes import scope_for

        scope = scope_for(user, perm)
        if scope.everything:
            return self
        if scope.is_empty:
            return self.none()
        return self.filter(scope.path_q() | Q(pk__in=scope.unit_ids))

    def active(self):
        return self.filter(is_active=True)

    def search(self, text: str):
        words = fold(text).split()
        qs = self
        for w in words[:8]:
            qs = qs.filter(Q(name_folded__contains=w) | Q(code__iexact=w))
        return qs


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user, perm: str = VIEW_PEOPLE):
        from .models import Unit
        from .scopes import scope_for

        scope = scope_for(user, perm)
        if scope.everything:
            return self
        if scope.is_empty:
            return self.none()
        q = Q(pk__in=scope.person_ids)
        if not scope.prefixes:
            return self.filter(q)
        return self.filter(q | _attached_to(Unit.objects.filter(scope.path_q())))._sorted_apart()

    def in_subtree(self, unit):
        """People whose workplace or party cell lies in `unit`'s subtree."""
        from .models import Unit

        return self.filter(_attached_to(Unit.objects.filter(unit.subtree_q())))._sorted_apart()

    def _sorted_apart(self):
        """Sort by name without the name index, on PostgreSQL, for people of some units.

        With LIMIT, PostgreSQL's planner walks the name index hoping to meet the few
        matching rows early; for a commune's 1,500 people among 5.5 million that read
        took 7.9 s where fetching them and sorting took 0.8 ms (bench/RESULTS.md).
        """
        if connection.vendor != "postgresql":
            return self
        return self.order_by(Lower("name_folded"), "id")

    def working_in_subtree(self, unit):
        from .models import Unit

        return self.filter(workplace_id__in=Unit.objects.filter(unit.subtree_q()).values("pk"))

    def count_per_child(self, unit, *, via: str = "workplace") -> dict[int, int]:
        """{child id: number of these people} for the direct children of `unit`, counting a
        person under the child whose subtree holds their `via` unit (workplace or
        party_cell). One grouped query: a join on the path index, grouped by the child's
        path segment, which also names the child. Children with nobody are left out."""
        width = len(unit.path) + tree.SEGMENT
        rows = (
            self.filter(unit.subtree_q(f"{via}__"))
            .annotate(branch=Substr(f"{via}__path", 1, width))
            .values_list("branch")
            .annotate(n=Count("*"))
            .order_by()
        )
        return {int(b[-tree.SEGMENT :]): n for b, n in rows if len(b) == width}

    def active(self):
        return self.filter(is_active=True)

    def search(self, text: str):
        """Diacritic- and case-insensitive: every typed word must start a word of the
        name or the code. "nguyen van an" finds "Nguyễn Văn An"; "d" matches "đ".

        Each word is an index range on PersonNameToken, never a scan of the names. The
        rarest word drives the query: its people are found by range, then each is
        checked for the other words through the (person, token) index.
        """
        from .models import PersonNameToken

        words = tokens(text[:200])[:MAX_SEARCH_WORDS]
        if not words:  # only punctuation: nothing can match it
            return self.none() if text.strip() else self

        def having(word):
            low, high = prefix_bounds(word)
            return PersonNameToken.objects.filter(token__gte=low, token__lt=high)

        sizes = {w: having(w)[:RARE_WORD_PEOPLE].count() for w in words}
        rarest = min(words, key=lambda w: (sizes[w], -len(w)))
        qs = self.filter(pk__in=having(rarest).values("person_id"))
        for word in words:
            if word != rarest:
                qs = qs.filter(Exists(having(word).filter(person=OuterRef("pk"))))
        return qs
