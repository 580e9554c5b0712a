using AutoInstaller.Tests.Sandbox;
using Xunit.Abstractions;

namespace AutoInstaller.Tests.Reliability;

/// <summary>
/// The fault matrix against one sandbox with real Jupyter servers: each fault with its outcome and the sandbox's
/// count of setup executions, printed as a table. Its logs, results and exception messages are part of the run-wide
/// secret scan (<see cref="RunWideSecretScanTests"/>).
/// </summary>
public sealed class FaultMatrixTests(SandboxFixture fixture, ITestOutputHelper output) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task EachFaultHasItsOutcomeAndExecutionCount()
    {
        await fixture.Host.Admin.ResetFaultsAsync();
        var scenarios = new FaultScenarios(fixture.Host);
        var rows = new List<FaultRow>
        {
            await scenarios.ThrottlingThenSuccessAsync(),
            await scenarios.ServerErrorOnTerminalCreateAsync(),
            await scenarios.LoginRefusedAsync(),
            await scenarios.PresignedUrlExpiredBeforeUseAsync(),
            await scenarios.WebsocketDroppedMidRunAsync(),
            await scenarios.JupyterRestartedMidRunAsync(),
            await scenarios.AppDeletedWhileWaitingAsync(),
            await scenarios.NeverReadyWithinTheDeadlineAsync(),
            await scenarios.DeadlineShorterThanTheScriptAsync(),
            await scenarios.SameEventThreeTimesTwoAtOnceAsync(),
            await scenarios.DeliveryCorruptedOnItsWayAsync(),
            await scenarios.StepPrintsTheRunnersMarkersAsync(),
            await scenarios.RunnerKilledMidRunAsync(),
            await scenarios.AppDeletedMidRunAsync(),
            await scenarios.HostileBashrcAsync(),
            await scenarios.ShellNeverStartsTheChannelAsync(),
            await scenarios.DeadlineDuringTheDeliveryAsync(),
            await scenarios.SameEventUpperCasedAsync(),
            await scenarios.RedeliveryAfterTheScriptChangedAsync(),
        };

        output.WriteLine("fault matrix (sandbox, real Jupyter servers, one user each):");
        output.WriteLine(FaultRow.Table(rows));
        Assert.All(rows, row => Assert.True(row.Holds, FaultRow.Table([row])));
    }
}
