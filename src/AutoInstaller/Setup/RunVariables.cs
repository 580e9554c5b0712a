using AutoInstaller.Events;
using AutoInstaller.Studio;

namespace AutoInstaller.Setup;

/// <summary>
/// The variables the function sets for every step of a run (in <c>run.env</c>), in one list: a recipe's parameters and
/// a tag's recipes cannot replace them. <c>AUTO_INSTALLER_STEP</c> and <c>AUTO_INSTALLER_RECIPE_FILES</c> are set by
/// the runner and by a composed recipe step.
/// </summary>
internal static class RunVariables
{
    public const string RunId = "AUTO_INSTALLER_RUN_ID";
    public const string DomainId = "AUTO_INSTALLER_DOMAIN_ID";
    public const string UserProfile = "AUTO_INSTALLER_USER_PROFILE";
    public const string SpaceName = "AUTO_INSTALLER_SPACE_NAME";
    public const string AppType = "AUTO_INSTALLER_APP_TYPE";
    public const string AppName = "AUTO_INSTALLER_APP_NAME";
    public const string Region = "AUTO_INSTALLER_REGION";
    public const string Step = "AUTO_INSTALLER_STEP";
    public const string RecipeFiles = "AUTO_INSTALLER_RECIPE_FILES";

    /// <summary>Every name the function sets, which nothing else may set.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        RunId, DomainId, UserProfile, SpaceName, AppType, AppName, Region, Step, RecipeFiles,
    };

    /// <summary>
    /// A run's variables: <paramref name="stepEnvironment"/> (the recipes' parameters), then the run's own. For a
    /// space's app, the user profile is the space's owner, as whom the function signed in. Without an app (a run on a
    /// plain Jupyter server) the run id is set and the app's variables are empty.
    /// </summary>
    public static Dictionary<string, string> For(string runId, AppTarget? app, StudioLogin? login, IReadOnlyDictionary<string, string>? stepEnvironment)
    {
        return new Dictionary<string, string>(stepEnvironment ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [RunId] = runId,
            [DomainId] = app?.DomainId ?? string.Empty,
            [UserProfile] = login?.UserProfileName ?? string.Empty,
            [SpaceName] = app?.SpaceName ?? string.Empty,
            [AppType] = app?.AppType ?? string.Empty,
            [AppName] = app?.AppName ?? string.Empty,
            [Region] = app?.Region ?? string.Empty,
        };
    }
}
