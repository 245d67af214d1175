using System.IO.Pipes;
using DiceOffload.Processes;

namespace DiceOffload.Tests.Processes;

/// <summary>The poll(2) waits the process pool and its workers use for each other's lines, on a pipe of the test's own.</summary>
public sealed class PipeReadinessTests : IDisposable
{
    private readonly AnonymousPipeServerStream _reader = new(PipeDirection.In);
    private readonly AnonymousPipeClientStream _writer;

    public PipeReadinessTests()
    {
        _writer = new AnonymousPipeClientStream(PipeDirection.Out, _reader.ClientSafePipeHandle);
    }

    private int ReadFd => (int)_reader.SafePipeHandle.DangerousGetHandle();

    public void Dispose()
    {
        _writer.Dispose();
        _reader.Dispose();
    }

    [Fact]
    public void Peek_EmptyPipe_IsNeitherReadableNorHungUp()
    {
        Assert.True(PipeReadiness.IsSupported);

        Assert.Equal((false, false), PipeReadiness.Peek(ReadFd));
    }

    [Fact]
    public void Peek_AfterAWrite_IsReadable_AndTheDataStaysForTheRead()
    {
        _writer.Write("x\n"u8);

        Assert.Equal((true, false), PipeReadiness.Peek(ReadFd));
        Assert.Equal((byte)'x', _reader.ReadByte());
    }

    [Fact]
    public void Peek_WritersGone_IsReadableAndHungUp()
    {
        _writer.Dispose();
        _reader.DisposeLocalCopyOfClientHandle();

        Assert.Equal((true, true), PipeReadiness.Peek(ReadFd));
    }

    [Fact]
    public void SpinUntilReadable_NothingComes_GivesUpAfterItsBudget()
    {
        Assert.False(PipeReadiness.SpinUntilReadable(ReadFd, TimeSpan.FromMilliseconds(2)));
        Assert.False(PipeReadiness.SpinUntilReadable(ReadFd, TimeSpan.Zero));
    }

    [Fact]
    public void SpinUntilReadable_DataWaiting_IsTrueAtTheFirstAsk()
    {
        _writer.Write("x\n"u8);

        Assert.True(PipeReadiness.SpinUntilReadable(ReadFd, TimeSpan.FromTicks(1)));
    }

    [Fact]
    public async Task BlockUntilReadable_ReturnsOnceAnotherThreadWrites()
    {
        var blocked = Task.Factory.StartNew(() => PipeReadiness.BlockUntilReadable(ReadFd), TaskCreationOptions.LongRunning);
        await Task.Delay(100);
        Assert.False(blocked.IsCompleted); // nothing to read yet: still blocked

        _writer.Write("x\n"u8);

        await blocked.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Waiter_CompletesEachWaitWhenItsLineArrives_AndEndsWithTheWriter()
    {
        using var waiter = new ReadinessWaiter(_reader.SafePipeHandle, "test waiter");
        var reader = new StreamReader(_reader);
        for (int line = 0; line < 3; line++)
        {
            var readable = waiter.WhenReadable();
            Assert.Throws<InvalidOperationException>(() => { _ = waiter.WhenReadable(); });
            _writer.Write("line\n"u8);
            await readable.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal("line", reader.ReadLine());
        }

        var last = waiter.WhenReadable();
        _writer.Dispose();
        _reader.DisposeLocalCopyOfClientHandle();
        await last.WaitAsync(TimeSpan.FromSeconds(30)); // end-of-file ends a wait as data does
        Assert.Null(reader.ReadLine());

        waiter.Dispose();
        var stopping = Task.Run(async () =>
        {
            while (waiter.ThreadAlive)
                await Task.Delay(10);
        });
        await stopping.WaitAsync(TimeSpan.FromSeconds(30)); // its thread ends with it: nothing left behind
    }

    [Fact]
    public async Task Waiter_DisposedWhileItWaits_EndsWithItsPipe_AndLeavesNoThread()
    {
        var waiter = new ReadinessWaiter(_reader.SafePipeHandle, "test waiter");
        var waiting = waiter.WhenReadable();

        waiter.Dispose(); // as PoolWorker.Dispose does, after it has stopped the worker: here the writer goes next
        _writer.Dispose();
        _reader.DisposeLocalCopyOfClientHandle();

        // the wait ends, either as a readable pipe (end-of-file) or as a wait that was never started
        var ended = await Task.WhenAny(waiting).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(ended.IsCompletedSuccessfully || ended.Exception?.InnerException is ObjectDisposedException, ended.Exception?.ToString());
        var stopping = Task.Run(async () =>
        {
            while (waiter.ThreadAlive)
                await Task.Delay(10);
        });
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Waiter_HoldsTheDescriptorUntilDisposed()
    {
        var waiter = new ReadinessWaiter(_reader.SafePipeHandle, "test waiter");
        int fd = waiter.Fd;
        _reader.SafePipeHandle.Dispose(); // the stream's owner lets go, as Process.Dispose does

        _writer.Write("x\n"u8);
        Assert.True(PipeReadiness.Peek(fd).Readable); // still the same pipe: not closed under the waiter

        waiter.Dispose();
        Assert.Throws<ObjectDisposedException>(() => { _ = waiter.WhenReadable(); });
    }
}
