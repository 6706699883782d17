#!/usr/bin/env bash
# Lays out the deployable Functions package: host.json, one folder per function (function.json),
# and the self-contained linux-x64 custom handler executable. Deploy the folder (or a zip of it).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-artifacts/package}"
dotnet publish functions/Enrollment.Functions -c Release -o "$out" --nologo -v quiet
echo "Package ready: $out"
