using System.CommandLine;
using AutoInstaller.Composition;
using AutoInstaller.Configuration;
using AutoInstaller.Failures;
using AutoInstaller.Setup;

namespace AutoInstaller.Cli;

/// <summary>Options every verb takes.</summary>
internal sealed class CommonOptions
{
    public Option<FileInfo?> Script { get; } = new("--script") { Description = "The setup script to run (default: what the function would run: the S3 object of AUTO_INSTALLER_SETUP_SCRIPT_S3_URI, read for the run, else the recipes of AUTO_INSTALLER_SETUP_RECIPES, else AUTO_INSTALLER_SETUP_SCRIPT, else the shipped setup/setup.sh)" };

    public Option<string> Output { get; } = new("--output") { Description = "What stdout gets: text (the summary) or json (the result)", DefaultValueFactory = _ => "text" };

    public Option<bool> Verbose { get; } = new("--verbose") { Description = "Also show the setup's own output" };

    public Option<int> Timeout { get; } = new("--timeout") { Description = "Seconds before the run is left going and reported detached", DefaultValueFactory = _ => 900 };

    public CommonOptions() => Output.AcceptOnlyFromAmong("text", "json");

    public void AddTo(Command command)
    {
        command.Options.Add(Script);
        command.Options.Add(Output);
        command.Options.Add(Verbose);
        command.Options.Add(Timeout);
    }

    public CliOutput CreateOutput(ParseResult parse) =>
        new(Console.Out, Console.Error, parse.GetValue(Output) == "json", parse.GetValue(Verbose));

    /// <summary>
    /// The script and the variables for its steps: <c>--script</c> (read and checked now), else what the function would
    /// run (the S3 object of <c>AUTO_INSTALLER_SETUP_SCRIPT_S3_URI</c>, read when the run needs it, from
    /// <c>AUTO_INSTALLER_S3_ENDPOINT</c> or the region's S3; or <c>AUTO_INSTALLER_SETUP_RECIPES</c> with the
    /// recipes' parameters; or <c>AUTO_INSTALLER_SETUP_SCRIPT</c>; or the shipped script). A problem is a
    /// <see cref="ConfigurationException"/>.
    /// </summary>
    public (ScriptSource Script, IReadOnlyDictionary<string, string> StepEnvironment) ReadSetup(ParseResult parse, string defaultScript, Func<string?> region)
    {
        if (parse.GetValue(Script)?.FullName is { } path)
        {
            return (ScriptSource.Loaded(ScriptLoading.ReadScript(path), "file", path), new Dictionary<string, string>());
        }

        var environment = (Func<string, string?>)Environment.GetEnvironmentVariable;
        return ScriptLoading.Load(FunctionSettings.ParseScript(environment, defaultScript), region, environment, TimeProvider.System);
    }
}
