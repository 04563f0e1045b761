#!/usr/bin/env bash
# Installs the pinned reference Sigstore clients that the e2e tests drive, into a cache directory:
#   $SIGSTEAD_CLIENTS_DIR (default ~/.cache/sigstead)
#     bin/cosign-v3.1.3, bin/cosign-v2.6.5, bin/rekor-cli-v1.5.4   (go install, one GOBIN per version)
#     bin/ctclient-v1.4.0                                          (go install; certificate-transparency-go)
#     bin/helm-v3.19.2                                             (go install; lints and renders charts/)
#     venv-sigstore-4.5.1/bin/sigstore                             (pip, in a virtualenv)
# It does not install docker-registry (the local OCI registry of e2e/matrix.spec.ts): that is the
# Debian package `docker-registry`, which .ci/run installs; when it is on PATH its path is printed too.
# Anything already present is kept, so a warm run takes seconds. Prints `NAME=PATH` lines at the end
# (the same variable names the e2e tests read).
#
# rekor-cli is pinned to v1.5.4: v1.5.5 declares `go >= 1.27`, newer than the Go toolchain these
# machines ship, and toolchains cannot be downloaded here. ctclient v1.4.0 declares `go 1.24.0`.
set -euo pipefail

CACHE_DIR=${SIGSTEAD_CLIENTS_DIR:-$HOME/.cache/sigstead}
COSIGN_V3_VERSION=v3.1.3
COSIGN_V2_VERSION=v2.6.5
REKOR_CLI_VERSION=v1.5.4
CTCLIENT_VERSION=v1.4.0
HELM_VERSION=v3.19.2
SIGSTORE_PYTHON_VERSION=4.5.1

# Build with the installed Go only; never download another toolchain.
export GOTOOLCHAIN=local

mkdir -p "$CACHE_DIR/bin"

log() { echo "install-clients: $*" >&2; }

# go_tool NAME VERSION PACKAGE: builds PACKAGE@VERSION into bin/NAME-VERSION unless it is there.
go_tool() {
  local name=$1 version=$2 pkg=$3
  local target="$CACHE_DIR/bin/$name-$version"
  if [[ -x $target ]]; then
    log "$name $version already installed"
    return 0
  fi
  if ! command -v go >/dev/null 2>&1; then
    log "go is not installed; cannot build $name $version" && return 1
  fi
  local gobin="$CACHE_DIR/build-$name-$version"
  local built
  mkdir -p "$gobin"
  log "building $name $version (go install $pkg@$version)"
  GOBIN=$gobin go install "$pkg@$version"
  built="$gobin/$(basename "$pkg")"
  # A rename within the cache directory: an interrupted run never leaves a half-written binary under
  # the final name.
  mv "$built" "$target"
  rmdir "$gobin" 2>/dev/null || true
}

# sigstore-python lives in its own virtualenv so nothing leaks into the system Python.
python_tool() {
  local venv="$CACHE_DIR/venv-sigstore-$SIGSTORE_PYTHON_VERSION"
  if [[ -x $venv/bin/sigstore ]] \
    && "$venv/bin/python" -c "import importlib.metadata as m; assert m.version('sigstore') == '$SIGSTORE_PYTHON_VERSION'" 2>/dev/null; then
    log "sigstore-python $SIGSTORE_PYTHON_VERSION already installed"
    return 0
  fi
  local python
  python=$(command -v python3 || true)
  if [[ -z $python ]]; then
    log "python3 is not installed; cannot install sigstore-python" && return 1
  fi
  log "installing sigstore-python $SIGSTORE_PYTHON_VERSION into $venv"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "sigstore==$SIGSTORE_PYTHON_VERSION"
}

go_tool cosign "$COSIGN_V3_VERSION" github.com/sigstore/cosign/v3/cmd/cosign
go_tool cosign "$COSIGN_V2_VERSION" github.com/sigstore/cosign/v2/cmd/cosign
go_tool rekor-cli "$REKOR_CLI_VERSION" github.com/sigstore/rekor/cmd/rekor-cli
go_tool ctclient "$CTCLIENT_VERSION" github.com/google/certificate-transparency-go/client/ctclient
go_tool helm "$HELM_VERSION" helm.sh/helm/v3/cmd/helm
python_tool

echo "SIGSTEAD_COSIGN_V3=$CACHE_DIR/bin/cosign-$COSIGN_V3_VERSION"
echo "SIGSTEAD_COSIGN_V2=$CACHE_DIR/bin/cosign-$COSIGN_V2_VERSION"
echo "SIGSTEAD_REKOR_CLI=$CACHE_DIR/bin/rekor-cli-$REKOR_CLI_VERSION"
echo "SIGSTEAD_CTCLIENT=$CACHE_DIR/bin/ctclient-$CTCLIENT_VERSION"
echo "SIGSTEAD_HELM=$CACHE_DIR/bin/helm-$HELM_VERSION"
echo "SIGSTEAD_SIGSTORE_PYTHON=$CACHE_DIR/venv-sigstore-$SIGSTORE_PYTHON_VERSION/bin/sigstore"
if registry=$(command -v docker-registry); then
  echo "SIGSTEAD_DOCKER_REGISTRY=$registry"
fi
