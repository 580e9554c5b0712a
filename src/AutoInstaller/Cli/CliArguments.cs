using AutoInstaller.Failures;
namespace AutoInstaller.Cli;

/// <summary>Checks of argument values that the parser leaves as text.</summary>
internal static class CliArguments
{
    public static Uri HttpUrl(string option, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ConfigurationException($"{option} '{value}' is not an http(s) URL");
}
