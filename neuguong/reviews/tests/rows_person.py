"""Access-matrix rows for the person pages (see access_rows.py)."""


def rows(province, period) -> dict:
    return {}
