using System.Collections.Concurrent;
using Amazon;
using AutoInstaller.Diagnostics;
using AutoInstaller.Events;
using AutoInstaller.Failures;
using AutoInstaller.SageMaker;

namespace AutoInstaller.Setup;

/// <summary>
/// What the tag chose for one app: nothing (no tag: the function's own script runs), a skip (the value
/// <c>none</c>), or a script composed from the recipes it names, with their parameters for the steps.
/// </summary>
internal sealed record RecipeTagChoice(string? SkipReason, FetchedScript? Script, IReadOnlyDictionary<string, string>? StepEnvironment)
{
    public static readonly RecipeTagChoice NoTag = new(null, null, null);
}

/// <summary>A tag that cannot be followed: it names an unknown recipe, one twice, or none. Permanent.</summary>
internal sealed class RecipeTagException(string message) : ClassifiedException(message)
{
    public override FailureKind Kind => FailureKind.Permanent;
}

/// <summary>
/// The recipes stage: the tag <c>studio-auto-installer:recipes</c> on the user profile (for a space's app: on the
/// space, else on its owner's profile) names the recipes to run for that app, separated by spaces (tag values cannot
/// hold commas), in order, instead of the function's own script; <c>none</c> skips the app. Tags are read with
/// <c>ListTags</c> on the resource's ARN. A composed script is kept per tag value: recipes and their parameters do not
/// change while the function runs.
/// </summary>
internal sealed class RecipeTags(Lazy<RecipeCatalog> catalog, Func<string, string?> environment)
{
    public const string Key = "studio-auto-installer:recipes";
    public const string None = "none";
    private readonly ConcurrentDictionary<string, (FetchedScript Script, IReadOnlyDictionary<string, string> Environment)> composed = new(StringComparer.Ordinal);

    /// <summary>The recipes of <paramref name="recipesDirectory"/>, read on the first tag that names some.</summary>
    public static RecipeTags From(string recipesDirectory, Func<string, string?> environment) =>
        new(new Lazy<RecipeCatalog>(() => RecipeCatalog.Load(recipesDirectory)), environment);

    /// <param name="userProfileName">The profile the function signs in as: the app's own, or the space's owner.</param>
    public async Task<RecipeTagChoice> ChooseAsync(ISageMakerApi sageMaker, AppTarget app, string userProfileName, Log log, CancellationToken cancellationToken)
    {
        foreach (var (kind, name) in TaggedResources(app, userProfileName))
        {
            var arn = Arn(app, kind, name);
            if (await sageMaker.GetTagAsync(arn, Key, cancellationToken).ConfigureAwait(false) is not { } value)
            {
                continue;
            }

            var where = $"the tag {Key} on {(kind == "space" ? "space" : "user profile")} {name}";
            log.Info(LogMessages.RecipesChosenByTag, ("tag", Key), ("resourceArn", arn), ("value", value));
            return Choose(value.Trim(), where, $"{kind}/{app.DomainId}/{name}");
        }

        return RecipeTagChoice.NoTag;
    }

    private RecipeTagChoice Choose(string value, string where, string resource)
    {
        if (value == None)
        {
            return new RecipeTagChoice($"{where} is '{None}': this app is not set up", null, null);
        }

        var names = value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
        {
            throw new RecipeTagException($"{where} is empty; it names recipes separated by spaces, or '{None}' to skip the app");
        }

        var (script, stepEnvironment) = composed.GetOrAdd(string.Join(' ', names), _ => Compose(names, where, resource));
        return new RecipeTagChoice(null, script, stepEnvironment);
    }

    private (FetchedScript, IReadOnlyDictionary<string, string>) Compose(string[] names, string where, string resource)
    {
        try
        {
            var composition = catalog.Value.Compose(names, where, environment);
            var summary = new ScriptSummary("tag", $"{resource}: {string.Join(' ', names)}", null, null,
                ScriptSummary.Hash(composition.Script), composition.Script.Length);
            return (new FetchedScript(composition.Script, SetupScript.Split(composition.Script), summary), composition.Environment);
        }
        catch (ConfigurationException e)
        {
            throw new RecipeTagException(e.Message);
        }
    }

    /// <summary>Where the tag is looked for, first match wins: the space (for a space's app), then the user profile.</summary>
    private static IEnumerable<(string Kind, string Name)> TaggedResources(AppTarget app, string userProfileName)
    {
        if (app.SpaceName is { } space)
        {
            yield return ("space", space);
        }

        yield return ("user-profile", userProfileName);
    }

    private static string Arn(AppTarget app, string kind, string name)
    {
        var account = app.Account
            ?? throw new RecipeTagException($"the event names no account (recipientAccountId), so the ARN of the {kind} {name} for its tags is unknown");
        return $"arn:{RegionEndpoint.GetBySystemName(app.Region).PartitionName}:sagemaker:{app.Region}:{account}:{kind}/{app.DomainId}/{name}";
    }
}
