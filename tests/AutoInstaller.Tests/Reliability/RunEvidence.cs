using System.Collections.Concurrent;
using AutoInstaller.Tests.Sandbox;

namespace AutoInstaller.Tests.Reliability;

/// <summary>A text the function produced that a test captured, read when the scan runs (buffers keep growing until then).</summary>
internal sealed record CapturedText(string Source, Func<string> Read);

/// <summary>
/// What the whole test run handed to the function and what it got back. Secrets: every login token, session cookie,
/// XSRF value and Jupyter identity cookie each sandbox issued (reported when the sandbox stops), and every AWS secret key, session token and
/// Jupyter token a test gave the function. Texts: the function's logs, results, error reports and exception messages,
/// CLI and bootstrap output, as the harnesses captured them. <see cref="RunWideSecretScanTests"/> scans all texts for
/// all secrets once every other test has run.
/// </summary>
internal static class RunEvidence
{
    public const string LoginToken = "presigned URL token";
    public const string SessionCookie = "session cookie";
    public const string XsrfValue = "XSRF value";
    public const string IdentityCookie = "Jupyter identity cookie";
    public const string AwsSecretKey = "AWS secret key";
    public const string AwsSessionToken = "AWS session token";
    public const string JupyterToken = "Jupyter token";
    private const int ShortestSecret = 16;

    private static readonly ConcurrentDictionary<string, string> SecretKinds = new(StringComparer.Ordinal);
    private static readonly ConcurrentQueue<CapturedText> CapturedTexts = new();
    private static readonly ConcurrentDictionary<string, bool> SandboxesReported = new(StringComparer.Ordinal);

    /// <summary>Secret value → kind.</summary>
    public static IReadOnlyDictionary<string, string> Secrets => SecretKinds;

    public static IReadOnlyList<CapturedText> Texts => [.. CapturedTexts];

    /// <summary>Each sandbox started (by origin) and whether it reported the secrets it issued.</summary>
    public static IReadOnlyDictionary<string, bool> Sandboxes => SandboxesReported;

    public static void Secret(string kind, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (value.Length < ShortestSecret)
        {
            throw new ArgumentException($"a {kind} of {value.Length} characters could match by chance; test secrets are {ShortestSecret} or more", nameof(value));
        }

        SecretKinds.TryAdd(value, kind);
    }

    public static void SandboxStarted(Uri origin) => SandboxesReported[origin.ToString()] = false;

    /// <summary>The secrets a sandbox issued, fetched from its admin API before it stops.</summary>
    public static void SandboxIssued(Uri origin, SandboxAdminClient.IssuedSecrets issued)
    {
        foreach (var token in issued.LoginTokens)
        {
            Secret(LoginToken, token);
        }

        foreach (var cookie in issued.SessionCookies)
        {
            Secret(SessionCookie, cookie);
        }

        foreach (var xsrf in issued.XsrfTokens)
        {
            Secret(XsrfValue, xsrf);
        }

        foreach (var cookie in issued.JupyterIdentityCookies)
        {
            Secret(IdentityCookie, cookie);
        }

        SandboxesReported[origin.ToString()] = true;
    }

    public static void Text(string source, string text) => CapturedTexts.Enqueue(new CapturedText(source, () => text));

    /// <summary>A text that is still being written: read when the scan runs.</summary>
    public static void Text(string source, Func<string> read) => CapturedTexts.Enqueue(new CapturedText(source, read));

    /// <summary>A log writer whose whole text is captured (read under a lock on the writer).</summary>
    public static StringWriter Log(string source)
    {
        var writer = new StringWriter();
        Text(source, () =>
        {
            lock (writer)
            {
                return writer.ToString();
            }
        });
        return writer;
    }
}
