namespace AutoInstaller.Tests.Reliability;

/// <summary>The scanner itself: a secret anywhere in a captured text is found, named by the text's source and the secret's kind.</summary>
public sealed class SecretScannerTests
{
    [Fact]
    public void ASecretInsideATextIsFoundWithItsSourceAndKind()
    {
        var secrets = new Dictionary<string, string>
        {
            ["Zm9vYmFyYmF6cXV4cXV1eGNvcmdl"] = RunEvidence.SessionCookie,
            ["sandbox/secret/key/example/not/a/real/secret"] = RunEvidence.AwsSecretKey,
        };
        CapturedText[] texts =
        [
            new("pipeline log", () => "{\"message\":\"Logged in\",\"origin\":\"http://127.0.0.1:5000\"}"),
            new("pipeline exception", () => "SetupStageException: cookie session=Zm9vYmFyYmF6cXV4cXV1eGNvcmdl; Path=/"),
        ];

        var scan = SecretScan.FindLeaks(secrets, texts);

        Assert.Equal(["text 1 (pipeline exception) contains a session cookie starting 'Zm9v'"], scan.Found);
        Assert.Equal($"2 issued secrets in 2 captured texts ({texts.Sum(t => t.Read().Length)} characters), 1 found", scan.Summary);
    }
}
