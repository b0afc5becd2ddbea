"""Access-matrix rows for the unit pages (see access_rows.py)."""


def rows(province, period) -> dict:
    return {}
