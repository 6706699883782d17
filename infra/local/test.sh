#!/usr/bin/env bash
# Runs every test suite: installs what is missing, builds once, runs each suite against its own
# emulators on free ports, prints each suite's result and a final "N passed, N failed, N skipped".
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

bash infra/local/prerequisites.sh --browser || exit 1
dotnet build Enrollment.sln --nologo -v quiet -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }

results="$root/TestResults"
mkdir -p "$results"; rm -f "$results"/*.trx "$results"/*.log "$results"/*.code
passed=0; failed=0; skipped=0; status=0

# Names each failed test and the start of its message, read from the suite's TRX file.
failures() {
  node -e '
    const decode = s => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&apos;/g, "'"'"'").replace(/&amp;/g, "&");
    const trx = require("fs").readFileSync(process.argv[1], "utf8");
    for (const [, name, body] of trx.matchAll(/<UnitTestResult [^>]*testName="([^"]*)"[^>]*outcome="Failed"[^>]*>([\s\S]*?)<\/UnitTestResult>/g)) {
      const message = (body.match(/<Message>([\s\S]*?)<\/Message>/) || ["", ""])[1];
      console.log(`  FAILED ${decode(name)}\n    ${decode(message).split("\n").slice(0, 8).join("\n    ")}`);
    }' "$1"
}
run_suite() {
  dotnet test "$1" --no-build --nologo -v quiet --results-directory "$results" --logger "trx;LogFileName=$(basename "$1").trx" >"$results/$(basename "$1").log" 2>&1
  echo $? >"$results/$(basename "$1").code"
}

# Reads a suite's TRX file and exit code, prints its line and adds it to the totals.
report() {
  local name code counters total p f s
  name="$(basename "$1")"
  code="$(cat "$results/$name.code" 2>/dev/null || echo 1)"
  counters="$(grep -o '<Counters [^>]*>' "$results/$name.trx" 2>/dev/null || true)"
  count() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  total=$(count total); p=$(count passed); f=$(count failed)
  s=$((total - p - f))
  if [ -z "$counters" ] || { [ "$code" -ne 0 ] && [ "$f" -eq 0 ]; }; then
    # The suite did not run to the end (build, fixture or host failure): count it as a failure.
    f=$((f + 1)); status=1
    tail -40 "$results/$name.log"
  fi
  [ "$f" -eq 0 ] || { status=1; failures "$results/$name.trx"; }
  echo "$name: $p passed, $f failed, $s skipped"
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
}

for project in tests/Enrollment.Core.Tests tests/Enrollment.Deployment.Tests tests/Enrollment.Outside.Tests tests/Enrollment.Uploads.Tests; do
  run_suite "$project"; report "$project"
done

# The two long suites mostly wait on their own emulators and browser, each on its own free ports: run side by side.
run_suite tests/Enrollment.Browser.Tests &
browser=$!
run_suite tests/Enrollment.Functions.Tests
wait "$browser"
report tests/Enrollment.Functions.Tests
report tests/Enrollment.Browser.Tests

# The opening-day load tool, small: it fails only on lost or duplicate applications or missed round-trip goals, never on timings.
if dotnet run --project tests/Enrollment.Load --no-build -- --small --out TestResults/load >"$results/Enrollment.Load.log" 2>&1; then
  echo "Enrollment.Load: 1 passed, 0 failed, 0 skipped"; passed=$((passed + 1))
else
  tail -40 "$results/Enrollment.Load.log"; status=1
  echo "Enrollment.Load: 0 passed, 1 failed, 0 skipped"; failed=$((failed + 1))
fi

echo "$passed passed, $failed failed, $skipped skipped"
exit $status
