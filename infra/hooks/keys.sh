#!/usr/bin/env bash
# azd preprovision hook: makes the app's three keys once per azd environment (32 random bytes, base64)
# and keeps them in the environment, so every later provision writes the same values to Key Vault.
# Changing a key later would sign everyone out (session key), orphan every claim (hash key) or make
# stored ID numbers unreadable (encryption key): keep them, e.g. as GitHub secrets for the workflow.
set -euo pipefail
# A key given in the process environment (the workflow's secrets) is the one kept; only a key found nowhere is made.
for name in SESSION_SIGNING_KEY IDENTITY_HASH_KEY DATA_ENCRYPTION_KEY; do
  if [ -n "${!name:-}" ]; then
    azd env set "$name" "${!name}" >/dev/null
  elif [ -z "$(azd env get-value "$name" 2>/dev/null || true)" ]; then
    azd env set "$name" "$(openssl rand -base64 32)" >/dev/null
    echo "made $name for this environment"
  fi
done
