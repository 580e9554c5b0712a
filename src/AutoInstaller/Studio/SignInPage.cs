namespace AutoInstaller.Studio;

/// <summary>
/// The AWS console's sign-in page, where an expired presigned Studio URL sends the browser (CreatePresignedDomainUrl's
/// API reference): <c>https://signin.aws.amazon.com</c>, the console (<c>https://console.aws.amazon.com</c>) and their
/// regional hosts (<c>https://REGION.signin.aws.amazon.com</c>, <c>https://REGION.console.aws.amazon.com</c>).
/// Nothing is ever sent there; seeing the redirect is enough to know that a fresh presigned URL is needed.
/// </summary>
internal static class SignInPage
{
    private static readonly string[] Hosts = ["signin.aws.amazon.com", "console.aws.amazon.com"];

    public static bool Contains(Uri url) =>
        url.IsAbsoluteUri
        && url.Scheme == Uri.UriSchemeHttps
        && Hosts.Any(host => url.IdnHost.Equals(host, StringComparison.OrdinalIgnoreCase)
            || url.IdnHost.EndsWith("." + host, StringComparison.OrdinalIgnoreCase));
}
