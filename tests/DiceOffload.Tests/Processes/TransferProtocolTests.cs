using DiceOffload.Processes;

namespace DiceOffload.Tests.Processes;

public sealed class TransferProtocolTests
{
    [Fact]
    public void Arguments_ParseBackToTheMapAndCapacity()
    {
        Assert.Equal(("/tmp/p.map", 4096), TransferProtocol.ParseArguments(TransferProtocol.Arguments("/tmp/p.map", 4096)));
    }

    [Fact]
    public void Requests_ParseBackToWhereAndHowMuch()
    {
        Assert.Equal((false, 100), TransferProtocol.ParseRequest(TransferProtocol.PipeRequest(100), 4096));
        Assert.Equal((true, 4096), TransferProtocol.ParseRequest(TransferProtocol.MapRequest(4096), 4096));
    }

    [Theory]
    [InlineData("mail 1", "unknown transfer request 'mail'")]
    [InlineData("pipe 4097", "with N up to 4096")]
    [InlineData("map", "with N up to 4096")]
    [InlineData("map -1", "with N up to 4096")]
    public void ParseRequest_Malformed_IsRejectedWithAReason(string line, string reason)
    {
        var failure = Assert.Throws<FormatException>(() => TransferProtocol.ParseRequest(line, 4096));

        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseArguments_NoCapacity_IsRejected()
    {
        Assert.Throws<FormatException>(() => TransferProtocol.ParseArguments(["transfer", "--map", "/tmp/p.map"]));
    }
}
