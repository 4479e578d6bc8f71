#!/usr/bin/env bash
# Builds the e2e toolchain from the Go module proxy (and the Python SDK from PyPI) at the exact
# versions of toolchain/versions.env, and prints the folder of the binaries (the only line on stdout).
#
#   pulumi                      the Pulumi CLI (github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
#   pulumi-language-nodejs      toolchain/langhost: Pulumi's own language hosts are not served as Go
#   pulumi-language-python        modules, see toolchain/langhost/main.go
#   pulumi-resource-kubernetes  github.com/pulumi/pulumi-kubernetes/provider/v4
#   kube-apiserver, kube-controller-manager, kube-scheduler   k8s.io/kubernetes/cmd/...
#   etcd                        go.etcd.io/etcd/server/v3 (toolchain/etcd)
#   promtool                    github.com/prometheus/prometheus/cmd/promtool (the alert tests)
#   ../python/bin/python3       a virtualenv with the `pulumi` Python SDK
#
# The result is cached in ${PDSTACK_TOOLCHAIN_DIR:-$HOME/.cache/pdstack-toolchain}/<key>, the key being
# a hash of versions.env, this script and the toolchain sources: a second run prints the folder at
# once. Go's own build cache (GOCACHE) and module cache persist beside it, so a rebuild after a
# change of one version recompiles only what changed. Build times go to <key>/build-times.tsv.
#
# Environment: PDSTACK_TOOLCHAIN_DIR (cache root), PDSTACK_TOOLCHAIN_NICE (niceness, default 10).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLCHAIN="$ROOT/toolchain"
# shellcheck source=../toolchain/versions.env
source "$TOOLCHAIN/versions.env"

