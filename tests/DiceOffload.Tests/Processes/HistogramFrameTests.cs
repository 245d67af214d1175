using DiceOffload.Processes;

namespace DiceOffload.Tests.Processes;

public sealed class HistogramFrameTests
{
    private static readonly DiceJob Job = new(1_000, 2, 6, seed: 3);

    [Fact]
    public void ReadBins_TheJobsBinCount_IsAccepted()
    {
        HistogramFrame.ReadBins("11", Job, "the answer", "bins 11");
    }

    [Theory]
    [InlineData("10")]
    [InlineData("12")]
    [InlineData("011")]
    [InlineData("+11")]
    [InlineData("")]
    public void ReadBins_WrongOrMisspelledBinCount_NamesTheBinsTheJobNeeds(string field)
    {
        var failure = Assert.Throws<FormatException>(() => HistogramFrame.ReadBins(field, Job, "the answer to request 2", $"done 2 {field}"));

        Assert.Equal($"the answer to request 2 must have 11 bins for 2d6: 'done 2 {field}'", failure.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("07")]
    [InlineData("99999999999999999999")]
    public void ReadCount_NotACount_SaysWhichCountOfHowMany(string field)
    {
        var failure = Assert.Throws<FormatException>(() => HistogramFrame.ReadCount(field, 2, 11, "the answer", "4 " + field));

        Assert.StartsWith("count 3 of 11 in the answer is missing or not a count", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadCount_ACount_IsReturned()
    {
        Assert.Equal(0, HistogramFrame.ReadCount("0", 0, 11, "the answer", "2 0"));
        Assert.Equal(long.MaxValue, HistogramFrame.ReadCount("9223372036854775807", 0, 11, "the answer", "x"));
    }

    [Fact]
    public void CheckTotal_CountsAddUpToTheThrows_IsAccepted()
    {
        HistogramFrame.CheckTotal([400, 600], 1_000, "the answer");
    }

    [Fact]
    public void CheckTotal_WrongTotal_NamesBothTotals()
    {
        var failure = Assert.Throws<FormatException>(() => HistogramFrame.CheckTotal([400, 599], 1_000, "the answer"));

        Assert.Equal("the answer counts 999 throws, but its chunks hold 1000", failure.Message);
    }

    [Fact]
    public void CheckTotal_CountsThatOverflow_AreRejectedRatherThanWrapped()
    {
        // wrapped round, these add up to exactly the 1000 expected
        var failure = Assert.Throws<FormatException>(() => HistogramFrame.CheckTotal([long.MaxValue, long.MaxValue, 1_002], 1_000, "the answer"));

        Assert.Contains("more throws than a 64-bit number holds", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shorten_LongText_IsCutToEightyCharacters()
    {
        string shortened = WireText.Shorten(new string('x', 200));

        Assert.Equal(new string('x', 80) + "…", shortened);
        Assert.Equal("short", WireText.Shorten("short"));
    }
}
