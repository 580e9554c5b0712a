using System.Net;
using System.Text.RegularExpressions;
using AutoInstaller.Failures;

namespace AutoInstaller.Studio;

/// <summary>
/// An origin the function sends a presigned URL or a session cookie to, one per app: the domain's Studio host
/// (<c>https://DOMAIN.studio.REGION.sagemaker.aws</c>) for Studio Classic, a space's own host (the origin of
/// <c>DescribeSpace.Url</c>) for a space's app, or a configured origin for a local sandbox, which may use plain http
/// only on a loopback address.
/// </summary>
internal sealed partial record StudioOrigin(Uri Value)
{
    public static StudioOrigin ForDomain(string domainId, string region) =>
        new(new Uri($"https://{domainId}.studio.{region}.sagemaker.aws/"));

    /// <summary>
    /// The origin of a space's URL as <c>DescribeSpace</c> returns it. It must be a Studio host of the region
    /// (<c>https://LABEL.studio.REGION.sagemaker.aws</c>); with a configured local origin it must be on loopback
    /// instead, so a sandbox's answer can never send a session elsewhere.
    /// </summary>
    public static StudioOrigin ForSpace(string? url, string region, bool local)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.UserInfo.Length > 0)
        {
            throw new SpaceNotUsableException($"the space's URL {Describe(url)} is not an absolute http(s) URL without user info");
        }

        var origin = new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
        var valid = local
            ? IsLoopback(uri)
            : uri.Scheme == Uri.UriSchemeHttps && uri.IsDefaultPort && StudioHost().IsMatch(uri.Host) && uri.Host.EndsWith($".studio.{region}.sagemaker.aws", StringComparison.Ordinal);
        return valid
            ? new StudioOrigin(origin)
            : throw new SpaceNotUsableException(local
                ? $"the space's URL {Describe(url)} is not on loopback, as it must be with a configured local Studio origin"
                : $"the space's URL {Describe(url)} is not a Studio host of {region} (https://NAME.studio.{region}.sagemaker.aws)");
    }

    /// <summary>Validates a configured origin; the setting's name goes into the error.</summary>
    public static StudioOrigin Configured(string setting, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
        {
            throw new ConfigurationException($"{setting} is '{value}'; expected an origin such as https://host or http://127.0.0.1:PORT");
        }

        if (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri)))
        {
            return new StudioOrigin(uri);
        }

        throw new ConfigurationException($"{setting} is '{value}'; plain http is allowed only on a loopback address");
    }

    /// <summary>The Jupyter server of a Studio Classic user: <c>/jupyter/default/</c> on the Studio origin.</summary>
    public Uri JupyterBase => new(Value, "/jupyter/default/");

    /// <summary>The Jupyter server of a space's JupyterLab app: <c>/jupyterlab/default/</c> on the space's origin.</summary>
    public Uri JupyterLabBase => new(Value, "/jupyterlab/default/");

    /// <summary>Whether a URL is on exactly this origin (scheme, host and port).</summary>
    public bool Contains(Uri url) =>
        url.IsAbsoluteUri
        && string.Equals(url.Scheme, Value.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(url.IdnHost, Value.IdnHost, StringComparison.OrdinalIgnoreCase)
        && url.Port == Value.Port;

    public override string ToString() => Value.GetLeftPart(UriPartial.Authority);

    /// <summary>A URL from an answer, fit for an error: its origin only (a path or query could carry a token).</summary>
    private static string Describe(string? url) =>
        url is null ? "(absent)"
        : Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"'{uri.Scheme}://{uri.Authority}'"
        : "(not a URL)";

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.studio\\.[a-z0-9-]+\\.sagemaker\\.aws\\z", RegexOptions.CultureInvariant)]
    private static partial Regex StudioHost();

    /// <summary>Whether the URL's host is a loopback name or address (127.0.0.0/8, ::1, localhost).</summary>
    internal static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));
}
