using DiceOffload.Processes;

namespace DiceOffload.Tests.Processes;

public sealed class WorkerProtocolTests
{
    private static readonly DiceJob Job = new(1_000_000, 3, 8, seed: 11);

    [Fact]
    public void RollArguments_ParseBackToTheSameJobChunksAndLifeline()
    {
        var request = WorkerProtocol.ParseArguments(WorkerProtocol.RollArguments(Job, 3, 5));

        Assert.Equal(new WorkerRequest("roll", Job, 3, 5, null, WatchesLifeline: true), request);
    }

    [Fact]
    public void SharedArguments_ParseBackWithTheMap()
    {
        var request = WorkerProtocol.ParseArguments(WorkerProtocol.SharedArguments(Job, 0, 2, "/tmp/x/histogram.map"));

        Assert.Equal(new WorkerRequest("shared", Job, 0, 2, "/tmp/x/histogram.map", WatchesLifeline: true), request);
    }

    [Fact]
    public void RollArguments_VectorKernel_NamesItAndParsesBack()
    {
        var vectorJob = Job.WithKernel(DiceKernel.Vector);
        var arguments = WorkerProtocol.RollArguments(vectorJob, 0, 1);

        var request = WorkerProtocol.ParseArguments(arguments);

        Assert.Equal(vectorJob, request.Job);
        Assert.Contains("--kernel vector", string.Join(' ', arguments), StringComparison.Ordinal);
        Assert.DoesNotContain("--kernel", string.Join(' ', WorkerProtocol.RollArguments(Job, 0, 1)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "the first argument must be 'roll', 'shared', 'transfer' or 'pool'")]
    [InlineData("roll --throws", "expected '--name value' pairs")]
    [InlineData("roll --throws 100 --dice 2 --sides 6 --seed 1 --first-chunk 0", "--chunk-count must be given as an integer")]
    [InlineData("roll --throws 100 --dice 2 --sides 6 --seed -1 --first-chunk 0 --chunk-count 1", "--seed must be given as an unsigned integer")]
    [InlineData("roll --throws 100 --dice 2 --sides 6 --seed 1 --first-chunk 0 --chunk-count 2", "chunks [0, 2) are outside the job's 1 chunks")]
    [InlineData("shared --throws 100 --dice 2 --sides 6 --seed 1 --first-chunk 0 --chunk-count 1", "'shared' needs --map PATH")]
    [InlineData("roll --throws 100 --dice 2 --sides 6 --seed 1 --first-chunk 0 --chunk-count 1 --kernel simd", "--kernel must be scalar or vector; got 'simd'")]
    public void ParseArguments_Malformed_IsRejectedWithAReason(string commandLine, string reason)
    {
        var failure = Assert.Throws<FormatException>(() => WorkerProtocol.ParseArguments(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)));

        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteHistogram_ReadHistogram_RoundTrips()
    {
        long[] counts = [.. Enumerable.Range(1, Job.BinCount).Select(i => (long)i)];
        using var answer = new StringWriter();

        WorkerProtocol.WriteHistogram(answer, Job.MinSum, counts);

        Assert.Equal(counts, WorkerProtocol.ReadHistogram(answer.ToString(), Job, counts.Sum()));
    }

    [Theory]
    [InlineData("dice-worker/1\nbins 2\n1 1\n2 2\nend 3\n", "must have 3 bins for 1d3")]
    [InlineData("dice-worker/1\nbins 3\n1 1\n2 2\n3 2\nend 5\n", "the answer counts 5 throws, but its chunks hold 6")]
    [InlineData("dice-worker/1\nbins 3\n1 1\n2 2\n3 3\nend 7\n", "declares 7 throws at its end")]
    [InlineData("dice-worker/1\nbins 3\n1 1\n2 -2\n3 3\nend 6\n", "count 2 of 3 in the answer is missing or not a count")]
    [InlineData("dice-worker/1\nbins 3\n1 1\n3 2\n2 3\nend 6\n", "line 4 gives sum 3 where 2 was due")]
    [InlineData("dice-worker/1\nbins 3\n1 1\n2 2", "ends after 4 lines, before 'end'")]
    [InlineData("dice-worker/1\nbinz 3\n", "line 2 should be 'bins <number>'")]
    public void ReadHistogram_Malformed_SaysWhatIsWrong(string answer, string reason)
    {
        var failure = Assert.Throws<FormatException>(() => WorkerProtocol.ReadHistogram(answer, new DiceJob(6, 1, 3, 1), 6));

        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
    }
}
