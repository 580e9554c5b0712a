using AutoInstaller.Tests.Sandbox;

namespace AutoInstaller.Tests.Reliability;

/// <summary>What a scan looked at and which secrets it found where.</summary>
internal sealed record SecretScanResult(int Texts, long Characters, int Secrets, IReadOnlyList<string> Found)
{
    public string Summary =>
        $"secret scan: {Secrets} secrets (presigned URL tokens, session cookies, XSRF values, AWS secret key, session token) in {Texts} captured texts ({Characters:N0} characters): {Found.Count} found";
}

/// <summary>Looks for every secret the sandbox issued, the AWS secret key and the session token in captured texts.</summary>
internal static class SecretScan
{
    public static async Task<SecretScanResult> FindLeaksAsync(SandboxHost sandbox, IEnumerable<string> captured)
    {
        var issued = await sandbox.Admin.GetIssuedSecretsAsync();
        if (issued.LoginTokens.Length == 0 || issued.SessionCookies.Length == 0 || issued.XsrfTokens.Length == 0)
        {
            throw new InvalidOperationException("the sandbox issued no login token, cookie or XSRF value: the scan would prove nothing");
        }

        var secrets = issued.All.Append(SandboxHost.SecretAccessKey).Append(FaultScenarios.SessionToken).Distinct().ToList();
        var texts = captured.ToList();
        var found = new List<string>();
        for (var i = 0; i < texts.Count; i++)
        {
            found.AddRange(secrets
                .Where(secret => texts[i].Contains(secret, StringComparison.Ordinal))
                .Select(secret => $"text {i} contains a secret starting '{secret[..4]}'"));
        }

        return new SecretScanResult(texts.Count, texts.Sum(t => (long)t.Length), secrets.Count, found);
    }
}
