#!/usr/bin/env bash
# Builds the portable study: a folder and a .tar.gz that run the whole study on a Linux x64 machine without the .NET SDK.
#
#   bash bundle/build.sh [--framework-dependent] [--self-contained] [--out DIR]
#
# framework-dependent (default): the machine needs the .NET 10 runtime with ASP.NET Core (the "aspnetcore" runtime).
# --self-contained: the bundle carries that runtime too, copied from the dotnet that builds it; the machine needs nothing.
# Both options together build both bundles from one publish.
# The bundle holds the bench program, the worker (.dll, app host and NativeAOT), the article's Node.js program,
# run-study.sh (the study, in-process: BenchmarkDotNet cannot build benchmark programs without the SDK) and bench.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

kinds=()
out=artifacts/bundle
while [ $# -gt 0 ]; do
  case "$1" in
    --self-contained) kinds+=(self-contained); shift ;;
    --framework-dependent) kinds+=(framework-dependent); shift ;;
    --out)
      [ $# -ge 2 ] && [ -n "$2" ] || { echo "bundle: --out needs a folder." >&2; exit 2; }
      out="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bundle: unknown option '$1'; the options are --self-contained, --framework-dependent and --out DIR." >&2; exit 2 ;;
  esac
done
[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] || { echo "bundle: builds for Linux x64 only, on Linux x64 (this is $(uname -s)-$(uname -m))." >&2; exit 2; }
[ ! -e "$out" ] || [ -d "$out" ] || { echo "bundle: --out '$out' is a file; give a folder." >&2; exit 2; }

[ ${#kinds[@]} -gt 0 ] || kinds=(framework-dependent)
readarray -t kinds < <(printf '%s\n' "${kinds[@]}" | sort -u)

name=dice-offload
staging="$out/.building"
rm -rf "$staging"
mkdir -p "$staging/$name"
trap 'rm -rf "$staging"' EXIT
dest="$staging/$name"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "bundle: publishing the bench program and the worker (${kinds[*]}, linux-x64)"
# framework-dependent for linux-x64: only that platform's native files; the worker lands beside the program.
# The publishes take no property the repository's own build lacks (no -p:DebugType=none: a global property reaches the
# referenced projects too, so it would rebuild their bin/ folders, and the next build of the repository would rebuild
# them back); the symbol files are left out below instead.
dotnet publish bench -c Release -r linux-x64 --self-contained false -o "$dest/bench" --nologo -v quiet
echo "bundle: publishing the NativeAOT worker"
dotnet publish src/DiceOffload.Worker -c Release -r linux-x64 -p:PublishAot=true -o "$dest/artifacts/worker-aot" --nologo -v quiet
[ -x "$dest/artifacts/worker-aot/DiceOffload.Worker" ] || { echo "bundle: the NativeAOT worker was not published." >&2; exit 1; }
find "$dest" \( -name '*.pdb' -o -name '*.dbg' \) -type f -delete

mkdir -p "$dest/node"
cp node/*.js node/package.json node/README.md "$dest/node/"
mkdir -p "$dest/floors"
cp floors/floors.c "$dest/floors/"

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
[ -z "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] || commit="$commit+changes"

cat > "$dest/bench.sh" <<'SCRIPT'
#!/usr/bin/env bash
# Any command of the bench program (run, serve, report, ...), with the bundle's runtime when it carries one.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ -x "$here/dotnet/dotnet" ]; then
  export DOTNET_ROOT="$here/dotnet" PATH="$here/dotnet:$PATH"
elif [ -z "${DOTNET_ROOT:-}" ] && ! command -v dotnet >/dev/null 2>&1; then
  echo "bench: no .NET runtime; install the .NET 10 ASP.NET Core runtime, or set DOTNET_ROOT to its folder, or use the self-contained bundle." >&2
  exit 2
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec "$here/bench/Bench" "$@"
SCRIPT
cat > "$dest/run-study.sh" <<'SCRIPT'
#!/usr/bin/env bash
# The whole study on this machine, in-process (no SDK here to build benchmark programs), published into
# results/machines/<name>/ of this folder with a report; then pack that folder to bring it back:
#   ./run-study.sh [--machine NAME] [--job short|dry] [BenchmarkDotNet arguments]
#   taskset -c 0 ./run-study.sh --machine NAME-pinned      # the same study on one core
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/bench.sh" --inProcess --results "$here/results" "$@"
echo "run-study: to add these results to the study, copy a machine's folder into the repository's results/machines/, e.g."
echo "  tar -czf results.tar.gz -C '$here/results' machines    # then, in the repository: tar -xzf results.tar.gz -C results"
SCRIPT
chmod +x "$dest/bench.sh" "$dest/run-study.sh"

for kind in "${kinds[@]}"; do
  folder="$out/$kind/$name"
  archive="$out/$name-$kind.tar.gz"
  kind_dest="$staging/$kind/$name"
  mkdir -p "$(dirname "$kind_dest")"
  cp -a "$dest" "$kind_dest"
  if [ "$kind" = self-contained ]; then
    # the shared runtime layout (host, hostfxr, the two frameworks the program uses), not the SDK: the worker's
    # 'dotnet DiceOffload.Worker.dll' form then starts as it does on a machine with .NET installed
    root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
    version="$(ls "$root/shared/Microsoft.NETCore.App" | sort -V | tail -n 1)"
    mkdir -p "$kind_dest/dotnet/shared/Microsoft.NETCore.App" "$kind_dest/dotnet/shared/Microsoft.AspNetCore.App"
    cp "$root/dotnet" "$root/LICENSE.txt" "$root/ThirdPartyNotices.txt" "$kind_dest/dotnet/"
    cp -r "$root/host" "$kind_dest/dotnet/"
    cp -r "$root/shared/Microsoft.NETCore.App/$version" "$kind_dest/dotnet/shared/Microsoft.NETCore.App/"
    aspnet="$(ls "$root/shared/Microsoft.AspNetCore.App" | sort -V | tail -n 1)"
    cp -r "$root/shared/Microsoft.AspNetCore.App/$aspnet" "$kind_dest/dotnet/shared/Microsoft.AspNetCore.App/"
  fi
  printf '{\n  "kind": "%s",\n  "commit": "%s",\n  "built": "%s"\n}\n' "$kind" "$commit" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$kind_dest/bench/bundle.json"
  rm -rf "$folder"
  mkdir -p "$(dirname "$folder")"
  mv "$kind_dest" "$folder"
  tar -czf "$archive" -C "$(dirname "$folder")" "$name"
  echo "bundle: $folder ($(du -sh "$folder" | cut -f1)) and $archive ($(du -h "$archive" | cut -f1)), built from $commit"
done
