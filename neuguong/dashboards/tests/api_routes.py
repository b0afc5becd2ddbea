"""The status and dashboard routes and the caller's inbox in the API access matrix.
Without a unit, each caller gets the figures of their own highest unit; members have
neither the status nor the dashboard (403). Units outside the scope: test_api_dashboard.py."""

STATUS = "401 403 200 200 200 200 200 200 200 200"
EVERYONE = "401 200 200 200 200 200 200 200 200 200"

ROUTES = [
    ("GET", "/status/codes", {}, None, STATUS),
    ("GET", "/status/codes/units", {}, None, STATUS),
    ("GET", "/status/dashboard", {}, None, STATUS),
    ("GET", "/status/rows", {}, None, STATUS),
    ("GET", "/me/inbox", {}, None, EVERYONE),
]
