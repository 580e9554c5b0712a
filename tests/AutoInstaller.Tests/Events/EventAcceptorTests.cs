using System.Text;
using AutoInstaller.Events;

namespace AutoInstaller.Tests.Events;

public sealed class EventAcceptorTests
{
    private static readonly AcceptPolicy Policy = new(
        new HashSet<string> { CreateAppEvents.DomainId, "d-other0000002" },
        new HashSet<string> { "JupyterServer" },
        CreateAppEvents.Region,
        CreateAppEvents.Account);

    [Fact]
    public void AcceptsASuccessfulJupyterServerStart()
    {
        var decision = Decide(CreateAppEvents.JupyterServer().ToJsonString());

        Assert.Null(decision.SkipReason);
        Assert.Equal(
            new AppTarget("6f1c2f4e-3b5a-4c1d-9e2f-0a1b2c3d4e5f", "us-east-1", "d-sandbox00001", "alice", null, "JupyterServer", "default", CreateAppEvents.Account),
            decision.Target);
    }

    [Fact]
    public void TheRunIdIsTheEventIdInLowerCaseWhateverItsCase()
    {
        var upper = CreateAppEvents.With(e => e.Detail()["eventID"] = "6F1C2F4E-3B5A-4C1D-9E2F-0A1B2C3D4E5F");

        Assert.Equal("6f1c2f4e-3b5a-4c1d-9e2f-0a1b2c3d4e5f", Decide(upper).Target?.RunId);
        Assert.Equal(Decide(CreateAppEvents.JupyterServer().ToJsonString()).Target?.RunId, Decide(upper).Target?.RunId);
    }

    [Fact]
    public void AcceptsAJupyterLabSpaceAppWhenEnabled()
    {
        var json = CreateAppEvents.With(e =>
        {
            var p = e.Parameters();
            p.Remove("userProfileName");
            p["spaceName"] = "team-space";
            p["appType"] = "JupyterLab";
        });

        var decision = EventAcceptor.Decide(Encoding.UTF8.GetBytes(json), Policy with { AppTypes = new HashSet<string> { "JupyterServer", "JupyterLab" } });

        Assert.Equal(("team-space", null, "JupyterLab"), (decision.Target?.SpaceName, decision.Target?.UserProfileName, decision.Target?.AppType));
        Assert.StartsWith("app type 'JupyterLab' is not enabled", Decide(json).SkipReason);
    }

    [Fact]
    public void ACodeEditorAppIsSkippedWithAReasonNamingCodeEditorWhateverIsEnabled()
    {
        var json = CreateAppEvents.With(e =>
        {
            var p = e.Parameters();
            p.Remove("userProfileName");
            p["spaceName"] = "code-space";
            p["appType"] = "CodeEditor";
        });

        foreach (var enabled in new[] { Policy, Policy with { AppTypes = new HashSet<string> { "JupyterLab", "JupyterServer", "CodeEditor" } } })
        {
            var decision = EventAcceptor.Decide(Encoding.UTF8.GetBytes(json), enabled);

            Assert.Null(decision.Target);
            Assert.StartsWith("app type 'CodeEditor' is never set up: a CodeEditor app runs Code-OSS, not a Jupyter server", decision.SkipReason);
        }
    }

    [Fact]
    public void AccountIsNotCheckedWhenTheFunctionsAccountIsUnknown()
    {
        var json = CreateAppEvents.With(e => { e["account"] = "999999999999"; e.Detail()["recipientAccountId"] = "999999999999"; });

        Assert.NotNull(EventAcceptor.Decide(Encoding.UTF8.GetBytes(json), Policy with { Account = null }).Target);
        Assert.Equal("event from account '999999999999'/'999999999999', the function serves 123456789012", Decide(json).SkipReason);
    }

