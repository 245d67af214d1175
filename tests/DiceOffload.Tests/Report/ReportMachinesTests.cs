using System.Globalization;
using System.Text.RegularExpressions;
using DiceOffload.Reporting.Report;
using DiceOffload.ResultFiles;
using DiceOffload.Tests.Comparison;

namespace DiceOffload.Tests.Report;

/// <summary>The report over results/machines/: several machines' fixture exports in one report.</summary>
public class ReportMachinesTests : ReportTestBase
{
    private static readonly string[] ScalingMethods = ["Inline", "Thread"];

    private string Machine(string name) => Path.Combine(Results, ResultsLayout.MachinesFolder, name);

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A machine's folder: the fixture's exports and scenarios, a Scaling export from 1 to twice the cores
    /// following the Universal Scalability Law with σ and κ (every case with the same relative noise, so that ratios of
    /// medians are exact), and its machine record.</summary>
    private void WriteMachine(string name, int cores, string toolchain = MachineRecord.OutOfProcess, int machineCores = 0, string cpu = "Test CPU",
        double sigma = 0.02, double kappa = 0.0005, bool record = true, double handOff = 1, string? affinity = null, int startedDay = 25)
    {
        string folder = Machine(name);
        ReportFixtures.Write(folder);
        BdnExportWriter.Write(Path.Combine(folder, "benchmarkdotnet", "results"), "Scaling",
            from workers in Enumerable.Range(1, 2 * cores)
            from method in ScalingMethods
            select new FixtureCase("Scaling", method,
                BdnExportWriter.Around(method == "Inline" ? 1e8 : handOff * 1e8 * (1 + sigma * (Math.Min(workers, cores) - 1) + kappa * Math.Min(workers, cores) * (Math.Min(workers, cores) - 1)) / Math.Min(workers, cores), seed: 1),
                [("Workers", Text(workers))]));
        if (record)
        {
            ScenarioFiles.Write(Path.Combine(folder, ResultsLayout.MachineFile), new MachineRecord(MachineRecord.CurrentSchemaVersion, name, cpu, cores,
                machineCores == 0 ? cores : machineCores, affinity ?? (machineCores > cores ? "0" : $"0-{cores - 1}"), 16L << 30, "Test OS", ".NET 10.0.0", toolchain,
                "sdk", "study", new DateTimeOffset(2025, 11, startedDay, 10, 15, 0, TimeSpan.Zero), "abc1234"));
        }
    }

