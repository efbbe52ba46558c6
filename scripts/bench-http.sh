#!/usr/bin/env bash
# HTTP benchmark, release build, wrk from Debian, everything on 127.0.0.1:
#   - the ceiling: a bare Hummingbird route serving a constant JSON body (target bare-route),
#     measured in ROUNDS rounds alternating with the gateway's read runs (this VM's speed drifts
#     by a third within a minute, so each read run is paired with a bare run next to it);
#   - GET /api/status and an authenticated GET /api/user/self (session cookie + New-Api-User);
#   - the write path: PUT /api/user/self, one durable command per request, with its p99 and the
#     run's fdatasync p50 (from /metrics).
# Usage: DURATION=10s ROUNDS=3 CONNECTIONS=64 scripts/bench-http.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-10s}"
ROUNDS="${ROUNDS:-3}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
bash scripts/install-deps.sh
swift build -c release --product oneledger >/dev/null
swift build -c release --product bare-route >/dev/null
BIN=.build/release
DATA=$(mktemp -d /tmp/oneledger-bench.XXXXXX)
PORT=3901
BARE_PORT=3902
cleanup() {
  [[ -n "${SERVER:-}" ]] && kill "$SERVER" 2>/dev/null || true
  [[ -n "${BARE:-}" ]] && kill "$BARE" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT

GLOBAL_API_RATE_LIMIT_ENABLE=false GLOBAL_WEB_RATE_LIMIT_ENABLE=false CRITICAL_RATE_LIMIT_ENABLE=false \
  SEARCH_RATE_LIMIT_ENABLE=false LOG_LEVEL=error \
  "$BIN/oneledger" serve --data-dir "$DATA" --port "$PORT" --host 127.0.0.1 --bcrypt-cost 4 &
SERVER=$!
"$BIN/bare-route" "$BARE_PORT" >/dev/null 2>&1 &
BARE=$!
for _ in $(seq 1 100); do curl -sf "127.0.0.1:$PORT/api/status" >/dev/null && break; sleep 0.1; done
for _ in $(seq 1 100); do curl -sf "127.0.0.1:$BARE_PORT/bare" >/dev/null && break; sleep 0.1; done

curl -sf -X POST "127.0.0.1:$PORT/api/setup" \
  -d '{"username":"root","password":"benchpass1","confirmPassword":"benchpass1"}' >/dev/null
COOKIE=$(curl -si -X POST "127.0.0.1:$PORT/api/user/login" -d '{"username":"root","password":"benchpass1"}' \
  | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(session=[^;]*\).*/\1/p')

run() { # name, then wrk arguments
  local name=$1; shift
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@")
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print "non-2xx " $NF}' <<<"$out")
  printf '%-28s %12s req/s   p50 %-9s p99 %-9s %s\n' "$name" "$rps" "$p50" "$p99" "$errors"
  echo "$rps" >>"$DATA/$name.rps"
}

echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, 127.0.0.1, $ROUNDS rounds"
for _ in $(seq 1 "$ROUNDS"); do
  run bare "http://127.0.0.1:$BARE_PORT/bare"
  run status "http://127.0.0.1:$PORT/api/status"
  run self "http://127.0.0.1:$PORT/api/user/self" -H "Cookie: $COOKIE" -H "New-Api-User: 1"
done
cat >"$DATA/put.lua" <<'LUA'
wrk.method = "PUT"
wrk.body = '{"language":"en"}'
wrk.headers["Content-Type"] = "application/json"
LUA
curl -sf "127.0.0.1:$PORT/metrics" >/dev/null # resets the fsync samples before the write run
run put-self "http://127.0.0.1:$PORT/api/user/self" -H "Cookie: $COOKIE" -H "New-Api-User: 1" -s "$DATA/put.lua"

bare=$(awk '{ s += $1 } END { print s / NR }' "$DATA/bare.rps")
for name in status self; do
  awk -v b="$bare" -v n="$name" '{ s += $1 } END { printf "%-28s %.2f x bare (%.0f vs %.0f req/s, means of %d rounds)\n", n, s / NR / b, s / NR, b, NR }' "$DATA/$name.rps"
done
# fdatasync p50 of the write run, from the histogram's buckets (upper bound of the median bucket).
curl -sf "127.0.0.1:$PORT/metrics" | awk '
  /^oneledger_fsync_duration_seconds_bucket/ { match($0, /le="[^"]*"/); le = substr($0, RSTART + 4, RLENGTH - 5); n[++k] = $2; b[k] = le }
  /^oneledger_fsync_duration_seconds_count/ { total = $2 }
  END { for (i = 1; i <= k; i++) if (n[i] >= total / 2) { printf "fdatasync p50 <= %s s (%d frames)\n", b[i], total; exit } }'
curl -sf "127.0.0.1:$PORT/metrics" | grep -E '^oneledger_writer_(batches|commands) '
