from neuguong.core.access import (
    MANAGE_ORG,
    MANAGE_ROLES,
    VIEW_AUDIT,
    VIEW_DASHBOARD,
    VIEW_PEOPLE,
    VIEW_UNITS,
    WRITE_REPORT,
)


def navigation(request):
    """What the menu shows: only the places this user can open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from neuguong.organisations.scopes import has_perm_anywhere

    def can(perm):
        return lambda: has_perm_anywhere(user, perm)

    return {
        "nav": {
            "units": can(VIEW_UNITS),
            "people": can(VIEW_PEOPLE),
            "manage": can(MANAGE_ORG),
            "audit": can(VIEW_AUDIT),
            "roles": can(MANAGE_ROLES),
            "dashboard": can(VIEW_DASHBOARD),
            "reports": lambda: has_perm_anywhere(user, WRITE_REPORT)
            or has_perm_anywhere(user, VIEW_DASHBOARD),
        }
    }
