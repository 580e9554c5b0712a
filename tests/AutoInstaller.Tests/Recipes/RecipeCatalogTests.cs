using System.Text;
using AutoInstaller.Composition;
using AutoInstaller.Configuration;
using AutoInstaller.Diagnostics;
using AutoInstaller.Failures;
using AutoInstaller.Setup;

namespace AutoInstaller.Tests.Recipes;

/// <summary>Composing the setup script from recipes, and how the function's settings choose recipes or a script.</summary>
public sealed class RecipeCatalogTests : IDisposable
{
    private readonly string _setup = Directory.CreateTempSubdirectory("recipes-").FullName;

    public RecipeCatalogTests()
    {
        Directory.CreateDirectory(Path.Combine(_setup, "recipes"));
        Directory.CreateDirectory(Path.Combine(_setup, "starter"));
        File.WriteAllText(Path.Combine(_setup, "setup.sh"), "echo shipped\n");
        Write("one", "#!/usr/bin/env bash\n# parameters: AUTO_INSTALLER_ONE_A AUTO_INSTALLER_ONE_B\nset -euo pipefail\necho one\n");
        Write("two-b", "# files: starter\n# parameters: AUTO_INSTALLER_TWO_X\necho two");
        File.WriteAllText(Path.Combine(_setup, "starter", "hello.txt"), "hi\n");
    }

    public void Dispose() => Directory.Delete(_setup, recursive: true);

    [Fact]
    public void ComposesOneStepPerRecipeInTheGivenOrderAfterAStrictPrelude()
    {
        var composed = Catalog().Compose(" two-b, one ", Env());
        var steps = SetupScript.Split(composed.Script);

        Assert.StartsWith("#!/usr/bin/env bash\n# Composed from the recipes two-b, one.\nset -euo pipefail\n", Encoding.UTF8.GetString(composed.Script));
        Assert.Equal(["two-b", "one"], steps.Select(s => s.Name));
        Assert.Contains("# files: starter\n# parameters: AUTO_INSTALLER_TWO_X\necho two\n", Encoding.UTF8.GetString(steps[0].Script));
        Assert.Contains($"AUTO_INSTALLER_RECIPE_FILES='hello.txt {Convert.ToBase64String("hi\n"u8.ToArray())}\n'\n", Encoding.UTF8.GetString(steps[0].Script));
        Assert.DoesNotContain("AUTO_INSTALLER_RECIPE_FILES", Encoding.UTF8.GetString(steps[1].Script));
    }

    [Fact]
    public void ForwardsOnlyTheDeclaredParametersOfTheSelectedRecipesThatAreSet()
    {
        var composed = Catalog().Compose("one", Env(("AUTO_INSTALLER_ONE_A", "it's"), ("AUTO_INSTALLER_TWO_X", "x"), ("OTHER", "o"), ("AUTO_INSTALLER_ONE_B", "")));

        Assert.Equal(new Dictionary<string, string> { ["AUTO_INSTALLER_ONE_A"] = "it's", ["AUTO_INSTALLER_ONE_B"] = "" }, composed.Environment);
    }

    [Fact]
    public void AnUnknownRecipeIsAnErrorNamingItAndTheKnownOnes()
    {
        var error = Assert.Throws<ConfigurationException>(() => Catalog().Compose("one,nope", Env()));

        Assert.Equal("AUTO_INSTALLER_SETUP_RECIPES names the recipe 'nope', which does not exist; known recipes: one, two-b", error.Message);
    }

    [Theory]
    [InlineData("one,one", "AUTO_INSTALLER_SETUP_RECIPES names the recipe 'one' twice")]
    [InlineData(" , ", "AUTO_INSTALLER_SETUP_RECIPES is ' , '; it must list at least one recipe, comma-separated")]
    public void ARepeatedOrEmptyListIsAnError(string list, string message) =>
        Assert.Equal(message, Assert.Throws<ConfigurationException>(() => Catalog().Compose(list, Env())).Message);

