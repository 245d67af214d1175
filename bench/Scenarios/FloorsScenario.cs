using System.Globalization;
using System.Text.Json;
using DiceOffload.Processes;
using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;

namespace DiceOffload.Bench.Scenarios;

/// <summary>
/// The floor the operating system sets under each hand-off: the C program <c>floors/floors.c</c>, built here with the C
/// compiler on the PATH and run once, times a pipe round trip between processes, an eventfd wake-up between threads and
/// between processes, a thread's start and join, and a process's start (fork + exec, posix_spawn) and wait. Without a C
/// compiler that can build it the study says so in one line and goes on; a program that fails to run fails the study.
/// </summary>
public static class FloorsScenario
{
    /// <summary>The program, relative to the repository root (or a bundle's).</summary>
    public static readonly string Source = Path.Combine("floors", "floors.c");

    /// <summary>The compilers looked for on the PATH, in order.</summary>
    public static IReadOnlyList<string> Compilers { get; } = ["cc", "gcc", "clang"];

    /// <summary>About how long the scenario takes: the build, and each floor's repetitions at a few times the floors
    /// measured on the study's hosts (tens of microseconds a wake-up or thread, a few milliseconds a process).</summary>
    public static TimeSpan Planned(ScenarioSettings settings)
    {
        var (repetitions, spawns) = Repetitions(settings);
        return TimeSpan.FromSeconds(2) + TimeSpan.FromMicroseconds(100) * repetitions * 4 + TimeSpan.FromMilliseconds(5) * spawns * 2;
    }

    /// <summary>The repetitions of each fast floor and of each process start: enough for a median and its interval.</summary>
    public static (int Repetitions, int Spawns) Repetitions(ScenarioSettings settings) => settings.Mode == "study" ? (2000, 200) : (20, 5);

    /// <returns>The result; null when no C compiler is on the PATH (the log says so).</returns>
    /// <exception cref="InvalidOperationException">The program is missing, failed or printed something that is not its result.</exception>
    /// <param name="watch">Told the folder the program is built in as soon as it exists (the study deletes it when
    /// interrupted), and <paramref name="unwatch"/> once it is gone.</param>
    public static async Task<FloorsResult?> RunAsync(ScenarioSettings settings, string sourceFile, TextWriter log, IReadOnlyList<string>? compilers = null,
        Action<string>? watch = null, Action<string>? unwatch = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(sourceFile))
            throw new InvalidOperationException($"the floors program {sourceFile} is missing.");
        if ((compilers ?? Compilers).Select(ProgramsOnPath.Find).FirstOrDefault(c => c is not null) is not { } compiler)
        {
            await log.WriteLineAsync($"floors: no C compiler ({string.Join(", ", compilers ?? Compilers)}) is on the PATH; the operating system's floors are skipped.");
            return null;
        }
        // a private folder for the binary, gone afterwards whatever happens; where the study's temporary folder is on a
        // mount that starts no programs (a container's /dev/shm), the system's temporary folder
        var folder = TempFolders.CreatePrivate("dice-offload-floors-", TempFolders.AllowsPrograms(TempFolders.CurrentRoot) ? null : Path.GetTempPath());
        watch?.Invoke(folder.FullName);
        try
        {
            string binary = Path.Combine(folder.FullName, "floors");
            string[] common = ["-O2", "-pthread", "-o", binary, sourceFile];
            // static first: the program that exec and posix_spawn start then loads no shared library, as the issue's
            // floor asks; a compiler without a static C library builds it dynamically, and the record says so
            bool isStatic = (await RunAsync(compiler, ["-static", "-DFLOORS_STATIC=1", .. common], "cc", cancellationToken)).ExitCode == 0;
            if (!isStatic)
            {
                // a compiler that cannot build a small POSIX program (no C library headers, say) is no compiler here
                var dynamic = await RunAsync(compiler, common, "cc", cancellationToken);
                if (dynamic.ExitCode != 0)
                {
                    await log.WriteLineAsync($"floors: {compiler} could not build {Source} ({FirstLine(dynamic.StandardError)}); the operating system's floors are skipped.");
                    return null;
                }
            }
            var (repetitions, spawns) = Repetitions(settings);
            var run = await RunAsync(binary, ["--repetitions", repetitions.ToString(CultureInfo.InvariantCulture),
                "--spawn-repetitions", spawns.ToString(CultureInfo.InvariantCulture)], "floors", cancellationToken);
            if (run.ExitCode != 0)
                throw new InvalidOperationException($"the floors program exited with code {run.ExitCode}: {FirstLine(run.StandardError)}");
            var result = new FloorsResult(FloorsResult.CurrentSchemaVersion, ScenarioSettings.Environment(settings),
                $"{Path.GetFileName(compiler)} -O2 {(isStatic ? "-static " : "")}-pthread", isStatic, Parse(run.StandardOutput));
            foreach (var floor in result.Floors)
                await log.WriteLineAsync($"floors: {floor.Name,-20} median {floor.MedianNs / 1000:0.0} µs ({floor.LowerNs / 1000:0.0} – {floor.UpperNs / 1000:0.0}), {floor.Repetitions} repetitions");
            return result;
        }
        finally
        {
            folder.Delete(recursive: true);
            unwatch?.Invoke(folder.FullName);
        }
    }

    /// <summary>The program's document as floors with their medians and intervals.</summary>
    /// <exception cref="InvalidOperationException">The text is not the program's document.</exception>
    public static IReadOnlyList<Floor> Parse(string document)
    {
        Output? output;
        try
        {
            output = JsonSerializer.Deserialize<Output>(document, ScenarioFiles.Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"the floors program printed something that is not its result: {ex.Message}", ex);
        }
        if (output is not { SchemaVersion: 1, Floors.Count: > 0 } || output.Floors.Any(f => f.SamplesNs is not { Count: > 0 } || string.IsNullOrEmpty(f.Name)))
            throw new InvalidOperationException("the floors program's result is not version 1 or holds a floor without samples.");
        return [.. output.Floors.Select(f =>
        {
            var interval = MedianInterval.Of(f.SamplesNs)!;
            return new Floor(f.Name, f.What ?? "", f.SamplesNs.Count, Statistics.Median(f.SamplesNs), interval.LowerNs, interval.UpperNs, f.SamplesNs.Min(), f.SamplesNs.Max());
        })];
    }

    private static async Task<WorkerExit> RunAsync(string program, IEnumerable<string> arguments, string name, CancellationToken cancellationToken)
    {
        using var process = WorkerProcess.Start(new WorkerLaunch(program, []), arguments, name);
        return await process.WaitAsync(cancellationToken);
    }

    private static string FirstLine(string text) => text.Trim().Split('\n').FirstOrDefault()?.Trim() ?? "";

    private sealed record Output(int SchemaVersion, bool Static, IReadOnlyList<OutputFloor> Floors);

    private sealed record OutputFloor(string Name, string? What, IReadOnlyList<double> SamplesNs);
}
