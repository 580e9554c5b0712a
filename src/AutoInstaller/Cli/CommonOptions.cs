using System.CommandLine;

namespace AutoInstaller.Cli;

/// <summary>Options every verb takes.</summary>
internal sealed class CommonOptions
{
    public Option<FileInfo?> Script { get; } = new("--script") { Description = "The setup script to run (default: the recipes of AUTO_INSTALLER_SETUP_RECIPES, else AUTO_INSTALLER_SETUP_SCRIPT, else the shipped setup/setup.sh)" };

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
    /// The script's bytes, validated, and the variables for its steps: <c>--script</c>, else what the function would
    /// run (<c>AUTO_INSTALLER_SETUP_RECIPES</c> with the recipes' parameters, or <c>AUTO_INSTALLER_SETUP_SCRIPT</c>, or the
    /// shipped script). A problem is a <see cref="ConfigurationException"/>.
    /// </summary>
    public (byte[] Script, IReadOnlyDictionary<string, string> StepEnvironment) ReadSetup(ParseResult parse, string defaultScript)
    {
        if (parse.GetValue(Script)?.FullName is { } path)
        {
            return (Configuration.FunctionSettings.ReadScript(path), new Dictionary<string, string>());
        }

        var (_, script, stepEnvironment) = Configuration.FunctionSettings.ReadSetup(Environment.GetEnvironmentVariable, defaultScript);
        return (script, stepEnvironment);
    }
}
