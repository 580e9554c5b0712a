using AutoInstaller.Composition;
using AutoInstaller.Configuration;
using AutoInstaller.Failures;
using AutoInstaller.Setup;

namespace AutoInstaller.Tests.S3;

/// <summary><c>AUTO_INSTALLER_SETUP_SCRIPT_S3_URI</c> and <c>AUTO_INSTALLER_S3_ENDPOINT</c> as the function reads them at start-up.</summary>
public sealed class S3ScriptSettingsTests : IDisposable
{
    private const string Uri = "AUTO_INSTALLER_SETUP_SCRIPT_S3_URI";
    private const string Endpoint = "AUTO_INSTALLER_S3_ENDPOINT";
    private readonly string setup = Directory.CreateTempSubdirectory("s3-settings-").FullName;

    public S3ScriptSettingsTests()
    {
        File.WriteAllText(Path.Combine(setup, "setup.sh"), "# step: shipped\necho shipped\n");
        Directory.CreateDirectory(Path.Combine(setup, "recipes"));
        File.WriteAllText(Path.Combine(setup, "recipes", "one.sh"), "echo one\n");
    }

    public void Dispose() => Directory.Delete(setup, recursive: true);

    [Fact]
    public void TheS3UriMakesAnS3SourceThatReadsNothingAtStartUp()
    {
        var settings = FunctionSettings.FromEnvironment(Env((Uri, "s3://my-bucket/studio/setup.sh")), ShippedScript);

        var source = Assert.IsType<S3ScriptSource>(Load(settings).Script);
        Assert.Equal(new ScriptSummary("s3", "s3://my-bucket/studio/setup.sh", null, null, null, null), source.Summary);
        Assert.Empty(Load(settings).StepEnvironment);
    }

    [Fact]
    public void WithoutTheS3UriTheFileIsReadAtStartUpAndSummarised()
    {
        var settings = FunctionSettings.FromEnvironment(Env(), ShippedScript);

        var summary = Load(settings).Script.Summary;
        Assert.Equal(("file", ShippedScript, 29), (summary.Source, summary.Location, summary.Bytes));
        Assert.Equal(ScriptSummary.Hash(File.ReadAllBytes(ShippedScript)), summary.Sha256);
    }

    [Fact]
    public void RecipesAreSummarisedByTheirList()
    {
        var settings = FunctionSettings.FromEnvironment(Env(("AUTO_INSTALLER_SETUP_RECIPES", "one")), ShippedScript);

        var summary = Load(settings).Script.Summary;
        Assert.Equal(("recipes", "one"), (summary.Source, summary.Location));
    }

    [Theory]
    [InlineData("AUTO_INSTALLER_SETUP_SCRIPT", "/var/task/setup/setup.sh")]
    [InlineData("AUTO_INSTALLER_SETUP_RECIPES", "one")]
    public void TheS3UriWithAnotherScriptSettingIsAConfigurationError(string other, string value)
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            FunctionSettings.FromEnvironment(Env((Uri, "s3://my-bucket/setup.sh"), (other, value)), ShippedScript));

        Assert.Equal($"{Uri} and {other} are both set; set one of them: an S3 object, a script file or recipes", error.Message);
    }

    [Fact]
    public void AnInvalidS3UriIsAConfigurationError()
    {
        var error = Assert.Throws<ConfigurationException>(() => FunctionSettings.FromEnvironment(Env((Uri, "s3://Bad_Bucket/x")), ShippedScript));

        Assert.StartsWith($"{Uri} is 's3://Bad_Bucket/x': the bucket name", error.Message);
    }

    [Theory]
    [InlineData("https://s3.internal.example")]
    [InlineData("http://127.0.0.1:8765/s3")]
    [InlineData("http://localhost:8765/s3")]
    [InlineData("http://[::1]:8765/s3")]
    public void AnS3EndpointIsHttpsOrLoopbackHttp(string endpoint) =>
        Assert.IsType<S3ScriptSource>(Load(FunctionSettings.FromEnvironment(Env((Uri, "s3://my-bucket/setup.sh"), (Endpoint, endpoint)), ShippedScript)).Script);

    [Theory]
    [InlineData("http://s3.internal.example/", "plain http is allowed only on a loopback address")]
    [InlineData("ftp://127.0.0.1/", "expected an http(s) URL without query")]
    [InlineData("http://127.0.0.1:8765/s3?x=1", "expected an http(s) URL without query")]
    [InlineData("127.0.0.1:8765", "expected an http(s) URL without query")]
    public void AnotherS3EndpointIsAConfigurationError(string endpoint, string problem)
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            FunctionSettings.FromEnvironment(Env((Uri, "s3://my-bucket/setup.sh"), (Endpoint, endpoint)), ShippedScript));

        Assert.StartsWith($"{Endpoint} is '{endpoint}'; ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void TheCliWithoutARegionCannotReadFromS3()
    {
        var environment = Env((Uri, "s3://my-bucket/setup.sh"));
        var error = Assert.Throws<ConfigurationException>(() => ScriptLoading.Load(
            FunctionSettings.ParseScript(environment, ShippedScript), () => null, environment, TimeProvider.System));

        Assert.Equal($"{Uri} is set, but no AWS region is: set AWS_REGION", error.Message);
    }

    private string ShippedScript => Path.Combine(setup, "setup.sh");

    /// <summary>What the function reads at start-up for these settings.</summary>
    private static (ScriptSource Script, IReadOnlyDictionary<string, string> StepEnvironment) Load(FunctionSettings settings) =>
        ScriptLoading.Load(settings.Script, () => settings.Region, _ => null, TimeProvider.System);

    private static Func<string, string?> Env(params (string Name, string Value)[] values)
    {
        var all = new Dictionary<string, string>
        {
            ["AUTO_INSTALLER_DOMAIN_IDS"] = "d-sandbox00001",
            ["AWS_REGION"] = "us-east-1",
        };
        foreach (var (name, value) in values)
        {
            all[name] = value;
        }

        return name => all.GetValueOrDefault(name);
    }
}
