"""The tree and search pages under 16 concurrent clients, through gunicorn on 127.0.0.1.

gunicorn (2 workers, config.wsgi, DEBUG on, the bench SQLite file) serves the demo
province. The organisation officer (bantochuc) signs in once by POSTing /login/ with its
CSRF token; then 16 threads share that session for a fixed time, each fetching in turn
/units/, /people/?q=<folded name prefix> and /people/?q=<full name with diacritics>.
Run by run.py with BENCH_TARGET set; prints its figures as JSON on the last line.
"""

import http.client
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from urllib.parse import quote, urlencode

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import ROOT, emit, log, ms, p50, p95, setup_django, target_from_env

CLIENTS = int(os.environ.get("BENCH_WEB_CLIENTS", "16"))
SECONDS = float(os.environ.get("BENCH_WEB_SECONDS", "30"))
WORKERS = 2
USERNAME = "bantochuc"
PAGES = ("/units/", "/people/")


def search_terms(count: int = 300) -> tuple[list[str], list[str]]:
    """Folded name prefixes ("nguyen van h") and full names with diacritics."""
    from neuguong.organisations.models import Person

    rng = random.Random(1)
    top = Person.objects.order_by("-id").values_list("id", flat=True).first()
    ids = [rng.randint(1, top) for _ in range(count)]
    people = list(Person.objects.filter(id__in=ids).values_list("full_name", "name_folded"))
    prefixes = [
        folded[: rng.randint(len(folded.split()[0]) + 2, len(folded))] for _, folded in people
    ]
    return prefixes, [name for name, _ in people]


def production_env(target) -> dict:
    """Production settings (DEBUG off, hashed static files) but plain HTTP on loopback."""
    env = target.env(debug=False)
    env.update(
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        NEUGUONG_STATIC_ROOT=str(ROOT / "var" / "bench" / "static"),
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Site:
    def __init__(self, port: int):
        self.port, self.cookies = port, {}

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            return resp.status, resp.msg.get_all("Set-Cookie") or [], data
        finally:
            conn.close()

    def keep(self, set_cookies):
        for header in set_cookies:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name.strip()] = value.strip()

    def sign_in(self, username: str, password: str) -> None:
        status, cookies, body = self.request("GET", "/login/")
        self.keep(cookies)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not token:
            raise SystemExit(f"GET /login/ answered {status} without a CSRF token")
        form = urlencode(
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": token.group(1).decode(),
            }
        )
        status, cookies, _ = self.request(
            "POST",
            "/login/",
            form,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}/login/",
            },
        )
        self.keep(cookies)
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"signing in as {username} failed (POST /login/ answered {status})")


def start_gunicorn(target, port: int) -> subprocess.Popen:
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    proc = subprocess.Popen(
        [
            gunicorn,
            "config.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=production_env(target),
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if Site(port).request("GET", "/login/")[0] == 200:
                return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def request_kinds(prefixes, names):
    return [
        ("/units/", lambda rng: "/units/"),
        ("/people/?q=<folded prefix>", lambda rng: "/people/?q=" + quote(rng.choice(prefixes))),
        ("/people/?q=<name with diacritics>", lambda rng: "/people/?q=" + quote(rng.choice(names))),
    ]


def one_by_one(site: Site, prefixes, names, rounds: int = 15) -> dict:
    """One client, one request at a time: the time a worker spends on each page."""
    rng = random.Random(0)
    out = {}
    for kind, url in request_kinds(prefixes, names):
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            site.request("GET", url(rng))
            times.append(time.perf_counter() - start)
        out[kind] = p50(times)
    return out


def hammer(site: Site, prefixes, names) -> dict:
    """CLIENTS threads for SECONDS; {kind: [(seconds, ok)]}."""
    kinds = request_kinds(prefixes, names)
    results = {k: [] for k, _ in kinds}
    lock = threading.Lock()
    stop = time.monotonic() + SECONDS

    def client(n):
        rng = random.Random(n)
        i = n
        while time.monotonic() < stop:
            kind, url = kinds[i % len(kinds)]
            i += 1
            start = time.perf_counter()
            try:
                ok = site.request("GET", url(rng))[0] == 200
            except OSError:
                ok = False
            with lock:
                results[kind].append((time.perf_counter() - start, ok))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def main():
    target = target_from_env()
    setup_django()
    title = f"Tree and search pages, {CLIENTS} concurrent clients, gunicorn {WORKERS} workers"
    prefixes, names = search_terms()
    port = free_port()
    proc = start_gunicorn(target, port)
    try:
        site = Site(port)
        site.sign_in(USERNAME, os.environ.get("BENCH_PASSWORD", "NeuGuong@2026"))
        for url in PAGES:  # warm both workers
            for _ in range(4):
                site.request("GET", url)
        alone = one_by_one(site, prefixes, names)
        log(f"[{target.key}] {CLIENTS} clients for {SECONDS:.0f} s on 127.0.0.1:{port}")
        results = hammer(site, prefixes, names)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    rows, total = [], 0
    for kind, samples in results.items():
        times = [t for t, _ in samples]
        errors = sum(1 for _, ok in samples if not ok)
        total += len(samples)
        rows.append([kind, ms(alone[kind]), len(samples), ms(p50(times)), ms(p95(times)), errors])
        log(
            f"  {kind}: {len(samples)} requests, p50 {ms(p50(times))} ms, "
            f"p95 {ms(p95(times))} ms, {errors} errors"
        )
    everything = [t for samples in results.values() for t, _ in samples]
    rows.append(
        ["all", "", total, ms(p50(everything)), ms(p95(everything)), sum(r[5] for r in rows)]
    )
    emit(
        {
            "title": f"{title} on {target.label}",
            "columns": [
                "request",
                "one client p50 (ms)",
                f"{CLIENTS} clients: count",
                "p50 (ms)",
                "p95 (ms)",
                "errors",
            ],
            "rows": rows,
            "notes": [
                f"{SECONDS:.0f} s, {total / SECONDS:.0f} requests/s, signed in as the "
                "organisation officer (sees the whole province). Goal: p95 < 200 ms.",
                "Latency is measured at the client, so under load it includes waiting for a free "
                'worker; "one client" is the time a worker spends on the page alone.',
            ],
        }
    )


if __name__ == "__main__":
    main()
