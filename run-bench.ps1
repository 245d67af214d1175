#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds the study, runs it, renders the report and compares the run with a baseline.

.DESCRIPTION
    Works wherever PowerShell 7 runs. Without PowerShell installed: dotnet tool restore; dotnet pwsh ./run-bench.ps1
    Exits with the compare command's code: 0 no regression, 1 regression, 2 bad input; or non-zero when the
    build or the run fails.

    With -Base, the gate for a pull request: the base commit (A) and this tree (B) are built and measured side by
    side on this machine (the ab command): a process of each side holds the same benchmark set up and their
    iterations alternate, and each benchmark is judged on its paired iterations; no stored baseline is involved. With
    -Rounds as well, whole study processes are paired instead (in process, -Job's job). Results, logs, ab.md and the
    chart go to artifacts/ab unless -Artifacts says otherwise.

.EXAMPLE
    ./run-bench.ps1                                   # the full study into results/machines/<this machine>/, compared with its baseline/
    ./run-bench.ps1 -Job short -Artifacts artifacts/bench
    ./run-bench.ps1 -Job dry -Filter '*Dispatch*' -Artifacts /tmp/bench -Baseline none   # a smoke run: no baseline, no comparison
    ./run-bench.ps1 -Job short -UpdateBaseline        # promote this run to the baseline
    ./run-bench.ps1 -Base origin/main                 # A/B in paired iterations, threshold 10%
    ./run-bench.ps1 -Base origin/main -Rounds 4       # A/B in 4 interleaved rounds per side of the short job, in process
#>
[CmdletBinding()]
param(
    # BenchmarkDotNet job (dry, short, medium, long); empty: the study's own job
    [string] $Job = '',
    # BenchmarkDotNet filter on full benchmark names
    [string] $Filter = '*',
    # where results go; results/ is the published study
    [string] $Artifacts = 'results',
    # folder of baseline exports; compared when present (default: the published machine's baseline/, or the first
    # machine's under results/machines/ for other runs)
    [string] $Baseline = '',
    # absolute compares times; ratio compares each benchmark's time relative to its run's Inline baseline
    [ValidateSet('absolute', 'ratio')] [string] $Mode = 'ratio',
    # smallest change that counts as a regression
    [string] $Threshold = '10%',
    # copy this run's exports over the baseline after comparing
    [switch] $UpdateBaseline,
    # A/B mode: the git commit, branch or tag to measure side by side with this tree
    [string] $Base = '',
    # A/B mode: pair whole rounds instead of iterations, this many per side (at least 3); 0 pairs iterations
    [int] $Rounds = 0
)

$ErrorActionPreference = 'Stop'

# a failure says why on stderr and ends the script with its own exit code; Write-Error under 'Stop' would end it
# with exit code 1 before the exit below ran
function Fail([string] $message, [int] $code) {
    [Console]::Error.WriteLine("run-bench: $message")
    Pop-Location
    exit $code
}

# work from the repository root, and leave the caller in the folder it was in
Push-Location $PSScriptRoot

function Step([string] $message) { Write-Host "`n== $message ($([DateTime]::UtcNow.ToString('HH:mm:ss')) UTC)" }
function Invoke-Bench([string[]] $arguments) {
    # Out-Host: the program's output is for the reader, the function's only output is the exit code
    & dotnet run -c Release --no-build --project bench -- @arguments | Out-Host
    return $LASTEXITCODE
}

# bad input is refused before anything is built or deleted
if ($Rounds -lt 0 -or ($Rounds -gt 0 -and $Rounds -lt 3)) { Fail "-Rounds must be 0 (pair iterations) or at least 3; got $Rounds." 2 }
if ($Base -and $Job -and $Rounds -eq 0) { Fail '-Job applies to -Rounds; paired iterations time each benchmark by themselves.' 2 }

Step 'build (Release)'
& dotnet build Bench.sln -c Release
if ($LASTEXITCODE -ne 0) { Fail 'the build failed.' $LASTEXITCODE }

# the WorkerStartup benchmark also starts the NativeAOT worker (README: Worker forms); publishing again is incremental
Step 'build the NativeAOT worker (artifacts/worker-aot)'
& dotnet publish src/DiceOffload.Worker -c Release -p:PublishAot=true -o artifacts/worker-aot
if ($LASTEXITCODE -ne 0) { Fail 'the NativeAOT worker could not be built.' $LASTEXITCODE }

if ($Base) {
    # the A/B gate: its own job (short unless -Job says otherwise), its own folder, no stored baseline
    $out = if ($PSBoundParameters.ContainsKey('Artifacts')) { $Artifacts } else { 'artifacts/ab' }
    if (-not $PSBoundParameters.ContainsKey('Artifacts') -and (Test-Path $out)) { Remove-Item -Recurse -Force $out }
    # a base from before paired iterations has no ab-side to pair with: its pull request is gated in rounds
    & git cat-file -e "$($Base):bench/Commands/AbSideCommand.cs" 2>$null
    if ($Rounds -eq 0 -and $LASTEXITCODE -ne 0) {
        Write-Host "run-bench: $Base predates paired iterations (no bench/Commands/AbSideCommand.cs); pairing 4 rounds instead"
        $Rounds = 4
    }
    if ($Rounds -gt 0) {
        $abJob = if ($Job) { $Job } else { 'short' }
        Step "A/B: $Base (A) against this tree (B), job $abJob in process, filter $Filter, $Rounds rounds, into $out"
        # in process: no benchmark program is built per round, so each class's base and head run back to back (README: Regression tracking)
        $abCode = Invoke-Bench @('ab', '--base', $Base, '--pairing', 'rounds', '--rounds', $Rounds, '--job', $abJob, '--filter', $Filter, '--in-process',
            '--threshold', $Threshold, '--out', $out)
    }
    else {
        Step "A/B: $Base (A) against this tree (B) in paired iterations, filter $Filter, into $out"
        $abCode = Invoke-Bench @('ab', '--base', $Base, '--filter', $Filter, '--threshold', $Threshold, '--out', $out)
    }
    Step "done: ab exit code $abCode"
    Pop-Location
    exit $abCode
}

# the results folder names below (machines/, machine.json, benchmarkdotnet/, baseline/) follow the README's results layout,
# which src/DiceOffload.ResultFiles/ResultsLayout.cs names for the program
$published = ($Artifacts.TrimEnd('/', '\') -eq 'results') -and $Job -eq '' -and $Filter -eq '*'
if (-not $Baseline -and -not $published) {
    $first = Get-ChildItem -Directory results/machines/*/baseline -ErrorAction SilentlyContinue | Select-Object -First 1
    $Baseline = if ($first) { $first.FullName } else { 'none' }
}
if ($published) {
    Step 'study (the full default run, published into results/ with report.md)'
    $code = Invoke-Bench @()
    # the machine folder the study just published into
    $machine = Get-ChildItem -Directory results/machines -ErrorAction SilentlyContinue | Where-Object { $_.Name -notlike '.*' } |
        Sort-Object { (Get-Item (Join-Path $_.FullName 'machine.json') -ErrorAction SilentlyContinue).LastWriteTime } | Select-Object -Last 1
    $current = if ($machine) { Join-Path $machine.FullName 'benchmarkdotnet' } else { 'results' }
    if (-not $Baseline) { $Baseline = if ($machine) { Join-Path $machine.FullName 'baseline' } else { 'none' } }
}
else {
    Step "study (job: $(if ($Job) { $Job } else { 'the study''s own' }), filter: $Filter, into $Artifacts)"
    $arguments = @('--filter', $Filter, '--artifacts', $Artifacts)
    if ($Job) { $arguments += @('--job', $Job) }
    $code = Invoke-Bench $arguments
    $current = $Artifacts
    if ($code -eq 0) {
        Step "report ($Artifacts/report.md)"
        $reportArguments = @('report', '--results', $Artifacts, '--out', (Join-Path $Artifacts 'report.md'))
        if (Test-Path $Baseline) { $reportArguments += @('--baseline', $Baseline) }
        $reportCode = Invoke-Bench $reportArguments
        if ($reportCode -ne 0) { Write-Warning "run-bench: the report could not be rendered (exit code $reportCode)." }
    }
}
if ($code -ne 0) { Fail "the study failed (exit code $code)." $code }

$compareCode = 0
if (Test-Path $Baseline) {
    Step "compare with $Baseline ($Mode, threshold $Threshold)"
    $compareCode = Invoke-Bench @('compare', '--baseline', $Baseline, '--current', $current, '--mode', $Mode,
        '--threshold', $Threshold, '--out', (Join-Path $Artifacts 'compare.md'))
}
else {
    Step "compare skipped: no baseline at $Baseline"
}

if ($UpdateBaseline) {
    Step "update the baseline in $Baseline"
    $exports = Get-ChildItem -Path $current -Recurse -File -Filter '*-report-full.json' |
        Where-Object { $_.FullName -notlike "*$([IO.Path]::DirectorySeparatorChar)baseline$([IO.Path]::DirectorySeparatorChar)*" }
    if (-not $exports) { Fail "no exports under $current to promote." 2 }
    if (Test-Path $Baseline) { Remove-Item -Recurse -Force $Baseline }
    New-Item -ItemType Directory -Force -Path $Baseline | Out-Null
    $exports | Copy-Item -Destination $Baseline
    Write-Host "run-bench: $($exports.Count) exports promoted to $Baseline."
}

Step "done: compare exit code $compareCode"
Pop-Location
exit $compareCode
