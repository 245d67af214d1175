using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Running;
using DiceOffload.Bench.Benchmarks;
using DiceOffload.Bench.Study;

namespace DiceOffload.Bench.Commands;

/// <summary>
/// <c>ab-side</c> (hidden): one side of <c>ab</c>'s paired iterations. It holds the study's benchmarks, sets one up at a
/// time and times as many invocations of it as it is asked to, one request and one answer per line on stdin and stdout,
/// so that <c>ab</c> can alternate the base's and the head's iterations a fraction of a second apart.
/// </summary>
/// <remarks>
/// <para>BenchmarkDotNet runs every iteration of a case before it returns, so it cannot put another build's iteration
/// between two of them; this program reads the cases from BenchmarkDotNet (<see cref="BenchmarkConverter"/>, its
/// filter and full names) and does only what an iteration needs, on a thread of its own whose stack starts page-aligned: the parameters, the global set-up and clean-up, a full
/// garbage collection before each iteration, as BenchmarkDotNet's default does, a tenth of the invocations untimed, then the invocations timed together.</para>
/// <para>The protocol (<see cref="AbSideProtocol"/>): <c>list GLOB</c> answers a <c>case</c> or <c>skip</c> line per case
/// and <c>end</c>; <c>setup NAME</c>, <c>run N</c> (nanoseconds per operation and per invocation) and <c>cleanup</c> answer
/// one line, or <c>error MESSAGE</c>. When stdin ends the case is cleaned up and the program exits; so does a side whose
/// <c>ab</c> died.</para>
/// </remarks>
internal static class AbSideCommand
{
    public static Command Create()
    {
        var command = new Command("ab-side", "One side of ab's paired iterations, driven over stdin and stdout (ab starts it).") { Hidden = true };
        command.SetAction((_, cancel) =>
        {
            var protocol = Console.Out;
            // what the benchmarks print (their set-ups log what they started) goes to stderr, never into the protocol
            Console.SetOut(Console.Error);
            using var interrupt = new Interrupt();
            // Ctrl+C or SIGTERM: the workers and the temporary files go, and so does the side, wherever its iteration is
            using var stop = cancel.Register(() =>
            {
                interrupt.Dispose();
                Environment.Exit(130);   // 128 + SIGINT, what a shell reports for a program Ctrl+C ended (SIGTERM ends it alike)
            });
            // every request runs on one thread of the side's own, not the main thread: the kernel places the main
            // thread's stack at a random 16-byte offset, so the same frames fall differently on cache lines in every
            // process, while a thread's stack starts page-aligned and lays them out alike on both sides
            int code = 0;
            var requests = new Thread(() => code = Run(Console.In, protocol), RequestThreadStackBytes) { Name = "ab-side requests" };
            requests.Start();
            requests.Join();
            return Task.FromResult(code);
        });
        return command;
    }

    // the main thread's default on Linux x64
    private const int RequestThreadStackBytes = 8 * 1024 * 1024;

    /// <summary>Answers each line of <paramref name="input"/> on <paramref name="protocol"/> until it ends, then cleans the case up.</summary>
    public static int Run(TextReader input, TextWriter protocol)
    {
        var side = new Side();
        try
        {
            protocol.WriteLine($"{AbSideProtocol.Ready} {AbSideProtocol.Version}");
            protocol.Flush();
            while (input.ReadLine() is { } line)
            {
                protocol.WriteLine(side.Answer(line));
                protocol.Flush();
            }
        }
        catch (IOException)
        {
            // ab's end of a pipe is gone: it has stopped, and nobody is left to answer
        }
        finally
        {
            if (side.Cleanup() is { } failure && failure != AbSideProtocol.Ok)
                Console.Error.WriteLine($"ab-side: {failure}");
        }
        return 0;
    }

    private sealed class Side
    {
        private readonly Dictionary<string, BenchmarkCase> _cases = new(StringComparer.Ordinal);
        private Case? _current;

        public string Answer(string line)
        {
            int space = line.IndexOf(' ');
            string verb = space < 0 ? line : line[..space], argument = space < 0 ? "" : line[(space + 1)..];
            try
            {
                return verb switch
                {
                    AbSideProtocol.List => List(argument),
                    AbSideProtocol.Setup => Setup(argument),
                    AbSideProtocol.Run when long.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n > 0 => Time(n),
                    AbSideProtocol.Cleanup => Cleanup(),
                    _ => $"{AbSideProtocol.Error} unknown request '{line}'",
                };
            }
            catch (Exception ex)
            {
                return $"{AbSideProtocol.Error} {Describe(ex)}";
            }
        }

        private string List(string glob)
        {
            var filter = new GlobFilter([glob]);
            var lines = new List<string>();
            foreach (var type in AbCommand.BenchmarkClasses())
            {
                foreach (var benchmark in BenchmarkConverter.TypeToBenchmarks(type).BenchmarksCases.Where(filter.Predicate))
                {
                    // the study's own filters: a strategy measured only where it differs from another, and DynamicPgo's few cases
                    if (!EveryStrategy.Measures(benchmark.Descriptor.Type, benchmark.Descriptor.WorkloadMethod.Name)
                        || (benchmark.Descriptor.Type == typeof(DynamicPgo) && !DynamicPgo.Measures(benchmark)))
                        continue;
                    string name = FullNameProvider.GetBenchmarkName(benchmark);
                    if (Unsupported(benchmark) is { } why)
                    {
                        lines.Add($"{AbSideProtocol.Skip}\t{name}\t{why}");
                        continue;
                    }
                    _cases[name] = benchmark;
                    lines.Add($"{AbSideProtocol.Case}\t{name}");
                }
            }
            lines.Add(AbSideProtocol.End);
            return string.Join('\n', lines);
        }