    [Fact]
    public async Task Primary_is_chosen_by_quality_before_cores_and_says_why()
    {
        // the bigger machine has no record and no rerun; the smaller one has both
        WriteMachine("big-8-cores", cores: 8, record: false);
        WriteMachine("small-2-cores", cores: 2);
        ReportFixtures.Write(Path.Combine(Machine("small-2-cores"), "stability", "run-20251126-090000"));
        ReportFixtures.Write(Path.Combine(Machine("small-2-cores"), "stability", "run-20251126-100000"));

        string report = await ReportTextAsync();

        Assert.Contains("The machine is small-2-cores, chosen by quality: an out-of-process run of the study's job, a machine record, 2 stability reruns, 2 cores, ahead of 1 other machine.", report, StringComparison.Ordinal);
        Assert.Contains("The other sections show small-2-cores.", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tables_every_machine_and_projects_the_one_with_enough_worker_counts()
    {
        WriteMachine("big-8-cores", cores: 8, sigma: 0.02, kappa: 0.0005);
        WriteMachine("small-1-of-2-cores", cores: 1, toolchain: MachineRecord.InProcess, machineCores: 2);

        string report = await ReportTextAsync();

        Assert.Contains("## Machines", report, StringComparison.Ordinal);
        Assert.Contains("The study on 2 machines", report, StringComparison.Ordinal);
        // the fixture's exports list AVX2 as the widest instruction set the runtime accelerated
        Assert.Contains("| big-8-cores | Test CPU | AVX2 | 8 | 16.0 GiB |", report, StringComparison.Ordinal);
        Assert.Contains("| small-1-of-2-cores | Test CPU | AVX2 | 1 of 2 (pinned to CPU 0) |", report, StringComparison.Ordinal);
        Assert.Contains("| in-process |", report, StringComparison.Ordinal);
        // the experiment sections show the out-of-process machine with the most cores
        Assert.Contains("The other sections show big-8-cores.", report, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Results, "charts", "machine-big-8-cores-scaling.png")));
        // a one-core machine's speedups are flat at one: its sentence, no chart
        Assert.False(File.Exists(Path.Combine(Results, "charts", "machine-small-1-of-2-cores-scaling.png")));

        // the fit recovers the law the fixture's medians follow, and projects it; the 1-core machine is refused
        double expected64 = 64 / (1 + 0.02 * 63 + 0.0005 * 64 * 63);
        Assert.Contains($"| big-8-cores | thread | 8 worker counts, 1 to 8 | 0.0200 | 5.0e-4 |", report, StringComparison.Ordinal);
        Assert.Contains("| " + expected64.ToString(expected64 >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture) + "× |", report, StringComparison.Ordinal);
        Assert.Contains("| small-1-of-2-cores | thread | not fitted: no worker count above one up to the 1 core", report, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Results, "charts", "machines-usl-projection.png")));
        Assert.Contains("machines-usl-projection.png", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fits_the_law_to_each_strategys_own_one_worker_time_not_to_inline()
    {
        // every thread case 30% slower than the law alone: a constant factor that speedup over inline would fold into σ
        WriteMachine("big-8-cores", cores: 8, sigma: 0.02, kappa: 0.0005, handOff: 1.3);

        string report = await ReportTextAsync();

        Assert.Contains("| big-8-cores | thread | 8 worker counts, 1 to 8 | 0.0200 | 5.0e-4 |", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shows_the_newest_of_two_equal_runs_and_a_quota_as_no_pinning()
    {
        WriteMachine("older-2-cores", cores: 2, startedDay: 24);
        WriteMachine("newer-2-of-4-cores", cores: 2, machineCores: 4, affinity: "0-3", startedDay: 26);
        // the sections pick by the exports' run date; the fixture writes one date, so give the newer machine a later one
        foreach (string export in Directory.GetFiles(Path.Combine(Machine("newer-2-of-4-cores"), "benchmarkdotnet", "results"), "*.json"))
            File.WriteAllText(export, File.ReadAllText(export).Replace("-20251125-101500", "-20251126-101500", StringComparison.Ordinal));

        string report = await ReportTextAsync();

        Assert.Contains("The other sections show newer-2-of-4-cores.", report, StringComparison.Ordinal);
        Assert.Contains("| newer-2-of-4-cores | Test CPU | AVX2 | 2 of 4 (a CPU quota) |", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compares_toolchains_only_between_runs_on_the_same_instruction_sets()
    {
        WriteMachine("box-out", cores: 2);
        WriteMachine("other-host-in", cores: 2, toolchain: MachineRecord.InProcess);
        foreach (string export in Directory.GetFiles(Path.Combine(Machine("other-host-in"), "benchmarkdotnet", "results"), "*.json"))
            File.WriteAllText(export, File.ReadAllText(export).Replace("\"HardwareIntrinsics\": \"AVX2,", "\"HardwareIntrinsics\": \"AVX512 F+BW+CD+DQ+VL,AVX2,", StringComparison.Ordinal));

        string report = await ReportTextAsync();

        Assert.Contains("| other-host-in | Test CPU | AVX-512 |", report, StringComparison.Ordinal);
        Assert.Contains("No machine here ran the study with both toolchains", report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", 1)]
    [InlineData("0-3,8", 5)]
    [InlineData("2,4-5", 3)]
    [InlineData("3-1", null)]
    [InlineData("x", null)]
    [InlineData(null, null)]
    public void Counts_the_cpus_of_an_affinity_list(string? affinity, int? expected)
    {
        var record = new MachineRecord(MachineRecord.CurrentSchemaVersion, "m", "cpu", 1, 16, affinity, null, "os", ".NET", MachineRecord.OutOfProcess, "sdk", "study", DateTimeOffset.UnixEpoch, null);

        Assert.Equal(expected, record.AffinityCount);
    }

    [Fact]
    public async Task Measures_the_toolchain_where_one_machine_ran_both()
    {
        WriteMachine("box-out", cores: 2);
        WriteMachine("box-in", cores: 2, toolchain: MachineRecord.InProcess);

        string report = await ReportTextAsync();

        Assert.Contains("box-in ran in-process and box-out out-of-process on the same CPU, instruction sets and cores. They started within minutes of each other on the same CPUs", report, StringComparison.Ordinal);
        Assert.DoesNotContain("No machine here ran the study with both toolchains", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pairs_an_in_process_run_without_recorded_instruction_sets_by_cpu_and_cores()
    {
        // BenchmarkDotNet's in-process toolchains leave HardwareIntrinsics empty; the two ran side by side, one per CPU
        WriteMachine("box-out", cores: 1, machineCores: 2, affinity: "1");
        WriteMachine("box-in", cores: 1, toolchain: MachineRecord.InProcess, machineCores: 2, affinity: "0");
        foreach (string export in Directory.GetFiles(Path.Combine(Machine("box-in"), "benchmarkdotnet", "results"), "*.json"))
            File.WriteAllText(export, Regex.Replace(File.ReadAllText(export), "\"HardwareIntrinsics\": \"[^\"]*\"", "\"HardwareIntrinsics\": \"\""));

        string report = await ReportTextAsync();

        Assert.Contains("| box-in | Test CPU | not recorded | 1 of 2 (pinned to CPU 0) |", report, StringComparison.Ordinal);
        Assert.Contains("box-in ran in-process and box-out out-of-process on the same CPU and cores (by the CPU's name", report, StringComparison.Ordinal);
        Assert.Contains("They started together, pinned to different CPUs (0 and 1)", report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(24, "1", "They ran at different times, so machine drift is part of every difference here.")]
    [InlineData(25, "", "They started within minutes of each other, and on which CPUs each ran is not recorded")]
    public async Task Says_when_the_paired_runs_ran_and_on_which_cpus(int outOfProcessDay, string outOfProcessAffinity, string expected)
    {
        WriteMachine("box-out", cores: 1, machineCores: 2, affinity: outOfProcessAffinity, startedDay: outOfProcessDay);
        WriteMachine("box-in", cores: 1, toolchain: MachineRecord.InProcess, machineCores: 2, affinity: "0");

        string report = await ReportTextAsync();

        Assert.Contains("box-in ran in-process and box-out out-of-process on the same CPU, instruction sets and cores. " + expected, report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_the_drift_of_inline_between_worker_cases()
    {
        ReportFixtures.Write(Machine("steady-2-cores"));
        ReportFixtures.Write(Machine("drifting-2-cores"), inlineDrift: 1.1);

        string report = await ReportTextAsync();

        Assert.Contains("yet its medians on the article's job differed between the worker cases (Mann–Whitney at α = 0.01) on drifting-2-cores with the scalar kernel, ", report, StringComparison.Ordinal);
        Assert.Contains("(2-worker case), 1", report, StringComparison.Ordinal);
        Assert.Contains("% apart. That is the machine's speed moving during the run", report, StringComparison.Ordinal);
        Assert.DoesNotContain("on steady-2-cores, ", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Says_when_inline_showed_no_drift_across_worker_cases()
    {
        ReportFixtures.Write(Machine("steady-2-cores"));

        string report = await ReportTextAsync();

        Assert.Contains("no drift beyond the test's reach showed across those cases.", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Says_where_no_machine_ran_both_toolchains()
    {
        WriteMachine("only-2-cores", cores: 2);

        string report = await ReportTextAsync();

        Assert.Contains("The study has run on one machine here, only-2-cores", report, StringComparison.Ordinal);
        Assert.Contains("No machine here ran the study with both toolchains", report, StringComparison.Ordinal);
        Assert.Contains("No machine here has enough worker counts up to its cores for a fit that can be projected", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Machine_option_chooses_whose_run_the_sections_show()
    {
        WriteMachine("big-8-cores", cores: 8);
        WriteMachine("small-2-cores", cores: 2);

        Assert.Equal(0, await ReportCommandWith("--machine", "small-2-cores"));

        Assert.Contains("The other sections show small-2-cores.", File.ReadAllText(ReportPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_the_one_machine_layout_published_before()
    {
        ReportFixtures.Write(Results);

        string report = await ReportTextAsync();

        Assert.Contains("The study has run on one machine here", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_machine_folder_without_exports_is_refused_and_nothing_is_written()
    {
        WriteMachine("good-2-cores", cores: 2);
        Directory.CreateDirectory(Path.Combine(Machine("empty-box"), "scenarios"));
        File.WriteAllText(ReportPath, "the report before");

        Assert.Equal(2, await Report());

        string error = Error.ToString().Trim();
        Assert.Single(error.Split('\n'));
        Assert.Contains("empty-box", error, StringComparison.Ordinal);
        Assert.Contains("holds no BenchmarkDotNet exports", error, StringComparison.Ordinal);
        Assert.Equal("the report before", File.ReadAllText(ReportPath));
        Assert.False(Directory.Exists(Path.Combine(Results, "charts")));
    }

    [Fact]
    public async Task Two_machines_with_the_same_name_are_refused()
    {
        WriteMachine("Box-2-cores", cores: 2);
        WriteMachine("box-2-cores", cores: 2);

        Assert.Equal(2, await Report());

        string error = Error.ToString().Trim();
        Assert.Single(error.Split('\n'));
        Assert.Contains("two machine folders share the name", error, StringComparison.Ordinal);
        Assert.False(File.Exists(ReportPath));
    }

    [Fact]
    public async Task A_record_that_names_another_machine_is_refused()
    {
        WriteMachine("box-2-cores", cores: 2);
        Directory.Move(Machine("box-2-cores"), Machine("renamed"));

        Assert.Equal(2, await Report());

        Assert.Contains("holds the results of 'box-2-cores'", Error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(ReportPath));
    }

    [Theory]
    [InlineData("nobody", "no machine 'nobody'")]
    [InlineData("not a name", "is not a machine name")]
    public async Task An_unknown_or_malformed_machine_option_is_refused(string machine, string message)
    {
        WriteMachine("box-2-cores", cores: 2);

        Assert.Equal(2, await ReportCommandWith("--machine", machine));

        Assert.Contains(message, Error.ToString(), StringComparison.Ordinal);
        Assert.Single(Error.ToString().Trim().Split('\n'));
    }

    [Theory]
    [InlineData("AMD EPYC 7763 64-Core Processor", 16, 16, "amd-epyc-7763-64-core-16-cores")]
    [InlineData("AMD EPYC", 1, 2, "amd-epyc-1-of-2-cores")]
    [InlineData("Intel(R) Xeon(R) CPU @ 2.20GHz", 1, 1, "intel-r-xeon-r-2-20ghz-1-core")]
    [InlineData("", 4, 4, "machine-4-cores")]
    public void Default_names_come_from_the_cpu_and_the_cores(string cpu, int cores, int machineCores, string expected)
    {
        string name = MachineRecord.DefaultName(cpu, cores, machineCores);

        Assert.Equal(expected, name);
        Assert.True(MachineRecord.IsValidName(name));
    }

    private Task<int> ReportCommandWith(params string[] extra) =>
        DiceOffload.Bench.Commands.ReportCommand.InvokeAsync(["--results", Results, "--out", ReportPath, .. extra], Output, Error);
}
