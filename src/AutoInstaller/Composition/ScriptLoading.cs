using Amazon;
using AutoInstaller.Configuration;
using AutoInstaller.Failures;
using AutoInstaller.Setup;

namespace AutoInstaller.Composition;

/// <summary>Turns a <see cref="ScriptSetting"/> into the script source of the pipeline: the reading the settings do not do.</summary>
internal static class ScriptLoading
{
    /// <summary>
    /// The script and the variables for its steps: a file is read and checked now; recipes are composed now, with the
    /// values of their parameters that <paramref name="environment"/> has; an S3 object is read for each run, from its
    /// endpoint or the S3 of the region <paramref name="region"/> gives (asked for S3 only; null: no region is known,
    /// an error for S3).
    /// </summary>
    public static (ScriptSource Script, IReadOnlyDictionary<string, string> StepEnvironment) Load(
        ScriptSetting setting, Func<string?> region, Func<string, string?> environment, TimeProvider time)
    {
        switch (setting)
        {
            case ScriptFileSetting file:
                return (ScriptSource.Loaded(ReadScript(file.Path), "file", file.Path), new Dictionary<string, string>());
            case RecipesSetting recipes:
                var composed = RecipeCatalog.Load(recipes.RecipesDirectory).Compose(recipes.List, environment);
                return (ScriptSource.Loaded(composed.Script, "recipes", recipes.List), composed.Environment);
            case S3ScriptSetting s3:
                var regionEndpoint = region() is { Length: > 0 } name
                    ? RegionEndpoint.GetBySystemName(name)
                    : throw new ConfigurationException($"{FunctionSettings.ScriptS3UriSetting} is set, but no AWS region is: set AWS_REGION");
                return (S3ScriptSource.Create(s3.Uri, regionEndpoint, s3.Endpoint, time), new Dictionary<string, string>());
            default:
                throw new ArgumentOutOfRangeException(nameof(setting), setting, "unknown script setting");
        }
    }

    /// <summary>Reads a setup script file and checks its step markers.</summary>
    public static byte[] ReadScript(string path)
    {
        byte[] script;
        try
        {
            script = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"setup script {path}: cannot read it: {e.Message}");
        }

        try
        {
            _ = SetupScript.Split(script);
        }
        catch (SetupScriptException e)
        {
            throw new ConfigurationException($"setup script {path}: {e.Message}");
        }

        return script;
    }
}
