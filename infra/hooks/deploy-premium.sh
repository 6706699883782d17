#!/usr/bin/env bash
# Elastic Premium only (Flex Consumption deploys with `azd deploy`): the app runs from a package blob
# read with its identity, as there is no file share and no shared key. Publishes, uploads, restarts.
# Needs the outputs of `azd provision` in the environment (azd env get-values) and `az login`.
set -euo pipefail
cd "$(dirname "$0")/../.."
eval "$(azd env get-values)"
bash infra/publish.sh artifacts/package
rm -f artifacts/enrollment.zip
(cd artifacts/package && zip -qr ../enrollment.zip .)
az storage blob upload --auth-mode login --account-name "$AZURE_STORAGE_ACCOUNT" \
  --container-name app-package --name enrollment.zip --file artifacts/enrollment.zip --overwrite --only-show-errors
az functionapp restart --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME"
echo "Deployed to $SERVICE_API_URI"
