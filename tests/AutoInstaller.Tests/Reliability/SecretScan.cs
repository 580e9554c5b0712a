using AutoInstaller.Tests.Sandbox;

namespace AutoInstaller.Tests.Reliability;

/// <summary>What a scan looked at and which secrets it found where.</summary>
internal sealed record SecretScanResult(int Secrets, int Texts, long Characters, IReadOnlyList<string> Found)
{
    public string Summary => $"{Secrets} issued secrets in {Texts} captured texts ({Characters:N0} characters), {Found.Count} found";
}

/// <summary>Looks for every secret in every captured text.</summary>
internal static class SecretScan
{
    /// <summary>One test's own scan: what this sandbox issued so far, the AWS secret key and the session token, in these texts.</summary>
    public static async Task<SecretScanResult> FindLeaksAsync(SandboxHost sandbox, IEnumerable<string> captured)
    {
        var issued = await sandbox.Admin.GetIssuedSecretsAsync();
        if (issued.LoginTokens.Length == 0 || issued.SessionCookies.Length == 0 || issued.XsrfTokens.Length == 0)
        {
            throw new InvalidOperationException("the sandbox issued no login token, cookie or XSRF value: the scan would prove nothing");
        }

        var secrets = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [SandboxHost.SecretAccessKey] = RunEvidence.AwsSecretKey,
            [FaultScenarios.SessionToken] = RunEvidence.AwsSessionToken,
        };
        foreach (var secret in issued.All)
        {
            secrets.TryAdd(secret, "value the sandbox issued");
        }

        return FindLeaks(secrets, [.. captured.Select(text => new CapturedText("test", () => text))]);
    }

    public static SecretScanResult FindLeaks(IReadOnlyDictionary<string, string> secrets, IReadOnlyList<CapturedText> texts)
    {
        var found = new List<string>();
        long characters = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            var text = texts[i].Read();
            characters += text.Length;
            found.AddRange(secrets
                .Where(secret => text.Contains(secret.Key, StringComparison.Ordinal))
                .Select(secret => $"text {i} ({texts[i].Source}) contains a {secret.Value} starting '{secret.Key[..4]}'"));
        }

        return new SecretScanResult(secrets.Count, texts.Count, characters, found);
    }
}
