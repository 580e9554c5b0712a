using StudioSandbox.Aws;
using StudioSandbox.Studio;

namespace StudioSandbox.SageMaker;

/// <summary>
/// The LandingUri values the sandbox serves: none, <c>app:JupyterServer:&lt;path&gt;</c> or <c>studio::&lt;path&gt;</c>
/// (new Studio's UI) for a login without SpaceName, <c>app:JupyterLab:&lt;path&gt;</c> for a space's JupyterLab (with
/// SpaceName). A Jupyter landing lands on the app's landing page; the relative path is not followed.
/// </summary>
internal static class LandingUri
{
    public const string StudioUiPrefix = "studio::";

    /// <summary>The domain default values the sandbox takes (botocore's model names both).</summary>
    public static readonly string[] DomainDefaults = [StudioUiPrefix, "app:JupyterServer:"];

    public static bool OpensStudioUi(string landingUri) => landingUri.StartsWith(StudioUiPrefix, StringComparison.Ordinal);

    public static void Check(string? landingUri, string? spaceName)
    {
        var kind = landingUri is null ? null : KindOf(landingUri);
        if (landingUri is not null && kind is null && !(OpensStudioUi(landingUri) && spaceName is null))
        {
            throw AwsApiException.Validation(
                $"LandingUri '{landingUri}' is not served by the Studio sandbox: use app:JupyterServer:<path> or studio::<path> (no SpaceName) or app:JupyterLab:<path> with SpaceName");
        }

        if (spaceName is null && kind == JupyterAppKind.JupyterLab)
        {
            throw AwsApiException.Validation($"LandingUri '{landingUri}' opens an app in a space: SpaceName is required");
        }

        if (spaceName is not null && kind != JupyterAppKind.JupyterLab)
        {
            throw AwsApiException.Validation("The Studio sandbox opens a space only through LandingUri app:JupyterLab:<path>");
        }
    }

    private static JupyterAppKind? KindOf(string landingUri) =>
        new[] { JupyterAppKind.Classic, JupyterAppKind.JupyterLab }
            .FirstOrDefault(kind => landingUri.StartsWith($"app:{kind.AppType}:", StringComparison.Ordinal));
}
