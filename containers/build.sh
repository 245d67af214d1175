#!/usr/bin/env bash
# Builds the project's container image the .NET way and loads it into podman:
#
#   bash containers/build.sh [--smoke]
#
# The image is `dotnet publish -t:PublishContainer` of the self-contained bench program (the study, run, serve, report)
# and its worker, on a Debian base image made here with mmdebstrap (public registries are not reachable here; the base
# is made once and reused). The SDK takes its base only from a registry, so the script serves Debian's docker-registry
# on loopback for the publish and stops it afterwards. Needs Linux x64, root and apt-get (it installs podman, runc,
# mmdebstrap and docker-registry from Debian where they are missing). --smoke then runs the image once:
# `run --strategy all`, and `run` under a 1.5 CPU limit, which must see the quota.
# Exit codes: 0 built (and smoked); 1 a step failed; 2 it cannot run here (one line says why).
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=false
for argument in "$@"; do
  case "$argument" in
    --smoke) smoke=true ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "containers: unknown option '$argument'; the one option is --smoke." >&2; exit 2 ;;
  esac
done
[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] || { echo "containers: builds for Linux x64 only (this is $(uname -s)-$(uname -m))." >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "containers: needs root (podman's storage and the base image's root file system); this runs as $(id -un)." >&2; exit 2; }
command -v dotnet >/dev/null || { echo "containers: needs the .NET SDK (dotnet) on the PATH to publish the image." >&2; exit 2; }

export CONTAINERS_CONF="$PWD/containers/containers.conf"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
base=localhost/dice-offload-base:bookworm
repository=dice-offload

tools=(podman runc mmdebstrap docker-registry)
missing=()
for tool in "${tools[@]}"; do command -v "$tool" >/dev/null || missing+=("$tool"); done
# mmdebstrap checks Debian's signatures with Debian's keyring (a Debian host has it; an Ubuntu one needs it)
[ -e /usr/share/keyrings/debian-archive-keyring.gpg ] || missing+=(debian-archive-keyring)
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || { echo "containers: needs ${missing[*]} and has no apt-get to install them." >&2; exit 2; }
  echo "containers: installing ${missing[*]} from the distribution's packages"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
fi

work="$(mktemp -d /tmp/dice-offload-containers.XXXXXX)"
registry_pid=""
smoke_name="dice-offload-smoke-$$"
cleanup() {
  if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; fi
  podman rm -f "$smoke_name" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if podman image exists "$base"; then
  echo "containers: the base image $base is there; reused"
else
  mirror="$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
  # Debian's own mirror where the host names one (an Ubuntu host's sources name Ubuntu's, which has no bookworm)
  [ -e /etc/debian_version ] && ! grep -qi ubuntu /etc/os-release 2>/dev/null || mirror=""
  mirror="${mirror:-http://deb.debian.org/debian}"
  echo "containers: making the base image $base from Debian bookworm ($mirror): the runtime's native needs (ICU, OpenSSL, CA certificates, time zones)"
  mmdebstrap --quiet --variant=minbase --include=ca-certificates,libicu72,libssl3,tzdata bookworm "$work/rootfs.tar" "$mirror"
  # without PATH, podman kube play cannot find sh in it
  podman import --quiet --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "$work/rootfs.tar" "$base" >/dev/null
  rm -f "$work/rootfs.tar"
fi

# a free loopback port for the registry
port=""
for candidate in $(shuf -i 20000-40000 -n 20); do
  if ! ss -Hltn "sport = :$candidate" | grep -q .; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "containers: found no free loopback port for the registry." >&2; exit 1; }
mkdir -p "$work/registry"
cat > "$work/registry.yml" <<YAML
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $work/registry
http:
  addr: 127.0.0.1:$port
YAML
docker-registry serve "$work/registry.yml" > "$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/v2/" >/dev/null && break
  kill -0 "$registry_pid" 2>/dev/null || { cat "$work/registry.log" >&2; echo "containers: the registry did not start." >&2; exit 1; }
  sleep 0.1
done
podman push --quiet --tls-verify=false "$base" "localhost:$port/dice-offload-base:bookworm"

# a self-contained program has no dotnet host to start the worker's .dll: the image carries the NativeAOT worker
if [ ! -x artifacts/worker-aot/DiceOffload.Worker ]; then
  echo "containers: publishing the NativeAOT worker into artifacts/worker-aot"
  dotnet publish src/DiceOffload.Worker -c Release -p:PublishAot=true -o artifacts/worker-aot --nologo -v quiet
fi
echo "containers: publishing the image with the SDK (dotnet publish -t:PublishContainer, self-contained, linux-x64)"
dotnet publish bench -c Release -r linux-x64 --self-contained -t:PublishContainer -p:DiceOffloadContainer=true --nologo -v quiet \
  -p:ContainerBaseImage="localhost:$port/dice-offload-base:bookworm" -p:ContainerRepository="$repository" -p:ContainerImageTag=latest \
  -p:ContainerArchiveOutputPath="$work/$repository.tar.gz" -o "$work/publish"
image="localhost/$repository:latest"
previous="$(podman image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
loaded="$(podman load --quiet -i "$work/$repository.tar.gz")"
loaded_as="$(sed -n 's/^Loaded image: //p' <<<"$loaded" | tail -n 1)"
[ -n "$loaded_as" ] || { echo "containers: podman loaded no image: $loaded" >&2; exit 1; }
# podman puts a name without a registry under docker.io; the image is local, and named so
if [ "$loaded_as" != "$image" ]; then
  podman tag "$loaded_as" "$image"
  podman rmi "$loaded_as" >/dev/null
fi
# the image this one replaces, left without a name, goes (unless a container still uses it)
if [ -n "$previous" ] && [ "$previous" != "$(podman image inspect --format '{{.Id}}' "$image")" ]; then
  podman rmi "$previous" >/dev/null 2>&1 || true
fi
echo "containers: built $image ($(podman image inspect --format '{{.Size}}' "$image" | awk '{ printf "%.0f MB", $1 / 1e6 }'))"

if $smoke; then
  echo "containers: smoke: run --strategy all in the image"
  podman run --rm --name "$smoke_name" "$image" run --strategy all --throws 1000000 --workers 2 > "$work/all.txt"
  grep -q "strategies that finished agree" "$work/all.txt" || { cat "$work/all.txt"; echo "containers: the image's strategies did not agree." >&2; exit 1; }
  echo "containers: smoke: run under --cpus=1.5 sees the quota"
  podman run --rm --name "$smoke_name" --cpus=1.5 "$image" run --strategy parallel-for --throws 1000000 --json > "$work/quota.json"
  grep -q '"cpuQuota": 1.5' "$work/quota.json" && grep -q '"processorCount": ' "$work/quota.json" \
    || { cat "$work/quota.json"; echo "containers: run in a container limited to 1.5 CPUs did not report the quota." >&2; exit 1; }
  echo "containers: smoke passed: $(grep -o '"processorCount": [0-9]*' "$work/quota.json" | head -n 1) under a 1.5 CPU limit"
fi
echo "containers: done; run it with: podman run --rm --network host $image serve --port 5000"
