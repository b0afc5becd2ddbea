"""Access-matrix rows for the records pages (see access_rows.py)."""


def rows(province, period) -> dict:
    return {}
