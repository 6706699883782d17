#!/usr/bin/env bash
# Installs what the run and test commands need, only when it is missing: the pinned npm emulators,
# and (with --browser) Debian's Chromium and CJK fonts for the phone-page tests.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"

for tool in dotnet node npm; do
  command -v "$tool" >/dev/null || { echo "需要先安装 $tool（.NET 10 SDK 与 Node.js）/ $tool is required" >&2; exit 1; }
done

lock="$root/infra/local/package-lock.json"
stamp="$root/infra/local/node_modules/.installed-lock"
if [ ! -f "$stamp" ] || ! cmp -s "$lock" "$stamp"; then
  echo "Installing the local emulators (npm ci)..."
  npm ci --prefix "$root/infra/local" --no-audit --no-fund --loglevel=error
  cp "$lock" "$stamp"
fi

if [ "${1:-}" = "--browser" ]; then
  if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
    echo "Installing chromium and fonts-noto-cjk (apt)..."
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
  fi
fi
