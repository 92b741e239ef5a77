#!/usr/bin/env bash
# Restarts PostgreSQL while `make serve` answers a steady stream of requests, and shows that
# requests fail only around the restart and that the site recovers by itself (pooled
# connections are checked before use). Never run it in CI: it restarts the shared server.
#
#   scripts/db_restart_check.sh            # PORT, DB_NAME, CLIENTS, BEFORE, AFTER to adjust
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-8765}
DB_NAME=${DB_NAME:-directory_restart_check}
CLIENTS=${CLIENTS:-4}       # parallel request loops
BEFORE=${BEFORE:-5}         # seconds of load before the restart
AFTER=${AFTER:-10}          # seconds of load after it
PG_VERSION=${PG_VERSION:-15}
WORK=$(mktemp -d)
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/${DB_NAME}"

psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '${DB_NAME}'" \
  | grep -q 1 || createdb -h 127.0.0.1 -U postgres "${DB_NAME}"

echo "Starting make serve on port ${PORT} (log: ${WORK}/serve.log)…"
BIND="127.0.0.1:${PORT}" WEB_CONCURRENCY=2 GUNICORN_ACCESS_LOG=/dev/null \
  setsid make serve >"${WORK}/serve.log" 2>&1 &
SERVER=$!
trap 'kill -- -${SERVER} 2>/dev/null || true; rm -rf "${WORK}"' EXIT

for _ in $(seq 1 240); do
  curl -fsS -o /dev/null "http://127.0.0.1:${PORT}/fr/membres/" 2>/dev/null && break
  sleep 0.5
done
curl -fsS -o /dev/null "http://127.0.0.1:${PORT}/fr/membres/" || {
  echo "The server did not start:"; tail -20 "${WORK}/serve.log"; exit 1; }

now_ms() { date +%s%3N; }

# Each request has its own query string, so that no page cache answers instead of the database.
load() {
  local client=$1 n=0
  while [ ! -e "${WORK}/stop" ]; do
    n=$((n + 1))
    local status
    status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
      "http://127.0.0.1:${PORT}/fr/membres/?q=a&check=${client}-${n}" || true)
    echo "$(now_ms) ${status}" >>"${WORK}/requests.${client}"
  done
}
for client in $(seq 1 "${CLIENTS}"); do load "${client}" & done

sleep "${BEFORE}"
RESTART_START=$(now_ms)
pg_ctlcluster --skip-systemctl-redirect "${PG_VERSION}" main restart
RESTART_END=$(now_ms)
sleep "${AFTER}"
touch "${WORK}/stop"
wait $(jobs -p | grep -v "^${SERVER}$") 2>/dev/null || true

cat "${WORK}"/requests.* | sort -n | awk -v start="${RESTART_START}" -v end="${RESTART_END}" '
  { phase = ($1 < start) ? "before" : ($1 <= end ? "during" : "after");
    total[phase]++; if ($2 != "200") { failed[phase]++; last_failure = $1 }
    if ($1 > end && $2 == "200" && !first_ok) first_ok = $1 }
  END {
    printf "restart took %d ms\n", end - start
    split("before during after", phases, " ")
    for (i = 1; i <= 3; i++) { p = phases[i];
      printf "%-7s %5d requests, %4d failed\n", p, total[p], failed[p] }
    if (last_failure) printf "last failure at %+d ms from the end of the restart\n", last_failure - end
    else print "no request failed"
    if (first_ok) printf "first success at %+d ms from the end of the restart\n", first_ok - end
    # Recovered: nothing fails more than 2 s after PostgreSQL is back.
    if (last_failure && last_failure - end > 2000) { print "NOT RECOVERED"; exit 1 }
    print "RECOVERED"
  }'
