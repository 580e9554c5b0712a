using System.Net;
using AutoInstaller.Failures;
using AutoInstaller.Jupyter;

namespace AutoInstaller.Tests.Jupyter;

/// <summary>What the client must do against a real Jupyter server in either authentication mode.</summary>
public abstract class TerminalContractTests(JupyterServerFixture fixture) : IDisposable
{
    private readonly CancellationTokenSource timeout = new(TimeSpan.FromSeconds(60));

    private CancellationToken Timeout => timeout.Token;

    public void Dispose() => timeout.Dispose();

    [Fact]
    public async Task StatusProbeAnswersWithTheServersStartTime()
    {
        using var session = fixture.OpenSession();

        var status = await session.Client.GetStatusAsync(Timeout);

        Assert.InRange(status.Started, DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task TerminalRunsACommandAndItsResultArrivesAsALine()
    {
        using var session = fixture.OpenSession();
        var name = await session.Client.CreateTerminalAsync(Timeout);
        await using var connection = await session.Client.ConnectTerminalAsync(name, Timeout);

        Assert.IsType<TerminalSetup>(await connection.ReceiveAsync(Timeout));
        Assert.Equal(TerminalConnectionStatus.Connected, connection.Status);
        await connection.SendStdinAsync("echo $((6*7))\r", Timeout);
        var lines = await new TerminalReader(connection).ReadUntilLineAsync("42");

        Assert.Contains(lines, line => line.EndsWith("echo $((6*7))", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains('\u001b') || line.Contains('\r'));
        await connection.CloseAsync(Timeout);
        Assert.Equal(TerminalConnectionStatus.Disconnected, connection.Status);
        Assert.Equal(TerminalDisconnectReason.ClosedByClient, connection.DisconnectReason);
        Assert.True(await session.Client.DeleteTerminalAsync(name, Timeout));
    }

    [Fact]
    public async Task SetSizeResizesThePty()
    {
        using var session = fixture.OpenSession();
        var name = await session.Client.CreateTerminalAsync(Timeout);
        await using var connection = await session.Client.ConnectTerminalAsync(name, Timeout);

        await connection.SetSizeAsync(new TerminalSize(Rows: 50, Columns: 132, HeightPixels: 800, WidthPixels: 1200), Timeout);
        await connection.SendStdinAsync("stty size\r", Timeout);

        await new TerminalReader(connection).ReadUntilLineAsync("50 132");
        await session.Client.DeleteTerminalAsync(name, Timeout);
    }

    [Fact]
    public async Task DeletedTerminalLeavesTheListAndDeletingItAgainIsNotAnError()
    {
        using var session = fixture.OpenSession();
        var name = await session.Client.CreateTerminalAsync(Timeout);
        Assert.Contains(name, await session.Client.ListTerminalsAsync(Timeout));

        Assert.True(await session.Client.DeleteTerminalAsync(name, Timeout));

        Assert.DoesNotContain(name, await session.Client.ListTerminalsAsync(Timeout));
        Assert.False(await session.Client.DeleteTerminalAsync(name, Timeout));
    }

    [Fact]
    public async Task DeletingAConnectedTerminalEndsTheConnectionWithTheTerminalsDisconnect()
    {
        using var session = fixture.OpenSession();
        var name = await session.Client.CreateTerminalAsync(Timeout);
        await using var connection = await session.Client.ConnectTerminalAsync(name, Timeout);
        Assert.IsType<TerminalSetup>(await connection.ReceiveAsync(Timeout));

        await session.Client.DeleteTerminalAsync(name, Timeout);

        var ended = await new TerminalReader(connection).ReadUntilDisconnectedAsync();
        Assert.Equal(TerminalDisconnectReason.TerminalEnded, ended.Reason);
        Assert.Equal(TerminalConnectionStatus.Disconnected, connection.Status);
        Assert.Equal(TerminalDisconnectReason.TerminalEnded, connection.DisconnectReason);
        var reading = await Assert.ThrowsAsync<TerminalDisconnectedException>(() => connection.ReadOutputAsync(Timeout));
        Assert.Equal(TerminalDisconnectReason.TerminalEnded, reading.Reason);
        await Assert.ThrowsAsync<TerminalDisconnectedException>(() => connection.SendStdinAsync("true\r", Timeout));
    }

    [Fact]
    public async Task LongOutputArrivesCompleteAndInOrder()
    {
        using var session = fixture.OpenSession();
        var name = await session.Client.CreateTerminalAsync(Timeout);
        await using var connection = await session.Client.ConnectTerminalAsync(name, Timeout);

        await connection.SendStdinAsync("seq 1 20000; echo end-$((6*7))\r", Timeout);
        var lines = await new TerminalReader(connection).ReadUntilLineAsync("end-42", TimeSpan.FromSeconds(60));

        var first = lines.IndexOf("1");
        Assert.True(first >= 0, "the output starts with 1");
        Assert.Equal(Enumerable.Range(1, 20000).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), lines[first..^1]);
        await session.Client.DeleteTerminalAsync(name, Timeout);
    }

    [Fact]
    public async Task CancelledReadLeavesTheConnectionUsable()
    {
        using var session = fixture.OpenSession();
        var name = await session.Client.CreateTerminalAsync(Timeout);
        await using var connection = await session.Client.ConnectTerminalAsync(name, Timeout);
        var reader = new TerminalReader(connection);
        await connection.SendStdinAsync("echo first-$((1+1))\r", Timeout);
        await reader.ReadUntilLineAsync("first-2");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.ReceiveAsync(new CancellationToken(canceled: true)));

        Assert.NotEqual(TerminalConnectionStatus.Disconnected, connection.Status);
        await connection.SendStdinAsync("echo second-$((2+2))\r", Timeout);
        await reader.ReadUntilLineAsync("second-4");
        await session.Client.DeleteTerminalAsync(name, Timeout);
    }

    [Fact]
    public async Task ConnectingToAnUnknownTerminalIsRefusedWithItsStatus()
    {
        using var session = fixture.OpenSession();

        var refused = await Assert.ThrowsAsync<JupyterApiException>(() => session.Client.ConnectTerminalAsync("no-such-terminal", Timeout));

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(FailureKind.Permanent, refused.Kind);
    }
}

public sealed class TokenModeTerminalTests(TokenJupyterServerFixture fixture)
    : TerminalContractTests(fixture), IClassFixture<TokenJupyterServerFixture>;

public sealed class CookieModeTerminalTests(CookieJupyterServerFixture fixture)
    : TerminalContractTests(fixture), IClassFixture<CookieJupyterServerFixture>;
