using System.Text;
using System.Text.Json;
using AutoInstaller.Diagnostics;
using AutoInstaller.Hosting;
using AutoInstaller.Setup;
using AutoInstaller.Tests.Events;
using AutoInstaller.Tests.Reliability;

namespace AutoInstaller.Tests.Hosting;

/// <summary>
/// The handler with the ARN of Lambda's emulator (<c>sam local invoke</c>), whose account is never the events' one, and
/// with an invocation whose time is shorter than the deadline margin.
/// </summary>
public sealed class FunctionAccountTests
{
    private const string EmulatorArn = "arn:aws:lambda:us-east-1:012345678912:function:AutoInstallerFunction";
    private static readonly Log Quiet = new(TextWriter.Null, LogLevel.Info, Log.Text, TimeProvider.System);

    [Fact]
    public async Task UnderTheEmulatorsArnAnEventIsSkippedUnlessTheAccountIsConfigured()
    {
        var function = new OfflineFunction();

        var result = await InvokeAsync(function, TimeSpan.FromMinutes(1));

        Assert.Equal(SetupOutcome.Skipped.Name(), result.GetProperty("outcome").GetString());
        Assert.Equal($"event from account '{CreateAppEvents.Account}'/'{CreateAppEvents.Account}', the function serves 012345678912",
            result.GetProperty("reason").GetString());
        Assert.Equal(0, function.NetworkRequests);
    }

    [Fact]
    public async Task TheConfiguredAccountIsServedWhateverTheArnSays()
    {
        var function = new OfflineFunction(accountId: CreateAppEvents.Account);

        var error = await Assert.ThrowsAsync<SetupStageException>(() => InvokeAsync(function, TimeSpan.FromMinutes(1)));

        Assert.StartsWith("stage wait for app d-sandbox00001/alice/JupyterServer/default", error.Message);
        Assert.True(function.NetworkRequests > 0, "the accepted event must have called SageMaker");
    }

    [Fact]
    public async Task ATimeoutShorterThanTheMarginIsReportedNamingBoth()
    {
        var function = new OfflineFunction(accountId: CreateAppEvents.Account);

        var result = await InvokeAsync(function, TimeSpan.FromSeconds(3));

        Assert.Equal(SetupOutcome.Failed.Name(), result.GetProperty("outcome").GetString());
        var reason = result.GetProperty("reason").GetString()!;
        Assert.Matches(@"^the invocation had [0-3]\.\d s left when it started \(the function's timeout\), not more than the deadline margin of 5 s \(AUTO_INSTALLER_DEADLINE_MARGIN_SECONDS\)", reason);
        Assert.Equal(0, function.NetworkRequests);
    }

    private static async Task<JsonElement> InvokeAsync(OfflineFunction function, TimeSpan timeout)
    {
        var handler = function.CreateHandler(Quiet);
        var invocation = new Invocation(
            new InvocationContext("rie-1", DateTimeOffset.UtcNow + timeout, EmulatorArn, TraceId: null),
            Encoding.UTF8.GetBytes(CreateAppEvents.JupyterServer().ToJsonString()));
        var answer = await handler(invocation, CancellationToken.None);
        return JsonDocument.Parse(answer).RootElement.Clone();
    }
}