log() { printf 'toolchain: %s\n' "$*" >&2; }
die() { printf 'toolchain: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null || die "go is not on PATH (Go 1.26 or later is needed)"
command -v python3 >/dev/null || die "python3 is not on PATH"

KEY="$(cat "$TOOLCHAIN/versions.env" "${BASH_SOURCE[0]}" "$TOOLCHAIN"/langhost/* "$TOOLCHAIN"/etcd/* | sha256sum | cut -c1-16)"
CACHE_ROOT="${PDSTACK_TOOLCHAIN_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pdstack-toolchain}"
DIR="$CACHE_ROOT/$KEY"
BIN="$DIR/bin"
NICE="${PDSTACK_TOOLCHAIN_NICE:-10}"

if [[ -f "$BIN/.complete" ]]; then
    echo "$BIN"
    exit 0
fi

mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.lock"
flock 9 # one build at a time; a second caller waits, then finds the first one's result
if [[ -f "$BIN/.complete" ]]; then
    echo "$BIN"
    exit 0
fi
rm -rf "$DIR"
mkdir -p "$BIN" "$DIR/src"
TIMES="$DIR/build-times.tsv"
printf 'step\twall_s\tuser_s\tsys_s\n' >"$TIMES"
log "building into $DIR (Go build cache $(go env GOCACHE): $(du -sh "$(go env GOCACHE)" 2>/dev/null | cut -f1) before)"

# timed <step> <command...>: runs the command at low priority, records wall/user/sys seconds.
timed() {
    local step="$1"
    shift
    local t0 t1
    t0=$(date +%s.%N)
    if ! /usr/bin/time -o "$DIR/.time" -f '%U\t%S' nice -n "$NICE" "$@"; then
        die "$step failed: $*"
    fi
    t1=$(date +%s.%N)
    printf '%s\t%s\t%s\n' "$step" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')" "$(cat "$DIR/.time")" >>"$TIMES"
    log "$step: $(tail -1 "$TIMES" | cut -f2)s"
}

# -trimpath: paths of the module cache stay out of the binaries; -s -w: no symbol tables (a faster link).

# 1. Pulumi CLI and the language hosts, in one module so they share sdk/v3 and its dependencies.
M="$DIR/src/pulumi"
mkdir -p "$M/langhost"
cp "$TOOLCHAIN"/langhost/* "$M/langhost/"
cat >"$M/go.mod" <<EOF
module pdstack.local/toolchain/pulumi

go 1.26

require (
	github.com/pulumi/pulumi/pkg/v3 $PULUMI_VERSION
	github.com/pulumi/pulumi/sdk/v3 $PULUMI_VERSION
)

replace github.com/atotto/clipboard => ${PULUMI_CLIPBOARD_REPLACE%@*} ${PULUMI_CLIPBOARD_REPLACE#*@}
EOF
cat >"$M/tools.go" <<'EOF'
//go:build tools

package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
EOF
(cd "$M" && timed "pulumi: go mod tidy" go mod tidy)
(cd "$M" && timed "pulumi: go build" go build -trimpath \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION -X main.version=${PULUMI_VERSION#v}" \
    -o "$BIN/" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi ./langhost)
mv "$BIN/langhost" "$BIN/pdstack-langhost"
ln -sf pdstack-langhost "$BIN/pulumi-language-nodejs"
ln -sf pdstack-langhost "$BIN/pulumi-language-python"

# 2. The Kubernetes provider. Its main package embeds schema-embed.json and terraform-mapping-embed.json,
# which its `go generate` writes from schema.json and terraform-mapping.json and which the module does not
# ship: `go build` of the module's own main package fails ("pattern schema-embed.json: no matching files
# found"). So the main package is built from a copy made here, never committed: the module's main.go,
# with the two files generated as its generate.go does (the schema's version set; both minified).
M="$DIR/src/kubernetes"
mkdir -p "$M/pulumi-resource-kubernetes"
cat >"$M/go.mod" <<EOF
module pdstack.local/toolchain/kubernetes

go 1.26

require (
	github.com/pulumi/pulumi-kubernetes/provider/v4 $KUBERNETES_PROVIDER_VERSION
	github.com/pulumi/pulumi-kubernetes/sdk/v4 $KUBERNETES_PROVIDER_SDK_VERSION
)
EOF
cat >"$M/tools.go" <<'EOF'
//go:build tools

package tools

import _ "github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
EOF
(cd "$M" && timed "kubernetes provider: go mod tidy" go mod tidy)
PROVIDER_MAIN="$(cd "$M" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi-kubernetes/provider/v4)/cmd/pulumi-resource-kubernetes"
install -m 0644 "$PROVIDER_MAIN/main.go" "$M/pulumi-resource-kubernetes/main.go"
python3 - "$PROVIDER_MAIN" "$M/pulumi-resource-kubernetes" "${KUBERNETES_PROVIDER_VERSION#v}" <<'PY'
import json, sys
src, dst, version = sys.argv[1:]
schema = json.load(open(f"{src}/schema.json"))
schema["version"] = version
json.dump(schema, open(f"{dst}/schema-embed.json", "w"), separators=(",", ":"))
json.dump(json.load(open(f"{src}/terraform-mapping.json")), open(f"{dst}/terraform-mapping-embed.json", "w"), separators=(",", ":"))
PY
(cd "$M" && timed "kubernetes provider: go build" go build -trimpath \
    -ldflags "-s -w -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=${KUBERNETES_PROVIDER_VERSION#v}" \
    -o "$BIN/" ./pulumi-resource-kubernetes)

# 3. kube-apiserver, kube-controller-manager, kube-scheduler and etcd, in one module and one build.
M="$DIR/src/kube"
mkdir -p "$M/etcd"
cp "$TOOLCHAIN"/etcd/* "$M/etcd/"
KUBE_GOMOD="$(go env GOMODCACHE)/cache/download/k8s.io/kubernetes/@v/$KUBERNETES_VERSION.mod"
(cd "$M" && go mod download "k8s.io/kubernetes@$KUBERNETES_VERSION")
{
    printf 'module pdstack.local/toolchain/kube\n\ngo 1.26\n\n'
    # k8s.io/kubernetes builds with its own godebug defaults; a wrapper's go.mod decides them.
    grep -E '^godebug ' "$KUBE_GOMOD" || true
    printf '\nrequire (\n\tk8s.io/kubernetes %s\n\tgo.etcd.io/etcd/server/v3 %s\n)\n\nreplace (\n' "$KUBERNETES_VERSION" "$ETCD_VERSION"
    grep -E '^\s+k8s\.io/[-a-z0-9]+ => \./staging/' "$KUBE_GOMOD" | awk -v v="$KUBERNETES_STAGING_VERSION" '{printf "\t%s => %s %s\n", $1, $1, v}'
    printf ')\n'
} >"$M/go.mod"
cat >"$M/tools.go" <<'EOF'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
)
EOF
(cd "$M" && timed "kube: go mod tidy" go mod tidy)
(cd "$M" && timed "kube: go build" go build -trimpath -ldflags "-s -w" -o "$BIN/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler ./etcd)

# 4. The Python SDK, in a virtualenv of its own.
timed "python: venv + pip install pulumi==$PYTHON_PULUMI_VERSION" bash -c \
    "python3 -m venv '$DIR/python' && '$DIR/python/bin/pip' install --quiet --disable-pip-version-check 'pulumi==$PYTHON_PULUMI_VERSION' 'wheel==$PYTHON_WHEEL_VERSION'"

# 5. promtool: `go install` of its main package at the exact version (no replace directive is needed).
timed "promtool: go install" env GOBIN="$BIN" GOFLAGS=-mod=mod go install -trimpath -ldflags "-s -w" \
    "github.com/prometheus/prometheus/cmd/promtool@$PROMETHEUS_VERSION"

for b in promtool pulumi pulumi-language-nodejs pulumi-language-python pulumi-resource-kubernetes kube-apiserver kube-controller-manager kube-scheduler etcd; do
    [[ -x "$BIN/$b" ]] || die "$b was not built"
done
touch "$BIN/.complete"
log "done; times in $TIMES"
echo "$BIN"
