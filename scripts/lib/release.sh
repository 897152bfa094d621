# Shared by scripts/lib/common.sh (the tests) and scripts/lib/dist.sh (scripts/dist).
# Sourced, not run. Provides: DIST, VERSION (the workspace's, from Cargo.toml), need_apt,
# apt_install.

: "${ROOT:?}"
DIST=${DIST:-$ROOT/dist}
VERSION=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' "$ROOT/Cargo.toml")

APT_UPDATED=no

# need_apt COMMAND PACKAGE...: installs the Debian packages unless COMMAND is already on PATH.
need_apt() {
    local cmd=$1
    shift
    command -v "$cmd" >/dev/null 2>&1 && return 0
    echo "--- installing $* from Debian (no $cmd on PATH)"
    apt_install "$@"
}

# apt_install PACKAGE...: installs Debian packages, updating the package lists once a run.
apt_install() {
    if [ "$APT_UPDATED" = no ]; then
        apt-get update -qq >/dev/null && APT_UPDATED=yes
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

