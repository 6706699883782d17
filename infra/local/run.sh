#!/usr/bin/env bash
# Runs the app on this machine: installs and starts the storage emulators, creates the stores,
# seeds the demo county (first run), prints the address and a QR code, and serves until Ctrl-C.
#   bash infra/local/run.sh          # http://127.0.0.1:7071, this machine only
#   bash infra/local/run.sh --lan    # also reachable from a phone on the same network
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
port="${PORT:-7071}"
listen="127.0.0.1"
url="http://127.0.0.1:$port"
blob_host=()
if [ "${1:-}" = "--lan" ]; then
  listen="0.0.0.0"
  ip="$(hostname -I 2>/dev/null | awk '{print $1}')"
  url="http://${ip:-127.0.0.1}:$port"
  # Phones upload documents straight to Blob Storage: open the emulator too, and hand out links to it by this address.
  blob_host=(--blob-host 0.0.0.0)
  export Storage__Blob__connectionString="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://${ip:-127.0.0.1}:10000/devstoreaccount1;"
fi

bash infra/local/prerequisites.sh
state="$root/.local/emulators"
node infra/local/emulators.js start --state-dir "$state" "${blob_host[@]}" >/dev/null
trap 'node infra/local/emulators.js stop --state-dir "$state" >/dev/null 2>&1 || true' EXIT

dotnet build functions/Enrollment.Functions --nologo -v quiet -clp:ErrorsOnly
app="functions/Enrollment.Functions/bin/Debug/net10.0/Enrollment.Functions.dll"
export ASPNETCORE_ENVIRONMENT=Development
export Enrollment__PublicBaseUrl="$url"
dotnet "$app" setup

echo
echo "报名首页 / Entry page: $url/"
echo "学校二维码 / A school's QR code: $url/api/public/counties/demo/schools/demo-101/qr.png"
echo "API: $url/openapi/v1.json   Health: $url/api/health/ready"
dotnet "$app" qr "$url/"
echo "Ctrl-C stops the app and the emulators."
dotnet "$app" --urls "http://$listen:$port"
