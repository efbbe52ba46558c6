#!/usr/bin/env bash
# Installs what is missing and runs every test: the generated-code and format checks, the API
# fuzzer (schemathesis against the OpenAPI document, FUZZ_CASES cases, 0 skips it) on a live
# server, then `swift test` (unit, storage crash tests, HTTP tests on 127.0.0.1), last so that
# its summary closes the output. Arguments go to `swift test` (e.g. --filter TokenTests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/generate-event-cases.sh --check
bash scripts/lint.sh
swift build --build-tests
if [[ "${FUZZ_CASES:-2000}" != 0 ]]; then
  bash scripts/fuzz-api.sh
fi
swift test --skip-build "$@"
