#!/usr/bin/env bash
# Installs what is missing and runs every test (unit, storage crash tests, HTTP tests on 127.0.0.1).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/generate-event-cases.sh --check
swift build --build-tests
swift test --skip-build "$@"