        private static string? Unsupported(BenchmarkCase benchmark)
        {
            if (benchmark.Descriptor.Type == typeof(DynamicPgo))
                return "it turns dynamic PGO on, which only a process of its own can; the study measures it";
            var returns = benchmark.Descriptor.WorkloadMethod.ReturnType;
            if (typeof(Task).IsAssignableFrom(returns) || returns.Name.StartsWith("ValueTask", StringComparison.Ordinal))
                return "it is asynchronous, which the paired iterations do not time";
            if (benchmark.Parameters.Items.Any(p => p.IsArgument))
                return "it takes arguments, which the paired iterations do not pass";
            return null;
        }

        private string Setup(string name)
        {
            if (Cleanup() is var previous && previous != AbSideProtocol.Ok)
                return previous;
            if (!_cases.TryGetValue(name, out var benchmark))
                return $"{AbSideProtocol.Error} no case '{name}' was listed";
            _current = Case.Start(benchmark);
            return AbSideProtocol.Ok;
        }

        private string Time(long invocations)
        {
            if (_current is null)
                return $"{AbSideProtocol.Error} no case is set up";
            var (operationNs, invocationNs) = _current.Time(invocations);
            return $"{operationNs.ToString("R", CultureInfo.InvariantCulture)} {invocationNs.ToString("R", CultureInfo.InvariantCulture)}";
        }

        public string Cleanup()
        {
            var current = _current;
            _current = null;
            try
            {
                current?.Dispose();
                return AbSideProtocol.Ok;
            }
            catch (Exception ex)
            {
                return $"{AbSideProtocol.Error} the clean-up failed: {Describe(ex)}";
            }
        }

        // what went wrong, on one line: a benchmark method's own exception, not the reflection's wrapper around it
        private static string Describe(Exception ex)
        {
            var inner = ex is TargetInvocationException { InnerException: { } e } ? e : ex;
            return $"{inner.GetType().Name}: {inner.Message.ReplaceLineEndings(" ")}";
        }
    }

    /// <summary>One case set up: its benchmark object with its parameters set and its global set-up run.</summary>
    private sealed class Case : IDisposable
    {
        private readonly object _instance;
        private readonly BenchmarkCase _benchmark;
        private readonly Action _invoke;
        private readonly Action? _iterationSetup, _iterationCleanup;

        private Case(object instance, BenchmarkCase benchmark)
        {
            _instance = instance;
            _benchmark = benchmark;
            // a compiled call, not MethodInfo.Invoke: reflection would add its own cost to every invocation
            _invoke = Bind(benchmark.Descriptor.WorkloadMethod)!;
            _iterationSetup = Bind(benchmark.Descriptor.IterationSetupMethod);
            _iterationCleanup = Bind(benchmark.Descriptor.IterationCleanupMethod);
        }

        public static Case Start(BenchmarkCase benchmark)
        {
            var type = benchmark.Descriptor.Type;
            object instance = Activator.CreateInstance(type)!;
            foreach (var parameter in benchmark.Parameters.Items)
            {
                const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.FlattenHierarchy;
                object? target = parameter.IsStatic ? null : instance;
                if (type.GetProperty(parameter.Name, flags) is { } property)
                    property.SetValue(target, parameter.Value);
                else if (type.GetField(parameter.Name, flags) is { } field)
                    field.SetValue(target, parameter.Value);
                else
                    throw new InvalidOperationException($"{type.Name} has no parameter {parameter.Name}");
            }
            benchmark.Descriptor.GlobalSetupMethod?.Invoke(instance, null);
            return new Case(instance, benchmark);
        }

        /// <summary>Nanoseconds per operation and per invocation over <paramref name="invocations"/> invocations timed together.</summary>
        public (double OperationNs, double InvocationNs) Time(long invocations)
        {
            _iterationSetup?.Invoke();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            // a tenth of the invocations, untimed, right before the timed ones: the other side's iteration ran in between,
            // and the first invocations after it would pay for the caches and the threads it left cold (one invocation
            // long enough to be an iteration by itself pays that too little to matter)
            for (long i = 0; i < invocations / 10; i++)
                _invoke();
            long start = Stopwatch.GetTimestamp();
            for (long i = 0; i < invocations; i++)
                _invoke();
            long elapsed = Stopwatch.GetTimestamp() - start;
            _iterationCleanup?.Invoke();
            double perInvocation = elapsed * (1e9 / Stopwatch.Frequency) / invocations;
            return (perInvocation / _benchmark.Descriptor.OperationsPerInvoke, perInvocation);
        }

        public void Dispose() => _benchmark.Descriptor.GlobalCleanupMethod?.Invoke(_instance, null);

        private Action? Bind(MethodInfo? method) =>
            method is null ? null : Expression.Lambda<Action>(Expression.Call(Expression.Constant(_instance), method)).Compile();
    }
}

/// <summary>The lines <c>ab</c> and an <c>ab-side</c> exchange (see <see cref="AbSideCommand"/>).</summary>
internal static class AbSideProtocol
{
    /// <summary>Raised whenever a request or an answer changes meaning: <c>ab</c> refuses a side that speaks another.</summary>
    public const int Version = 1;
    public const string Ready = "ready";
    public const string List = "list";
    public const string Setup = "setup";
    public const string Run = "run";
    public const string Cleanup = "cleanup";
    public const string Case = "case";
    public const string Skip = "skip";
    public const string End = "end";
    public const string Ok = "ok";
    public const string Error = "error";
}
