"""The review pages, in four parts:
- urls_person: a person's own reviews and their file (views_person.py);
- urls_unit: a unit's rating sheet, meeting, comments, proposal, decision (views_unit.py);
- urls_records: discipline records, findings and pending matters (views_records.py);
- urls_upload: the rating sheet filled offline and uploaded back (views_upload.py).
"""

from django.urls import include, path

from . import urls_person, urls_records, urls_unit, urls_upload

app_name = "reviews"

urlpatterns = [
    path("", include(urls_person)),
    path("", include(urls_unit)),
    path("", include(urls_records)),
    path("", include(urls_upload)),
]
