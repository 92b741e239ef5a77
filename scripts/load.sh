#!/usr/bin/env bash
# Load test on loopback: wrk for DURATION (20 s) at CONNECTIONS (64) against a running
# `make serve`, on a profile and the filtered directory (cached pages) and, as references, a
# static file through `make serve` and through a bare gunicorn (same app, same workers and
# threads, no configuration file) that this script starts on BARE_PORT and stops.
# RUNS (3) alternating rounds; prints each round, then the medians and the ratios.
#
#   make serve &            # with DATABASE_URL, CACHE_URL... as in production
#   scripts/load.sh         # or: BASE=http://127.0.0.1:8000 DURATION=30s RUNS=3 scripts/load.sh
set -euo pipefail

BASE=${BASE:-http://127.0.0.1:8000}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
RUNS=${RUNS:-3}
BARE_PORT=${BARE_PORT:-8011}
MANAGE=${MANAGE:-.venv/bin/python manage.py}
WORKERS=${WEB_CONCURRENCY:-$(($(nproc) * 2 + 1))}

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

# The reference: the same application under gunicorn with nothing but workers and threads.
BARE=http://127.0.0.1:$BARE_PORT
.venv/bin/gunicorn --workers "$WORKERS" --worker-class gthread --threads 2 \
  --bind "127.0.0.1:$BARE_PORT" directory.wsgi:application >/dev/null 2>&1 &
BARE_PID=$!
REPORT=$(mktemp --suffix=.lua)
trap 'kill "$BARE_PID" 2>/dev/null; rm -f "$REPORT"' EXIT
for _ in $(seq 60); do curl -fsS -o /dev/null "$BARE/healthz" 2>/dev/null && break; sleep 0.5; done

# A Lua reporter: one line of requests/s, p50 and p99 (ms) and errors.
cat >"$REPORT" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.timeout + e.status
  io.write(string.format("RESULT %.1f %.1f %.1f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors, summary.requests))
end
LUA

declare -A RPS
NAMES="static-serve static-bare profile filtered"
printf '%-4s %-13s %-56s %10s %9s %9s %7s\n' run page url 'req/s' 'p50 ms' 'p99 ms' errors
for run in $(seq "$RUNS"); do
  for name in $NAMES; do
    case $name in
      static-serve) url=$BASE$STATIC ;;
      static-bare) url=$BARE$STATIC ;;
      profile) url=$BASE$PROFILE ;;
      filtered) url=$BASE$FILTERED ;;
    esac
    curl -fsS -o /dev/null "$url"  # warm up (fills the page cache)
    read -r _ rps p50 p99 errors _ < <(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" \
      -s "$REPORT" "$url" | grep '^RESULT')
    RPS[$name]="${RPS[$name]:-} $rps"
    printf '%-4s %-13s %-56s %10s %9s %9s %7s\n' "$run" "$name" "${url:0:56}" "$rps" "$p50" "$p99" "$errors"
  done
done

median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A MEDIAN
for name in $NAMES; do MEDIAN[$name]=$(median "${RPS[$name]}"); done
echo "median req/s: static through make serve ${MEDIAN[static-serve]}, bare ${MEDIAN[static-bare]}," \
  "profile ${MEDIAN[profile]}, filtered directory ${MEDIAN[filtered]}"
awk -v s="${MEDIAN[static-serve]}" -v b="${MEDIAN[static-bare]}" -v p="${MEDIAN[profile]}" \
  -v f="${MEDIAN[filtered]}" 'BEGIN {
  printf "ratios: make serve/bare static %.2f; cached page/static: profile %.2f, filtered directory %.2f\n",
    s / b, p / s, f / s }'
