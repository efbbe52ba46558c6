#!/usr/bin/env bash
# Installs what is missing, builds the release binary and starts the server
# (./data, port 3000 unless --data-dir / --port / PORT say otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product oneledger
exec .build/release/oneledger serve "$@"
