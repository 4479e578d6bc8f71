#!/bin/sh
# Builds promtool, Prometheus's rule checker and rule unit tester, at an exact version from the Go module
# proxy into .cache/tools/ (git-ignored), and prints its path. The alert tests (test/alerts/) run it.
# Prometheus 3.x is published as Go module versions v0.3XX.Y (github.com/prometheus/prometheus): v0.316.0 is
# Prometheus 3.16.0 (the module's VERSION file). A first build compiles about 1,100 packages (service discovery
# included): 15 CPU-minutes; later runs reuse Go's build cache and take under a minute.
# PDSTACK_PROMTOOL=<path> makes the tests use another promtool instead.
#   scripts/promtool.sh            build once (later runs reuse the binary) and print the path
set -eu
VERSION="v0.316.0"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT/.cache/tools/promtool-$VERSION"
if [ ! -x "$DIR/promtool" ]; then
    command -v go >/dev/null 2>&1 || { echo "promtool.sh: go is not on PATH (its go.mod asks for Go 1.26.7 or later)" >&2; exit 1; }
    mkdir -p "$DIR"
    GOBIN="$DIR" GOFLAGS=-mod=mod nice -n 10 go install "github.com/prometheus/prometheus/cmd/promtool@$VERSION" >&2
fi
echo "$DIR/promtool"
