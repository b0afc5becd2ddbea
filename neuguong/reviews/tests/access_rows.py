"""Rows of the page access matrix for the review pages, one part per page module."""

from . import rows_person, rows_records, rows_unit, rows_upload


def rows(province, period) -> dict:
    table = {}
    for part in (rows_person, rows_unit, rows_records, rows_upload):
        table.update(part.rows(province, period))
    return table
