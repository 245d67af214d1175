using DiceOffload.Processes;

namespace DiceOffload.Tests.Processes;

public sealed class PoolProtocolTests
{
    private static readonly DiceJob Job = new(1_000_000, 3, 8, seed: 11);

    [Fact]
    public void RollRequest_ParsesBackToTheSameJobAndChunks()
    {
        string line = PoolProtocol.RollRequest(17, Job, 3, 5);

        var (job, first, count) = PoolProtocol.ParseRollRequest(line, out long? id);

        Assert.Equal("roll 17 1000000 3 8 11 3 5", line);
        Assert.Equal((Job, 3L, 5L, 17L), (job, first, count, id!.Value));
    }

    [Fact]
    public void RollRequest_VectorKernel_IsNamedInAnEighthFieldAndParsesBack()
    {
        var vectorJob = Job.WithKernel(DiceKernel.Vector);
        string line = PoolProtocol.RollRequest(4, vectorJob, 0, 2);

        var (job, _, _) = PoolProtocol.ParseRollRequest(line, out _);

        Assert.Equal("roll 4 1000000 3 8 11 0 2 vector", line);
        Assert.Equal(vectorJob, job);
    }

    [Fact]
    public void ParseRollRequest_ScalarNamedOrNot_IsTheScalarJob()
    {
        var (named, _, _) = PoolProtocol.ParseRollRequest("roll 1 1000000 3 8 11 0 2 scalar", out _);
        var (unnamed, _, _) = PoolProtocol.ParseRollRequest("roll 1 1000000 3 8 11 0 2", out _);

        Assert.Equal(DiceKernel.Scalar, named.Kernel);
        Assert.Equal(named, unnamed);
    }

    [Theory]
    [InlineData("", "unknown request ''")]
    [InlineData("ROLL 1 100 2 6 1 0 1", "unknown request 'ROLL'")]
    [InlineData("roll -1 100 2 6 1 0 1", "'roll' takes 7 fields")]
    [InlineData("roll 1 100 2 6 1 0", "'roll' takes 7 fields")]
    [InlineData("roll 1 100 2 6 1 0 1 9", "KERNEL must be scalar or vector; got '9'")]
    [InlineData("roll 1 100 2 6 1 0 1 vector 9", "'roll' takes 7 fields")]
    [InlineData("roll 1 100 2 6 -1 0 1", "must be a whole number")]
    [InlineData("roll 1 100  2 6 1 0 1", "'roll' takes 7 fields")]
    [InlineData("roll 1 0 2 6 1 0 1", "throws")]
    [InlineData("roll 1 100 2 1 1 0 1", "out of range")]
    [InlineData("roll 1 100 2 6 1 0 0", "chunks [0, 0) are not within")]
    [InlineData("roll 1 100 2 6 1 1 1", "chunks [1, 2) are not within the job's 1 chunks")]
    [InlineData("roll 1 100 2 6 1 9223372036854775807 2", "are not within")]
    [InlineData("roll 1 +100 2 6 1 0 1", "must be a whole number")]
    [InlineData("roll 1 0100 2 6 1 0 1", "must be a whole number")]
    [InlineData("roll 01 100 2 6 1 0 1", "'roll' takes 7 fields")]
    public void ParseRollRequest_Malformed_IsRejectedWithAReason(string line, string reason)
    {
        var failure = Assert.Throws<FormatException>(() => PoolProtocol.ParseRollRequest(line, out _));

        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DoneFrame_ReadDone_AddsTheCountsIntoTheTotal()
    {
        long[] counts = [.. Enumerable.Range(1, Job.BinCount).Select(i => (long)i)];
        long[] total = [.. Enumerable.Repeat(100L, Job.BinCount)];

        PoolProtocol.ReadDone(PoolProtocol.DoneFrame(4, counts), 4, Job, counts.Sum(), total);

        Assert.Equal(counts.Select(c => c + 100), total);
    }

    [Theory]
    [InlineData("done 4 2 1 2 3", "must have 22 bins for 3d8")]
    [InlineData("done 4 22 -1 2", "count 1 of 22")]
    [InlineData("done 4 22", "count 1 of 22")]
    [InlineData("dome 4 22 1", "expected 'done 4 …'")]
    [InlineData("done four 22 1", "expected the answer to request 4")]
    [InlineData("done 04 22 1", "expected the answer to request 4")]
    [InlineData("done 4 22 1 ", "single spaces")]
    [InlineData("done 4  22 1", "single spaces")]
    [InlineData("error 5 not yours", "an error for another")]
    public void ReadDone_Malformed_LeavesTheTotalAlone(string line, string reason)
    {
        long[] total = new long[Job.BinCount];

        var failure = Assert.Throws<FormatException>(() => PoolProtocol.ReadDone(line, 4, Job, 10, total));

        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
        Assert.All(total, c => Assert.Equal(0, c));
    }

    [Fact]
    public void ReadDone_ErrorFrame_RaisesTheWorkersMessage()
    {
        var failure = Assert.Throws<WorkerRejectedRequestException>(
            () => PoolProtocol.ReadDone(PoolProtocol.ErrorFrame(4, "no\nsuch dice"), 4, Job, 10, new long[Job.BinCount]));

        Assert.Equal("4 no such dice", failure.Message);
    }
}
