#!/usr/bin/env bash
# Checks the format of every Swift file but generated code against .swift-format (the
# toolchain's `swift format`); `scripts/lint.sh --fix` rewrites the files instead.
# AlwaysUseLowerCamelCase is off: Codable views name their properties as the JSON contract does
# (`multi_key_size`); OnlyOneTrailingClosureArgument is off: `withRunningServer(configure: { … }) { … }`
# passes a configuration closure and the test body, and reads best that way.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.swift' | grep -v '/Generated/')
if [[ "${1:-}" == "--fix" ]]; then
  swift format format --in-place --configuration .swift-format "${files[@]}"
else
  swift format lint --strict --configuration .swift-format "${files[@]}"
fi
