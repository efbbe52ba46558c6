#!/usr/bin/env bash
# Regenerates the Swift code of the event payloads (committed; the build never runs protoc).
# Needs Debian's protobuf-compiler and swift-protobuf's protoc-gen-swift (built once from the
# package copy: `swift build -c release --product protoc-gen-swift` in a checkout of swift-protobuf 1.39.0).
set -euo pipefail
cd "$(dirname "$0")/.."
plugin="${PROTOC_GEN_SWIFT:-$(command -v protoc-gen-swift || echo /tmp/protoplugin/src/.build/release/protoc-gen-swift)}"
protoc --plugin=protoc-gen-swift="$plugin" \
  --swift_opt=Visibility=Public --swift_opt=UseAccessLevelOnImports=true \
  --swift_out=Sources/Ledger/Events/Generated \
  -I Sources/Ledger/Events/Protos Sources/Ledger/Events/Protos/*.proto
bash scripts/generate-event-cases.sh
