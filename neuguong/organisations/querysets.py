from django.db import models
from django.db.models import Q

from neuguong.core.access import VIEW_PEOPLE, VIEW_UNITS
from neuguong.core.text import fold


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
        if scope.prefixes:
            units = Unit.objects.filter(scope.path_q()).values("pk")
            q |= Q(workplace_id__in=units) | Q(party_cell_id__in=units)
        return self.filter(q)

    def in_subtree(self, unit):
        """People whose workplace or party cell lies in `unit`'s subtree."""
        from .models import Unit

        units = Unit.objects.filter(unit.subtree_q()).values("pk")
        return self.filter(Q(workplace_id__in=units) | Q(party_cell_id__in=units))

    def working_in_subtree(self, unit):
        from .models import Unit

        return self.filter(workplace_id__in=Unit.objects.filter(unit.subtree_q()).values("pk"))

    def active(self):
        return self.filter(is_active=True)

    def search(self, text: str):
        """Diacritic- and case-insensitive: every word of `text` must start a word of the name.

        "nguyen van an" finds "Nguyễn Văn An"; a code matches exactly.
        """
        folded = fold(text)
        words = folded.split()[:8]
        if not words:
            return self
        qs = self
        for w in words:
            qs = qs.filter(Q(name_folded__startswith=w) | Q(name_folded__contains=" " + w))
        return qs | self.filter(code__iexact=text.strip()[:40])
