namespace DiceOffload.Tests.Workload;

public sealed class DiceJobTests
{
    [Theory]
    [InlineData(0L, 2, 6, "throws")]
    [InlineData(10L, 0, 6, "dice")]
    [InlineData(10L, 2, 1, "sides")]
    [InlineData(10L, 1_000_000, 5_000, "sides")]
    public void Constructor_InvalidJob_NamesTheParameter(long throws, int dice, int sides, string parameter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DiceJob(throws, dice, sides, 1));

        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void Constructor_NoKernel_IsScalarAndTheNameShowsOnlyOtherKernels()
    {
        var scalar = new DiceJob(10, 2, 6, 1);
        var vector = scalar.WithKernel(DiceKernel.Vector);

        Assert.Equal(DiceKernel.Scalar, scalar.Kernel);
        Assert.Equal("10 throws of 2d6 (seed 1)", scalar.ToString());
        Assert.Equal("10 throws of 2d6 (seed 1, vector kernel)", vector.ToString());
        Assert.NotEqual(scalar, vector);
        Assert.Equal(scalar, vector.WithKernel(DiceKernel.Scalar));
    }

    [Fact]
    public void Constructor_UnknownKernel_NamesTheParameter()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DiceJob(10, 2, 6, 1, (DiceKernel)7));

        Assert.Equal("kernel", error.ParamName);
    }

    [Fact]
    public void Chunks_CoverEveryThrowOnce()
    {
        var job = new DiceJob((3 * DiceJob.ChunkSize) + 17, 2, 6, 1);

        long sum = Enumerable.Range(0, (int)job.ChunkCount).Sum(i => (long)job.ThrowsInChunk(i));

        Assert.Equal(4, job.ChunkCount);
        Assert.Equal(17, job.ThrowsInChunk(3));
        Assert.Equal(job.Throws, sum);
        Assert.Equal(DiceJob.ChunkSize + 17, job.ThrowsInChunks(2, 2));
    }

    [Fact]
    public void RollChunk_SameSeedAndChunk_SameCounts()
    {
        var job = new DiceJob(DiceJob.ChunkSize * 2, 2, 6, 99);
        var first = new long[job.BinCount];
        var second = new long[job.BinCount];
        var otherChunk = new long[job.BinCount];

        DiceRoller.RollChunk(job, 1, first);
        DiceRoller.RollChunk(job, 1, second);
        DiceRoller.RollChunk(job, 0, otherChunk);

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherChunk);
    }

    [Fact]
    public void RollChunk_DifferentSeeds_DifferentCounts()
    {
        var a = new long[11];
        var b = new long[11];

        DiceRoller.RollChunk(new DiceJob(DiceJob.ChunkSize, 2, 6, 1), 0, a);
        DiceRoller.RollChunk(new DiceJob(DiceJob.ChunkSize, 2, 6, 2), 0, b);

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void RollChunk_SidesNotAPowerOfTwo_EveryFaceEquallyLikely()
    {
        // 65,536 throws of a fair d3: each face within five standard deviations (about 600) of a third
        var job = new DiceJob(DiceJob.ChunkSize, 1, 3, 11);
        var counts = new long[3];

        DiceRoller.RollChunk(job, 0, counts);

        foreach (long count in counts)
            Assert.InRange(count, (DiceJob.ChunkSize / 3) - 600, (DiceJob.ChunkSize / 3) + 600);
    }

    [Fact]
    public void Xoshiro_KnownSeed_MatchesReferenceSequence()
    {
        // reference: xoshiro256** with state {1, 2, 3, 4} (the reference C implementation, xoshiro256starstar.c) starts 11520, 0, 1509978240, 1215971899390074240
        var rng = Xoshiro256StarStar.FromState(1, 2, 3, 4);

        Assert.Equal(11520UL, rng.NextUInt64());
        Assert.Equal(0UL, rng.NextUInt64());
        Assert.Equal(1509978240UL, rng.NextUInt64());
        Assert.Equal(1215971899390074240UL, rng.NextUInt64());
    }
}
