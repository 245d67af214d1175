using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;
using ScottPlot;

namespace DiceOffload.Reporting.Report.Sections;

// in-process against out-of-process where one kind of host ran both
internal sealed partial class MachinesSection
{
    private static void Toolchains(MarkdownWriter text, IReadOnlyList<MachineResults> machines)
    {
        text.Line("### In-process against out-of-process on the same machine");
        text.Line();
        var pairs = machines.Where(m => m.Toolchain == MachineRecord.OutOfProcess)
            .SelectMany(o => machines.Where(i => i.Toolchain == MachineRecord.InProcess && SameHardware(i, o)).Select(i => (Out: o, In: i)))
            .ToList();
        if (pairs.Count == 0)
        {
            text.Line("No machine here ran the study with both toolchains (same CPU, instruction sets and cores), so what the in-process toolchain changes is not measured in these results; "
                + "an in-process machine's figures carry the difference unknown.");
            text.Line();
            return;
        }
        foreach (var (outOfProcess, inProcess) in pairs)
        {
            var rows = new List<(BenchmarkResult Out, BenchmarkResult In, Comparison.RatioShift Ratio, Difference Verdict)>();
            foreach (string experiment in new[] { Experiments.Throughput, Experiments.BreakEven, Experiments.Dispatch, Experiments.Scaling })
            {
                var ins = inProcess.Results.Experiment(experiment);
                // a case Break-even shares with Throughput is counted once, under Throughput
                foreach (var o in outOfProcess.Results.Experiment(experiment).Where(o => o.SharedFrom is null))
                {
                    if (ins.FirstOrDefault(i => i.Method == o.Method && i.ParametersText == o.ParametersText) is { } i
                        && Comparison.RatioShift.Of(o.MeasurementsNs, i.MeasurementsNs) is { } ratio)
                        rows.Add((o, i, ratio, Claims.Compare(i, o)));
                }
            }
            if (rows.Count == 0)
            {
                text.Line($"{inProcess.Name} (in-process) and {outOfProcess.Name} (out-of-process) share no benchmark case.");
                text.Line();
                continue;
            }
            int faster = rows.Count(r => r.Verdict == Difference.Faster), slower = rows.Count(r => r.Verdict == Difference.Slower);
            var apart = rows.Where(r => r.Verdict is Difference.Faster or Difference.Slower && Math.Abs(Math.Log(r.Ratio.Estimate)) > Math.Log(1.10)).ToList();
            string sameWhat = inProcess.HardwareIntrinsics is null || outOfProcess.HardwareIntrinsics is null
                ? "the same CPU and cores (by the CPU's name: BenchmarkDotNet records the accelerated instruction sets only out of process, so they were not compared)"
                : "the same CPU, instruction sets and cores";
            text.Line($"{inProcess.Name} ran in-process and {outOfProcess.Name} out-of-process on {sameWhat}. {When(inProcess, outOfProcess)} Of {rows.Count} benchmark cases both ran, the in-process run was "
                + $"faster in {faster}, slower in {slower} and not distinguishable from it in {rows.Count - faster - slower} (Mann–Whitney at α = 0.01, launch by launch where both ran several); {apart.Count} differ by more than 10%. "
                + $"The median ratio, in-process time over out-of-process time, is {ReportFormat.Ratio(Statistics.Median([.. rows.Select(r => r.Ratio.Estimate)]))}.");
            text.Line();
            if (apart.Count > 0)
            {
                text.Line("| benchmark | out-of-process median | in-process median | in-process / out-of-process (99% interval unless named) |");
                text.Line("| --- | ---: | ---: | ---: |");
                foreach (var r in apart.OrderByDescending(r => Math.Abs(Math.Log(r.Ratio.Estimate))).Take(12))
                {
                    var unit = DisplayUnit.For([r.Out.MedianNs!.Value, r.In.MedianNs!.Value]);
                    text.Line($"| {Cell(r.Out.DisplayName)} | {unit.Format(r.Out.MedianNs!.Value)} | {unit.Format(r.In.MedianNs!.Value)} | {Claims.RatioCell(r.Ratio)} |");
                }
                if (apart.Count > 12)
                    text.Line($"| … {apart.Count - 12} more | | | |");
                text.Line();
            }
        }
    }

    /// <summary>When the two runs were made, and what that puts into each difference.</summary>
    private static string When(MachineResults inProcess, MachineResults outOfProcess)
    {
        if (inProcess.Record is not { } i || outOfProcess.Record is not { } o)
            return "When each ran is not recorded, so machine drift is part of every difference here.";
        bool together = Math.Abs((i.StartedUtc - o.StartedUtc).TotalMinutes) < 10;
        if (!together)
            return "They ran at different times, so machine drift is part of every difference here.";
        if (string.IsNullOrEmpty(i.Affinity) || string.IsNullOrEmpty(o.Affinity))
            return "They started within minutes of each other, and on which CPUs each ran is not recorded, so each may have taken CPU time from the other: the differences here are not the toolchain's alone.";
        return i.Affinity != o.Affinity
            ? $"They started together, pinned to different CPUs ({Cell(i.Affinity!)} and {Cell(o.Affinity!)}): each ran beside the other, so what they share (caches, memory, the host) is part of every difference here."
            : "They started within minutes of each other on the same CPUs, so each took CPU time from the other: the differences here are not the toolchain's alone.";
    }

    /// <summary>Two runs on one kind of host: the CPU's name, the instruction sets the runtime accelerated where both
    /// runs recorded them, and the cores used and present.</summary>
    private static bool SameHardware(MachineResults x, MachineResults y) =>
        x.Cpu == y.Cpu && x.Cores == y.Cores
        && (x.HardwareIntrinsics is null || y.HardwareIntrinsics is null || x.HardwareIntrinsics == y.HardwareIntrinsics)
        && (x.Record?.MachineProcessorCount ?? x.Cores) == (y.Record?.MachineProcessorCount ?? y.Cores);
}