    public static TheoryData<string, string> Skipped() => new()
    {
        { "not json", "malformed event: invalid JSON or wrong type at $" },
        { "{\"source\": \"aws.sagemaker\", ", "malformed event: invalid JSON or wrong type at $" },
        { "[1,2]", "malformed event: invalid JSON or wrong type at $" },
        { "null", "malformed event: null" },
        { CreateAppEvents.With(e => e.Detail()["requestParameters"] = "domainId=d-x"), "malformed event: invalid JSON or wrong type at $.detail.requestParameters" },
        { CreateAppEvents.With(e => e.Parameters()["domainId"] = 42), "malformed event: invalid JSON or wrong type at $.detail.requestParameters.domainId" },
        { CreateAppEvents.With(e => e.Detail().Remove("requestParameters")), "malformed event: no requestParameters" },
        { CreateAppEvents.With(e => e.Remove("detail")), "malformed event: no detail" },
        { CreateAppEvents.JupyterServer().ToJsonString().Replace("\"source\":\"aws.sagemaker\"", "\"source\":\"aws.sagemaker\",\"source\":\"aws.amplify\"", StringComparison.Ordinal), "malformed event: invalid JSON or wrong type at $.source" },
        { CreateAppEvents.With(e => e["source"] = "aws.amplify"), "not a SageMaker API call recorded by CloudTrail (source 'aws.amplify', detail-type 'AWS API Call via CloudTrail')" },
        { CreateAppEvents.With(e => e.Detail()["eventSource"] = "amplify.amazonaws.com"), "not a SageMaker CreateApp call (eventSource 'amplify.amazonaws.com', eventName 'CreateApp')" },
        { CreateAppEvents.With(e => e.Detail()["eventName"] = "DeleteApp"), "not a SageMaker CreateApp call (eventSource 'sagemaker.amazonaws.com', eventName 'DeleteApp')" },
        { CreateAppEvents.With(e => e.Detail()["errorCode"] = "ResourceInUse"), "the CreateApp call failed ('ResourceInUse'): no app was started" },
        { CreateAppEvents.With(e => e["region"] = "eu-west-1"), "event from region 'eu-west-1'/'us-east-1', the function serves us-east-1" },
        { CreateAppEvents.With(e => e.Detail()["recipientAccountId"] = "210987654321"), "event from account '123456789012'/'210987654321', the function serves 123456789012" },
        { CreateAppEvents.With(e => e.Detail()["eventID"] = "../../etc"), "eventID '../../etc' is not a CloudTrail event id" },
        { CreateAppEvents.With(e => e.Parameters()["appType"] = "KernelGateway"), "app type 'KernelGateway' is not enabled (enabled: JupyterServer)" },
        { CreateAppEvents.With(e => e.Parameters()["domainId"] = "d-notallowed01"), "domain d-notallowed01 is not in the allowed list" },
        { CreateAppEvents.With(e => e.Parameters()["domainId"] = "D-UPPER"), "domainId 'D-UPPER' is not a valid domain id" },
        { CreateAppEvents.With(e => e.Parameters()["appName"] = "default;reboot"), "appName 'default;reboot' is not a valid app name" },
        { CreateAppEvents.With(e => e.Parameters()["userProfileName"] = "a$(touch /tmp/pwn)"), "userProfileName 'a$(touch /tmp/pwn)' is not a valid name" },
        { CreateAppEvents.With(e => e.Parameters()["userProfileName"] = "bob\n\u001b[31m"), "userProfileName 'bob\\u000a\\u001b[31m' is not a valid name" },
        { CreateAppEvents.With(e => e.Parameters().Remove("userProfileName")), "userProfileName (absent) is not a valid name" },
        { CreateAppEvents.With(e => e.Parameters()["spaceName"] = "shared"), "a JupyterServer app names both a user profile and a space" },
        { CreateAppEvents.With(e => e.Parameters()["userProfileName"] = new string('a', 70)), $"userProfileName '{new string('a', 64)}'… is not a valid name" },
    };

    [Theory]
    [MemberData(nameof(Skipped))]
    public void SkipsWithAPreciseReason(string json, string reason)
    {
        var decision = Decide(json);

        Assert.Null(decision.Target);
        Assert.Equal(reason, decision.SkipReason);
    }

    private static AcceptDecision Decide(string json) => EventAcceptor.Decide(Encoding.UTF8.GetBytes(json), Policy);
}
