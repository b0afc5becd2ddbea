"""The status routes and the caller's inbox in the API access matrix. Without a unit,
each caller gets the status of their own highest unit; members have no status (403)."""

STATUS = "401 403 200 200 200 200 200 200 200 200"
EVERYONE = "401 200 200 200 200 200 200 200 200 200"

ROUTES = [
    ("GET", "/status/codes", {}, None, STATUS),
    ("GET", "/status/codes/units", {}, None, STATUS),
    ("GET", "/me/inbox", {}, None, EVERYONE),
]
