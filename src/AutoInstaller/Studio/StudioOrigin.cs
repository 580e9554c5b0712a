using System.Net;

namespace AutoInstaller.Studio;

/// <summary>
/// The only origin the function sends a presigned URL or a session cookie to: the domain's Studio host
/// (<c>https://DOMAIN.studio.REGION.sagemaker.aws</c>), or a configured origin for a local sandbox, which may use
/// plain http only on a loopback address.
/// </summary>
internal sealed record StudioOrigin(Uri Value)
{
    public static StudioOrigin ForDomain(string domainId, string region) =>
        new(new Uri($"https://{domainId}.studio.{region}.sagemaker.aws/"));

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

    /// <summary>Whether a URL is on exactly this origin (scheme, host and port).</summary>
    public bool Contains(Uri url) =>
        url.IsAbsoluteUri
        && string.Equals(url.Scheme, Value.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(url.IdnHost, Value.IdnHost, StringComparison.OrdinalIgnoreCase)
        && url.Port == Value.Port;

    public override string ToString() => Value.GetLeftPart(UriPartial.Authority);

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));
}
