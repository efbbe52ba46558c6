#!/usr/bin/env bash
# HTTP benchmark (issue 3 §7), release build, wrk from Debian, everything on 127.0.0.1:
#   - ceiling: a bare Hummingbird route serving a constant JSON body (bench-bare-route);
#   - GET /api/status and an authenticated GET /api/user/self (access token + New-Api-User);
#   - the write path: PUT /api/user/self, one durable command per request.
# Usage: scripts/bench-http.sh [seconds per run, default 8] [connections, default 64]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-8}"
connections="${2:-64}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
bash scripts/install-deps.sh
swift build -c release --product oneledger >/dev/null
swift build -c release --product bench-bare-route >/dev/null

work=$(mktemp -d)
bare_port=3901
app_port=3902
cleanup() { kill "${bare_pid:-}" "${app_pid:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

.build/release/bench-bare-route "$bare_port" & bare_pid=$!
GLOBAL_API_RATE_LIMIT_ENABLE=false GLOBAL_WEB_RATE_LIMIT_ENABLE=false CRITICAL_RATE_LIMIT_ENABLE=false \
  SEARCH_RATE_LIMIT_ENABLE=false \
  .build/release/oneledger serve --data-dir "$work/data" --port "$app_port" --host 127.0.0.1 >"$work/serve.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$app_port/api/status" >/dev/null && curl -sf "http://127.0.0.1:$bare_port/bare" >/dev/null && break
  sleep 0.1
done

base="http://127.0.0.1:$app_port"
curl -sf -X POST "$base/api/setup" -H 'Content-Type: application/json' \
  -d '{"username":"root","password":"benchpass123","confirmPassword":"benchpass123"}' >/dev/null
login=$(curl -sf -c "$work/cookies" -X POST "$base/api/user/login" -H 'Content-Type: application/json' \
  -d '{"username":"root","password":"benchpass123"}')
user_id=$(echo "$login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["id"])')
token=$(curl -sf -b "$work/cookies" "$base/api/user/token" -H "New-Api-User: $user_id" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["data"])')

cat >"$work/put.lua" <<LUA
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["New-Api-User"] = "$user_id"
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, "/api/user/self", nil, '{"display_name":"bench ' .. (counter % 1000) .. '"}')
end
LUA

run() { # name, then wrk arguments; prints "name req/s p50 p99"
  local name="$1"; shift
  local out
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@")
  local rps p50 p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  local errors
  errors=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  printf '%-34s %12s %10s %10s %s\n' "$name" "$rps" "$p50" "$p99" "${errors:+non-2xx: $errors}"
  echo "$rps" >"$work/$name.rps"
}

printf '%-34s %12s %10s %10s\n' "route (wrk -t2 -c$connections -d${seconds}s)" "req/s" "p50" "p99"
run bare "http://127.0.0.1:$bare_port/bare"
run status "$base/api/status"
run self -H "Authorization: Bearer $token" -H "New-Api-User: $user_id" "$base/api/user/self"
run bare-again "http://127.0.0.1:$bare_port/bare"
run put-self -s "$work/put.lua" "$base"

bare=$(python3 -c "print((float(open('$work/bare.rps').read())+float(open('$work/bare-again.rps').read()))/2)")
for name in status self; do
  python3 -c "print('%-8s %.2f x the bare route (mean of the two bare runs, %.0f req/s)' % ('$name', float(open('$work/$name.rps').read())/$bare, $bare))"
done
curl -sf "$base/metrics" | grep -E '^oneledger_(fsync|ledger_fsync)' | head -5 || true
