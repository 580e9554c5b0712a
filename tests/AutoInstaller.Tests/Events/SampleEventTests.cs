using AutoInstaller.Events;

namespace AutoInstaller.Tests.Events;

/// <summary>Each file in events/ gets the outcome events/README.md gives it, from the function's accept stage.</summary>
public sealed class SampleEventTests
{
    private static readonly AcceptPolicy Policy = new(
        new HashSet<string> { "d-sandbox00001" }, new HashSet<string> { "JupyterLab", "JupyterServer" }, "us-east-1", "123456789012");

    [Theory]
    [InlineData("create-app-jupyterserver.json", null)]
    [InlineData("create-app-failed-resource-in-use.json", "the CreateApp call failed ('ResourceInUse'): no app was started")]
    [InlineData("create-app-kernelgateway.json", "app type 'KernelGateway' is not enabled (enabled: JupyterLab, JupyterServer)")]
    [InlineData("create-app-other-account.json", "event from account '210987654321'/'210987654321', the function serves 123456789012")]
    [InlineData("create-app-jupyterlab-space.json", null)]
    [InlineData("create-app-codeeditor-space.json", "app type 'CodeEditor' is never set up: a CodeEditor app runs Code-OSS, not a Jupyter server, so it has no Jupyter terminal to run the setup in")]
    [InlineData("create-app-amplify.json", "not a SageMaker API call recorded by CloudTrail (source 'aws.amplify', detail-type 'AWS API Call via CloudTrail')")]
    [InlineData("malformed.json", "malformed event: invalid JSON or wrong type at $.detail.requestParameters")]
    [InlineData("rollout-jupyterserver.json", null)]
    public void SampleEventHasItsDocumentedOutcome(string file, string? skipReason)
    {
        var decision = EventAcceptor.Decide(File.ReadAllBytes(RepoPaths.Combine("events", file)), Policy);

        Assert.Equal(skipReason, decision.SkipReason);
        Assert.Equal(skipReason is null, decision.Target is not null);
    }

    [Fact]
    public void EverySampleEventIsCovered() =>
        Assert.Equal(
            ["create-app-amplify.json", "create-app-codeeditor-space.json", "create-app-failed-resource-in-use.json", "create-app-jupyterlab-space.json", "create-app-jupyterserver.json",
             "create-app-kernelgateway.json", "create-app-other-account.json", "malformed.json", "rollout-jupyterserver.json"],
            Directory.GetFiles(RepoPaths.Combine("events"), "*.json").Select(Path.GetFileName).Where(name => name != "env.json").Order());
}
