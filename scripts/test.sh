#!/usr/bin/env bash
# The project's test command (the README names it): vet, the Go tests with the race
# detector, the interop suites with the official Azure IoT Node SDKs and rhea, and the
# example features and scenarios against the embedded hub.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -f test/node/package-lock.json ]; then
  echo "== npm ci (test/node: official Azure IoT SDKs and rhea as test peers)"
  npm ci --prefix test/node --no-audit --no-fund --loglevel=error
  # The Go interop tests fail, rather than skip, when the Node peers are missing.
  export HUBSPEC_NODE_TESTS=required
fi

echo "== go vet"
go vet ./...

echo "== go test -race"
go test -race -count=1 -timeout 20m ./...

specs="./scenarios $( [ -d features ] && ls features/*.feature >/dev/null 2>&1 && echo ./features )"
echo "== hubspec run (the main job: examples against the embedded hub)"
go run ./cmd/hubspec run $specs
