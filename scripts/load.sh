#!/usr/bin/env bash
# Load test on loopback: wrk for DURATION (30 s) at CONNECTIONS (64) against a running
# `make serve`, on a profile, the filtered directory and, as the reference, a static file.
# Prints requests/s, p50, p99 and errors for each, and the page/static ratio.
#
#   make serve &            # with DATABASE_URL, CACHE_URL... as in production
#   scripts/load.sh         # or: BASE=http://127.0.0.1:8000 DURATION=30s scripts/load.sh
set -euo pipefail

BASE=${BASE:-http://127.0.0.1:8000}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
MANAGE=${MANAGE:-.venv/bin/python manage.py}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
curl -fsS "$BASE/healthz" >/dev/null || { echo "No healthy server at $BASE (make serve?)" >&2; exit 1; }

# The most prolific member's profile and the directory filtered by its two commonest topics.
read -r PROFILE FILTERED < <($MANAGE shell -v 0 -c '
from django.db.models import Count
from django.urls import reverse
from django.utils import translation
from members.models import Member, ResearchTopic
with translation.override("fr"):
    m = Member.objects.public().annotate(n=Count("authorships")).order_by("-n").first()
    t = [x.slug for x in ResearchTopic.objects.annotate(n=Count("members")).order_by("-n")[:2]]
    print(m.get_absolute_url(), reverse("members:directory") + "?topic=" + "&topic=".join(t))
' 2>/dev/null | tail -1)
STATIC=${STATIC:-$(curl -fsS "$BASE/fr/membres/" | grep -o '/static/[^"]*\.css' | head -1)}

# A Lua reporter: one line of requests/s, p50 and p99 (ms) and errors.
REPORT=$(mktemp --suffix=.lua)
trap 'rm -f "$REPORT"' EXIT
cat >"$REPORT" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.timeout + e.status
  io.write(string.format("RESULT %.1f %.1f %.1f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors, summary.requests))
end
LUA

declare -A RPS
printf '%-10s %-60s %10s %9s %9s %7s\n' page url 'req/s' 'p50 ms' 'p99 ms' errors
for name in profile filtered static; do
  case $name in
    profile) path=$PROFILE ;;
    filtered) path=$FILTERED ;;
    static) path=$STATIC ;;
  esac
  curl -fsS -o /dev/null "$BASE$path"  # warm up (fills the page cache)
  read -r _ rps p50 p99 errors _ < <(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" \
    -s "$REPORT" "$BASE$path" | grep '^RESULT')
  RPS[$name]=$rps
  printf '%-10s %-60s %10s %9s %9s %7s\n' "$name" "${path:0:60}" "$rps" "$p50" "$p99" "$errors"
done
awk -v p="${RPS[profile]}" -v f="${RPS[filtered]}" -v s="${RPS[static]}" 'BEGIN {
  printf "page/static ratio: profile %.2f, filtered directory %.2f\n", p / s, f / s }'
