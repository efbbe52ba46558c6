#!/usr/bin/env bash
# Usage ingest benchmark (issue 8 §6), release build: `oneledger bench ingest` starts the server
# in-process on a temporary data folder and drives POST /api/ledger/usage with wrk (installed
# when missing), alternating with its ceilings; then `bench apply` measures the batched apply.
# Usage: SECONDS_PER_RUN=5 ROUNDS=3 scripts/bench-ingest.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
bash scripts/install-deps.sh
swift build -c release --product oneledger >/dev/null
DIR=$(mktemp -d /tmp/oneledger-ingest.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
.build/release/oneledger bench ingest --seconds "${SECONDS_PER_RUN:-5}" --rounds "${ROUNDS:-3}" --dir "$DIR/ingest"
.build/release/oneledger bench apply --events "${APPLY_EVENTS:-200000}" --rounds "${ROUNDS:-3}" --dir "$DIR/apply"
