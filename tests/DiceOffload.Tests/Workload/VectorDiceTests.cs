namespace DiceOffload.Tests.Workload;

/// <summary>The vector kernel draws the stream its documentation defines, on every path this machine can run.</summary>
public sealed class VectorDiceTests
{
    public static TheoryData<VectorPath> Paths()
    {
        var data = new TheoryData<VectorPath>();
        foreach (var path in Enum.GetValues<VectorPath>().Where(VectorDice.IsSupported))
            data.Add(path);
        return data;
    }

    public static TheoryData<VectorPath, int, int, long> PathsDiceAndSizes()
    {
        var data = new TheoryData<VectorPath, int, int, long>();
        foreach (var path in Enum.GetValues<VectorPath>().Where(VectorDice.IsSupported))
        {
            // 1d2 and 2d6 count one-hot; 3d6 fills both one-hot counters; 4d6, 3d8 and 10d20 count one by one
            foreach (var (dice, sides) in new[] { (1, 2), (2, 6), (3, 6), (4, 6), (3, 8), (10, 20) })
            {
                foreach (long throws in new[] { 1L, 7L, 8L, 9L, 100L, (2 * DiceJob.ChunkSize) + 13L })
                    data.Add(path, dice, sides, throws);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PathsDiceAndSizes))]
    public void RollChunk_EveryPath_FollowsTheDocumentedStream(VectorPath path, int dice, int sides, long throws)
    {
        var job = new DiceJob(throws, dice, sides, seed: 31, DiceKernel.Vector);

        for (long chunk = 0; chunk < job.ChunkCount; chunk++)
        {
            var counts = new long[job.BinCount];
            VectorDice.RollChunk(job, chunk, counts, path);

            Assert.Equal(DocumentedStream(job, chunk, VectorDice.Threshold((uint)sides)), counts);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void RollChunk_FrequentRejections_EveryPathFollowsTheDocumentedStream(VectorPath path)
    {
        // a threshold of 2^30 or 2^31 rejects about a quarter or half of the values: several lanes of one step, and
        // values in a row, take the slow path
        foreach (uint threshold in new[] { 1u << 30, 1u << 31 })
        {
            foreach (var (dice, sides) in new[] { (1, 6), (2, 6), (3, 8), (10, 20) })
            {
                var job = new DiceJob((2 * DiceJob.ChunkSize) + 5, dice, sides, seed: 8, DiceKernel.Vector);
                for (long chunk = 0; chunk < job.ChunkCount; chunk++)
                {
                    var counts = new long[job.BinCount];
                    VectorDice.RollChunk(job, chunk, counts, path, threshold);

                    Assert.Equal(DocumentedStream(job, chunk, threshold), counts);
                    Assert.NotEqual(DocumentedStream(job, chunk, VectorDice.Threshold((uint)sides)), counts);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void RollChunk_SidesWhereLemireRejectsOften_EveryPathFollowsTheDocumentedStream(VectorPath path)
    {
        // 4,097 × 1,048,321 is just above 2^32, so 1,044,480 of the 2^32 values are rejected: about 32 in these 131,072 throws
        const int Sides = 1_048_321;
        var job = new DiceJob(2 * DiceJob.ChunkSize, 1, Sides, seed: 3, DiceKernel.Vector);
        Assert.Equal(1_044_480u, VectorDice.Threshold(Sides));

        for (long chunk = 0; chunk < job.ChunkCount; chunk++)
        {
            var counts = new long[job.BinCount];
            VectorDice.RollChunk(job, chunk, counts, path);

            Assert.Equal(DocumentedStream(job, chunk, VectorDice.Threshold(Sides)), counts);
        }
    }

    [Theory]
    [InlineData(2u, 0u)]
    [InlineData(6u, 4u)]
    [InlineData(3u << 30, 1u << 30)]
    [InlineData(1u << 31, 0u)]
    public void Threshold_IsTwoToThe32ModuloSides(uint sides, uint threshold)
    {
        Assert.Equal(threshold, VectorDice.Threshold(sides));
        Assert.Equal((ulong)threshold, (1UL << 32) % sides);
    }

    [Fact]
    public void ForChunkLane_EveryLaneHasItsOwnStream_NoneTheScalarChunks()
    {
        var firsts = new HashSet<ulong>();
        for (long chunk = 0; chunk < 3; chunk++)
        {
            var scalar = Xoshiro256StarStar.ForChunk(5, chunk);
            firsts.Add(scalar.NextUInt64());
            for (int lane = 0; lane < VectorDice.Lanes; lane++)
            {
                var rng = Xoshiro256StarStar.ForChunkLane(5, chunk, lane);
                firsts.Add(rng.NextUInt64());
            }
        }

        Assert.Equal(3 * (VectorDice.Lanes + 1), firsts.Count);
    }

    [Fact]
    public void Path_IsOneThisMachineRuns()
    {
        Assert.True(VectorDice.IsSupported(VectorDice.Path));
    }

    [Fact]
    public void RollChunk_PathThatCannotRun_ThrowsPlatformNotSupported()
    {
        var job = new DiceJob(8, 2, 6, 1, DiceKernel.Vector);

        Assert.Throws<PlatformNotSupportedException>(() => VectorDice.RollChunk(job, 0, new long[job.BinCount], (VectorPath)(-1)));
    }

    [Fact]
    public void DiceRoller_VectorJob_RunsTheVectorKernel()
    {
        var job = new DiceJob(1000, 2, 6, seed: 4, DiceKernel.Vector);
        var viaRoller = new long[job.BinCount];
        var viaKernel = new long[job.BinCount];

        DiceRoller.RollChunk(job, 0, viaRoller);
        VectorDice.RollChunk(job, 0, viaKernel);

        Assert.Equal(viaKernel, viaRoller);
    }

    /// <summary>The stream as VectorDice's documentation states it, written as plainly as possible.</summary>
    private static long[] DocumentedStream(DiceJob job, long chunk, uint threshold)
    {
        var counts = new long[job.BinCount];
        int throws = job.ThrowsInChunk(chunk);
        for (int lane = 0; lane < 8; lane++)
        {
            var rng = Xoshiro256StarStar.ForChunkLane(job.Seed, chunk, lane);
            int throwsOfLane = (throws / 8) + (lane < throws % 8 ? 1 : 0);
            for (int t = 0; t < throwsOfLane; t++)
            {
                // each throw starts at a fresh output; a half it leaves unread is dropped with the queue
                var values = new Queue<uint>();
                int sum = 0;
                for (int die = 0; die < job.Dice; die++)
                {
                    while (true)
                    {
                        if (values.Count == 0)
                        {
                            ulong x = rng.NextUInt64();
                            values.Enqueue((uint)x);
                            values.Enqueue((uint)(x >> 32));
                        }
                        ulong m = (ulong)values.Dequeue() * (uint)job.Sides;
                        if ((uint)m >= threshold)
                        {
                            sum += (int)(m >> 32);
                            break;
                        }
                    }
                }
                counts[sum]++;
            }
        }
        return counts;
    }
}
