#!/usr/bin/env bash
# Lays out the deployable Functions package: the isolated worker (framework-dependent, run by the platform's
# .NET), host.json, the functions.metadata and worker.config.json the SDK generates from the [Function]
# attributes, and the host extensions it builds (.azurefunctions). Deploy the folder (or a zip of it).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-artifacts/package}"
dotnet publish functions/Enrollment.Functions -c Release -o "$out" --nologo -v quiet
echo "Package ready: $out"
