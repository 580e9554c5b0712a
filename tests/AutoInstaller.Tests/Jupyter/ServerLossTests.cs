using AutoInstaller.Failures;
using AutoInstaller.Jupyter;

namespace AutoInstaller.Tests.Jupyter;

/// <summary>A server that dies under an open connection (crash, restart); each test owns its server.</summary>
public sealed class ServerLossTests : IDisposable
{
    private readonly CancellationTokenSource timeout = new(TimeSpan.FromSeconds(60));

    private CancellationToken Timeout => timeout.Token;

    public void Dispose() => timeout.Dispose();

    [Theory]
    [InlineData(JupyterServerAuth.Token)]
    [InlineData(JupyterServerAuth.Cookies)]
    public async Task KilledServerEndsTheOpenConnectionAsLostAndLeavesNoProcessBehind(JupyterServerAuth auth)
    {
        var server = await JupyterServer.StartAsync(auth, "/jupyter/default/");
        try
        {
            using var session = JupyterSession.Open(server);
            var name = await session.Client.CreateTerminalAsync(Timeout);
            await using var connection = await session.Client.ConnectTerminalAsync(name, Timeout);
            await connection.SendStdinAsync("echo ready-$((3*3))\r", Timeout);
            await new TerminalReader(connection).ReadUntilLineAsync("ready-9");
            Assert.True(server.LiveProcesses().Count >= 2, "the server and its shell carry the marker");

            server.KillServerProcess();

            var lost = await Assert.ThrowsAsync<TerminalDisconnectedException>(async () =>
            {
                using var fewSeconds = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                while (true)
                {
                    await connection.ReadOutputAsync(fewSeconds.Token);
                }
            });
            Assert.Equal(TerminalDisconnectReason.ConnectionLost, lost.Reason);
            Assert.Equal(TerminalConnectionStatus.Disconnected, connection.Status);
            var unreachable = await Assert.ThrowsAsync<JupyterApiException>(() => session.Client.GetStatusAsync(Timeout));
            Assert.Null(unreachable.StatusCode);
            Assert.Equal(FailureKind.Transient, unreachable.Kind);
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.Empty(server.LiveProcesses());
    }
}
