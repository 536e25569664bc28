#!/usr/bin/env bash
# The project's benchmarks side by side in one run: every package with
# Benchmark functions, with -benchmem, and the figures printed together at the
# end. The embedded hub's benchmarks run with fixed counts so that their
# figures compare between runs:
#   C2D round trips through the hub over TLS (a go-amqp service and 100
#   devices), to AMQP devices and to MQTT devices in the same run, printed
#   beside each other at the end;
#   memory per queued message and per idle connected device.
# The runner: BenchmarkFleet1000 in-process, and the built binary on
#   scenarios/fleet-1000.yaml under /usr/bin/time (wall time, peak RSS).
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

# The runner end to end as a user runs it: the built binary on the 1,000-device example
# (hub start, bulk provisioning, 1,000 AMQP devices on shared connections, a message
# each, Success feedback, accounting, deletion), wall time and peak memory (RSS) on two
# cores. The aim: under 5 s and 500 MiB.
fleet_figures() {
  local bin
  bin=$(mktemp -d)/hubspec
  go build -o "$bin" ./cmd/hubspec
  for i in 1 2 3; do
    GOMAXPROCS=2 /usr/bin/time -f "fleet-1000 run $i: wall %e s, max RSS %M KiB" "$bin" run scenarios/fleet-1000.yaml 2>&1 >/dev/null | tail -1
  done
  rm -rf "$(dirname "$bin")"
}
if [ "$#" -eq 0 ] || printf '%s\n' "$@" | grep -qx './runner'; then
  echo "== hubspec run scenarios/fleet-1000.yaml" >&2
  fleet_figures | tee -a "$out" >&2
fi

echo
echo "== figures"
grep -E '^(pkg:|Benchmark|fleet-1000)' "$out"

# The embedded hub's C2D round trips to AMQP and to MQTT devices, a row each.
if grep -q '^BenchmarkC2DRoundTrip/' "$out"; then
  echo
  echo "== C2D round trips through the embedded hub: AMQP devices beside MQTT devices"
  awk '
    BEGIN { printf "%-8s %14s %18s %10s %10s\n", "devices", "roundtrips/s", "cpu-µs/roundtrip", "B/op", "allocs/op" }
    /^BenchmarkC2DRoundTrip\// {
      split($1, name, "[/-]")
      delete v
      for (i = 3; i < NF; i += 2) v[$(i + 1)] = $i
      printf "%-8s %14s %18s %10s %10s\n", name[2], v["roundtrips/s"], v["cpu-µs/roundtrip"], v["B/op"], v["allocs/op"]
    }' "$out"
fi
