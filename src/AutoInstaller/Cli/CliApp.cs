using System.CommandLine;

namespace AutoInstaller.Cli;

/// <summary>The verbs for a person at a terminal. Exit codes: 0 succeeded or skipped, 1 failed, 2 usage or configuration error, 3 detached.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, string defaultScript)
    {
        var common = new CommonOptions();
        var root = new RootCommand(
            "Studio Auto-Installer: runs a setup script on SageMaker Studio Jupyter servers. Without a verb, and with " +
            "AWS_LAMBDA_RUNTIME_API set, it is the Lambda function.")
        {
            ReplayCommand.Create(common, defaultScript),
            RunCommand.Create(common, defaultScript),
            RolloutCommand.Create(),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {error.Message}");
            }

            var verb = parse.CommandResult.Command == root ? string.Empty : $" {parse.CommandResult.Command.Name}";
            await Console.Error.WriteLineAsync($"Try 'bootstrap{verb} --help'.");
            return ResultSummary.Usage;
        }

        using var interrupt = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            interrupt.Cancel();
        };
        return await parse.InvokeAsync(cancellationToken: interrupt.Token);
    }
}
