"""Demo and benchmark data: a province shaped like Quảng Ninh after 1 July 2025, a small
copy of it for tests, and 34 provinces for benchmarks. Everything is computed from
random.Random(seed) and the fixed reference date below, so a seed always gives the same
names, codes and dates."""

from datetime import date

# The demo's "today" for ages, party join dates and post start dates. Fixed, in the past.
REF = date(2026, 7, 1)

# Bumped whenever a change to the generator changes the data (benchmarks reseed then).
DATA_VERSION = 6  # 2: people search tokens; 3: their indexes; 4: programme and codes;
# 5: commitment plans; 6: year-end reviews

# One password for every demo login, shown by `manage.py demo_logins`.
DEMO_PASSWORD = "NeuGuong@2026"
