#!/usr/bin/env bash
# The project's benchmarks side by side in one run: every package with
# Benchmark functions, with -benchmem, and the figures printed together at the
# end. The embedded hub's benchmarks run with fixed counts so that their
# figures compare between runs:
#   C2D round trips through the hub over TLS (go-amqp service and 100 devices),
#   memory per queued message and per idle connected device.
# Usage: scripts/bench.sh [PACKAGE...]   (default: all)
# Figures depend on the machine and its load; cpu-µs/roundtrip does less.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -gt 0 ]; then
  pkgs=("$@")
else
  mapfile -t pkgs < <(grep -rl --include='*_test.go' '^func Benchmark' . | xargs -n1 dirname | sort -u)
fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT
for pkg in "${pkgs[@]}"; do
  echo "== $pkg" >&2
  if [ "$pkg" = "./hub" ]; then
    go test -run '^$' -bench 'C2DRoundTrip' -benchtime 20000x -benchmem "$pkg" | tee -a "$out" >&2
    go test -run '^$' -bench 'Memory' -benchtime 1x "$pkg" | tee -a "$out" >&2
  else
    go test -run '^$' -bench . -benchmem "$pkg" | tee -a "$out" >&2
  fi
done

echo
echo "== figures"
grep -E '^(pkg:|Benchmark)' "$out"
