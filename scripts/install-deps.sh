#!/usr/bin/env bash
# Installs what OneLedger builds and tests against, when it is missing: the Debian packages, and
# from PyPI the OpenAPI validator and schemathesis (the API fuzzer).
set -euo pipefail
packages=(liblz4-dev libsqlite3-dev libssl-dev libcurl4 pkg-config curl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi
python_packages=(openapi-spec-validator schemathesis==4.32.5)
if ! python3 -c 'import openapi_spec_validator' 2>/dev/null || ! schemathesis --version 2>/dev/null | grep -q "version 4\."; then
  python3 -m pip install --quiet "${python_packages[@]}" 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages "${python_packages[@]}"
fi
