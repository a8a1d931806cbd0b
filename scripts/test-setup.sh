#!/usr/bin/env bash
# Installs the system tools the test suite needs (Debian packages), only when one is missing.
# Idempotent; safe to run as root in CI with no stdin. Run by `npm test` before the suite.
#
# Tool (Debian package): purpose
#   dockerd, docker (docker.io): private daemon for apply tests, see test/support/dockerd.ts
#   docker-compose (docker-compose): Debian's v1, validates emitted Compose files
#   the shell linter (shellcheck): checks emitted local scripts
#   busybox (busybox-static): root filesystem of the test image
#   zsh, fish (zsh, fish): syntax checks of `flowctl completion zsh|fish`
#   dot (graphviz): checks `flowctl graph --format dot` output
set -euo pipefail

# A tool counts as present when on PATH or in a system bin dir (CI's PATH may lack sbin).
have() {
  command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/bin/$1" ] || [ -x "/sbin/$1" ]
}

missing=()
# /usr/local/bin/docker may be a lone client: the daemon is what matters.
have dockerd || missing+=(docker.io)
have docker || missing+=(docker.io)
have docker-compose || missing+=(docker-compose)
have shellcheck || missing+=(shellcheck)
have zsh || missing+=(zsh)
have fish || missing+=(fish)
have dot || missing+=(graphviz)
# The harness copies /bin/busybox into a scratch image, so it must be the static build.
if [ ! -x /bin/busybox ] || ! dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed'; then
  missing+=(busybox-static)
fi

if [ "${#missing[@]}" -eq 0 ]; then
  echo "test-setup: tools present (dockerd, docker, docker-compose, shellcheck, busybox-static, zsh, fish, graphviz)"
  exit 0
fi

# De-duplicate while keeping order.
pkgs=()
for p in "${missing[@]}"; do
  case " ${pkgs[*]-} " in *" $p "*) ;; *) pkgs+=("$p") ;; esac
done

if [ "$(id -u)" -ne 0 ]; then
  echo "test-setup: missing Debian packages: ${pkgs[*]}" >&2
  echo "test-setup: not root; install them with: sudo apt-get install -y --no-install-recommends ${pkgs[*]}" >&2
  exit 1
fi

echo "test-setup: installing ${pkgs[*]} (apt-get)"
export DEBIAN_FRONTEND=noninteractive
log="$(mktemp -t flowctl-test-setup.XXXXXX)"
if ! { apt-get update -q && apt-get install -y -q --no-install-recommends \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${pkgs[@]}"; } \
  </dev/null >"$log" 2>&1; then
  echo "test-setup: apt-get failed; last lines of $log:" >&2
  tail -n 30 "$log" >&2
  exit 1
fi
rm -f "$log"

for tool in dockerd docker docker-compose shellcheck busybox zsh fish dot; do
  if ! have "$tool"; then
    echo "test-setup: '$tool' still not found after install" >&2
    exit 1
  fi
done
echo "test-setup: installed ${pkgs[*]}"