    [Theory]
    [InlineData("echo a\n# step: inner\necho b\n", "a recipe is one step")]
    [InlineData("# parameters: AUTO_INSTALLER_RUN_ID\n", "parameter 'AUTO_INSTALLER_RUN_ID' must be")]
    [InlineData("# parameters: lower_case\n", "parameter 'lower_case' must be")]
    [InlineData("# files: ../etc\n", "'# files:' names one folder")]
    public void ARecipeThatBreaksTheRulesIsRefused(string text, string message) =>
        Assert.Contains(message, Assert.Throws<ConfigurationException>(() => RecipeCatalog.Parse("bad", text)).Message);

    [Fact]
    public void NamesWithATrailingNewlineAreRefused()
    {
        File.WriteAllText(Path.Combine(_setup, "starter", "notes\n"), "a file name with a line break would split its NAME BASE64 line\n");

        Assert.Contains("a recipe name is", Assert.Throws<ConfigurationException>(() => RecipeCatalog.Parse("one\n", "true\n")).Message);
        Assert.Contains("file name 'notes\n'", Assert.Throws<ConfigurationException>(() => Catalog().Compose("two-b", Env())).Message);
    }

    [Fact]
    public async Task SettingsUseTheRecipesAndTheirParametersWhenSelected()
    {
        var (source, stepEnvironment) = Load(Env(("AUTO_INSTALLER_SETUP_RECIPES", "one"), ("AUTO_INSTALLER_ONE_A", "a")));

        Assert.Equal(("recipes", "one"), (source.Summary.Source, source.Summary.Location));
        Assert.Equal(["one"], (await ScriptOf(source)).Steps.Select(s => s.Name));
        Assert.Equal("a", stepEnvironment["AUTO_INSTALLER_ONE_A"]);
    }

    [Fact]
    public async Task SettingsWithoutRecipesUseTheScriptAndForwardNothing()
    {
        var (source, stepEnvironment) = Load(Env(("AUTO_INSTALLER_ONE_A", "a")));

        Assert.Equal(("file", Path.Combine(_setup, "setup.sh")), (source.Summary.Source, source.Summary.Location));
        Assert.Equal("echo shipped\n"u8.ToArray(), (await ScriptOf(source)).Bytes);
        Assert.Empty(stepEnvironment);
    }

    [Fact]
    public void RecipesAndAScriptTogetherAreAConfigurationError()
    {
        var error = Assert.Throws<ConfigurationException>(() => Load(
            Env(("AUTO_INSTALLER_SETUP_RECIPES", "one"), ("AUTO_INSTALLER_SETUP_SCRIPT", "/x.sh"))));

        Assert.StartsWith("AUTO_INSTALLER_SETUP_RECIPES and AUTO_INSTALLER_SETUP_SCRIPT are both set", error.Message);
    }

    [Fact]
    public void TheShippedRecipesAllComposeAndDeclareOnlyTheirOwnParameters()
    {
        var catalog = RecipeCatalog.Load(RepoPaths.Combine("setup", "recipes"));
        var composed = catalog.Compose(string.Join(',', catalog.Names), _ => "set");

        Assert.Equal(["auto-shutdown", "code-server", "disable-download", "git-config", "pip-index", "welcome"], catalog.Names);
        Assert.Equal(catalog.Names, SetupScript.Split(composed.Script).Select(s => s.Name));
        Assert.All(composed.Environment.Keys, name => Assert.StartsWith("AUTO_INSTALLER_", name));
    }

    /// <summary>What the function reads at start-up from this environment, with this folder's setup.sh as the shipped script.</summary>
    private (ScriptSource Script, IReadOnlyDictionary<string, string> StepEnvironment) Load(Func<string, string?> environment) =>
        ScriptLoading.Load(FunctionSettings.ParseScript(environment, Path.Combine(_setup, "setup.sh")), () => null, environment, TimeProvider.System);

    private static Task<FetchedScript> ScriptOf(ScriptSource source) =>
        source.GetAsync(new Log(TextWriter.Null, LogLevel.Info, Log.Json, TimeProvider.System), CancellationToken.None);

    private RecipeCatalog Catalog() => RecipeCatalog.Load(Path.Combine(_setup, "recipes"));

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_setup, "recipes", name + ".sh"), text);

    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.Where(v => v.Name == name).Select(v => v.Value).FirstOrDefault();
}
