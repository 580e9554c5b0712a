using System.Text.Json;
using Amazon.Runtime;
using AutoInstaller.Setup;
using AutoInstaller.Tests.Pipeline;
using AutoInstaller.Tests.Sandbox;
using StudioSandbox.Admin;

namespace AutoInstaller.Tests.Reliability;

/// <summary>
/// The faults of the matrix, each on its own user (its own Jupyter server) in one sandbox. Each scenario returns its
/// row: the outcome (or the retryable error), the sandbox's count of setup executions, and any broken expectation.
/// The harnesses hand every log, result and exception to <see cref="RunEvidence"/> for the run-wide secret scan; the
/// pipeline signs with session credentials, so the scan also looks for the session token.
/// </summary>
internal sealed class FaultScenarios(SandboxHost sandbox)
{
    public const string SessionToken = "FwoGZXIvYXdzEFAKE//session/token/for/the/leak/scan+A1b2C3d4==";
    public const string RetryableError = "error: SetupStageException";

    private const string CountedScript = $"""
        # step: count
        {PipelineHarness.CountExecution}
        # step: greet
        echo "hello from $AUTO_INSTALLER_USER_PROFILE"
        """;

    /// <summary>
    /// Lines for the user's login profile that change one byte on its way to the file: an exported <c>printf</c>
    /// function reaches the channel's shell through the environment, and turns the first byte of the first file the
    /// delivery writes (the <c>#</c> of runner.sh's shebang) into <c>X</c>, once.
    /// </summary>
    private const string CorruptingProfile = """
        printf() { if [ "$1" = %b ] && [ "${2:0:1}" = '#' ] && [ ! -e ~/.corrupted ]; then : > ~/.corrupted; set -- "$1" "X${2:1}" "${@:3}"; fi; builtin printf "$@"; }
        export -f printf
        """;

    /// <summary>
    /// A <c>.bashrc</c> as unkind to a command channel as a user's may be: it reads a line of input, aliases
    /// <c>cat</c>, prints noise, and is read by the login profile too (as Debian's default profile does).
    /// </summary>
    private const string HostileBashrc = """
        echo "welcome, $USER"
        read -r -t 5 -p 'your name? ' answer
        alias cat='cat -n'
        echo "noise after the read: $answer"
        """;

    private string? lastError;

    public async Task<FaultRow> ThrottlingThenSuccessAsync()
    {
        var (harness, eventJson) = await NewUserAsync("f-throttled");
        await sandbox.Admin.SetFaultsAsync(new FaultSettings { ThrottleCount = 3 });
        var (outcome, _) = await RunAsync(harness, eventJson, CountedScript);
        var left = (await sandbox.Admin.GetFaultsAsync()).ThrottleCount;
        return await RowAsync("throttling (3 calls) then success", SetupOutcome.Succeeded.Name(), outcome, 1, "f-throttled",
            left == 0 ? null : $"{left} throttles were not consumed");
    }

    public async Task<FaultRow> ServerErrorOnTerminalCreateAsync()
    {
        var (harness, eventJson) = await NewUserAsync("f-terminal5xx");
        await sandbox.Admin.SetFaultsAsync(new FaultSettings { JupyterErrorCount = 2, JupyterErrorPathPrefix = "api/terminals" });
        var (outcome, result) = await RunAsync(harness, eventJson, CountedScript);
        return await RowAsync("5xx on terminal create (2 times)", SetupOutcome.Succeeded.Name(), outcome, 1, "f-terminal5xx",
            result?.Reconnects >= 2 ? null : $"reconnects {result?.Reconnects}, expected at least 2");
    }

    public async Task<FaultRow> LoginRefusedAsync()
    {
        var (harness, eventJson) = await NewUserAsync("f-refused");
        var issuedBefore = (await sandbox.Admin.GetIssuedSecretsAsync()).LoginTokens.Length;
        await sandbox.Admin.SetFaultsAsync(new FaultSettings { LoginRefused = true });
        var (outcome, _) = await RunAsync(harness, eventJson, CountedScript);
        var urls = (await sandbox.Admin.GetIssuedSecretsAsync()).LoginTokens.Length - issuedBefore;
        var message = lastError ?? "(none)";
        var problem = urls != 3 ? $"{urls} presigned URLs, expected 3"
            : !message.Contains("stage login", StringComparison.Ordinal) || !message.Contains("Studio refused the login with 403", StringComparison.Ordinal)
                ? $"unexpected error: {message}"
                : null;
        return await RowAsync("login refused (3 fresh URLs)", RetryableError, outcome, 0, "f-refused", problem);
    }

    public async Task<FaultRow> PresignedUrlExpiredBeforeUseAsync()
    {
        var (harness, eventJson) = await NewUserAsync("f-expired");
        await sandbox.Admin.SetFaultsAsync(new FaultSettings { ExpiredLoginUrlCount = 1 });
        var (outcome, _) = await RunAsync(harness, eventJson, CountedScript);
        var retried = harness.Logs.Contains("trying a fresh presigned URL", StringComparison.Ordinal)
            && harness.Logs.Contains("\"attempt\":2", StringComparison.Ordinal);
        return await RowAsync("presigned URL expired before use", SetupOutcome.Succeeded.Name(), outcome, 1, "f-expired",
            retried ? null : "the login was not retried with a fresh URL");
    }

    public async Task<FaultRow> WebsocketDroppedMidRunAsync()
    {
        var (harness, eventJson) = await NewUserAsync("f-dropped");
        await sandbox.Admin.SetFaultsAsync(new FaultSettings { WebsocketDropAfterFrames = 6 });
        var (outcome, result) = await RunAsync(harness, eventJson, $"""
            # step: count
            {PipelineHarness.CountExecution}
            # step: talk
            for i in $(seq 1 20); do echo "line $i"; sleep 0.05; done
            """);
        return await RowAsync("websocket dropped mid-run", SetupOutcome.Succeeded.Name(), outcome, 1, "f-dropped",
            result is { Reconnects: >= 1 } && result.Steps[^1].OutputLines == 20 ? null : $"reconnects {result?.Reconnects}, lines {result?.Steps[^1].OutputLines}");
    }

    public async Task<FaultRow> JupyterRestartedMidRunAsync()
    {
        var (harness, eventJson) = await NewUserAsync("f-restarted");
        var running = RunAsync(harness, eventJson, $"""
            # step: count
            {PipelineHarness.CountExecution}
            # step: outlive the restart
            sleep 4
            echo survived
            """);
        await UntilAsync(async () => await sandbox.Admin.GetExecutionCountAsync("f-restarted") > 0 || running.IsCompleted);
        await sandbox.Admin.RestartJupyterAsync("f-restarted");
        var (outcome, result) = await running;
        return await RowAsync("Jupyter restarted mid-run", SetupOutcome.Succeeded.Name(), outcome, 1, "f-restarted",
            result is { Reconnects: >= 1 } && result.Steps[^1].OutputTail.LastOrDefault() == "survived" ? null : $"reconnects {result?.Reconnects}");
    }

    public async Task<FaultRow> AppDeletedWhileWaitingAsync()
    {
        await sandbox.Admin.SetFaultsAsync(new FaultSettings { PendingSeconds = 60 });
        var (harness, eventJson) = await NewUserAsync("f-deleted");
        var running = RunAsync(harness, eventJson, CountedScript);
        await UntilAsync(() => Task.FromResult(harness.Logs.Contains("\"status\":\"Pending\"", StringComparison.Ordinal) || running.IsCompleted));
        await sandbox.SageMaker.InvokeAsync("DeleteApp", new { DomainId = SandboxHost.DomainId, UserProfileName = "f-deleted", AppType = "JupyterServer", AppName = "default" });
        var (outcome, result) = await running;
        return await RowAsync("app deleted while waiting", SetupOutcome.Failed.Name(), outcome, 0, "f-deleted",
            result?.Reason is { } reason && reason.StartsWith("stage wait: app d-sandbox00001/f-deleted/JupyterServer/default is Delet", StringComparison.Ordinal)
                ? null : $"reason '{result?.Reason}'");
    }

    public async Task<FaultRow> NeverReadyWithinTheDeadlineAsync()
    {
        await sandbox.Admin.SetFaultsAsync(new FaultSettings { NeverReady = true });
        var (harness, eventJson) = await NewUserAsync("f-neverready");
        var (outcome, result) = await RunAsync(harness, eventJson, CountedScript, TimeSpan.FromSeconds(6));
        return await RowAsync("Jupyter never ready within the deadline", SetupOutcome.Failed.Name(), outcome, 0, "f-neverready",
            result?.Reason == "the deadline came during stage wait, before the setup started" ? null : $"reason '{result?.Reason}'");
    }

    public async Task<FaultRow> DeadlineShorterThanTheScriptAsync()
    {
        var (harness, eventJson) = await NewUserAsync("f-detached");
        // Started first, so that the short deadline falls in the run stage and not before it.
        await sandbox.SageMaker.WaitForJupyterServerStatusAsync("f-detached", "InService", TimeSpan.FromSeconds(60));
        // The long step lasts until it is released after the result, so that it outlasts the deadline however slowly
        // the machine gets there.
        var (outcome, result) = await RunAsync(harness, eventJson, $"""
            # step: count
            {PipelineHarness.CountExecution}
            # step: long
            until [ -e "$HOME/release-long-step" ]; do sleep 0.1; done
            echo finished
            """, TimeSpan.FromSeconds(20));
        await File.WriteAllTextAsync(Path.Combine(harness.Home("f-detached"), "release-long-step"), string.Empty);
        var status = Path.Combine(harness.RunDirectory("f-detached", RunIdOf(eventJson)), "status");
        await UntilAsync(() => Task.FromResult(File.Exists(status)), TimeSpan.FromSeconds(120));
        var completed = File.Exists(status) ? await File.ReadAllTextAsync(status) : "(no status)";
        return await RowAsync("deadline shorter than the script", SetupOutcome.Detached.Name(), outcome, 1, "f-detached",
            completed == "0\n" && result?.Steps[^1].Status == StepStatus.Running ? null : $"status on the server '{completed.Trim()}', last step {result?.Steps[^1].Status}");
    }

    public async Task<FaultRow> SameEventThreeTimesTwoAtOnceAsync()
    {
        var (harness, eventJson) = await NewUserAsync("f-triple");
        var script = $"""
            # step: count
            {PipelineHarness.CountExecution}
            sleep 1
            """;
        var concurrent = await Task.WhenAll(RunAsync(harness, eventJson, script), RunAsync(harness, eventJson, script));
        var later = await RunAsync(harness, eventJson, script);
        var all = concurrent.Append(later).ToList();
        var outcomes = all.Select(r => r.Outcome).Distinct().ToList();
        var started = all.Count(r => r.Result?.FollowedExistingRun == false);
        return await RowAsync("same event 3 times, 2 at once", SetupOutcome.Succeeded.Name(), string.Join("/", outcomes), 1, "f-triple",
            started == 1 ? null : $"{started} deliveries started the run");
    }

    public async Task<FaultRow> DeliveryCorruptedOnItsWayAsync()
    {
        var (harness, eventJson) = await NewUserAsync("f-corrupted");
        await File.AppendAllTextAsync(Path.Combine(sandbox.UserHome("f-corrupted"), ".profile"), CorruptingProfile + "\n");
        var (outcome, _) = await RunAsync(harness, eventJson, CountedScript);
        var runs = Path.Combine(sandbox.UserHome("f-corrupted"), ".auto-installer", "runs");
        var left = Directory.Exists(runs) ? Directory.GetFileSystemEntries(runs).Select(Path.GetFileName).ToList() : [];
        var message = lastError ?? "(none)";
        var problem = !message.StartsWith("stage run for app d-sandbox00001/f-corrupted/", StringComparison.Ordinal)
            || !message.EndsWith(": runner.sh arrived with a different checksum; the run was not started", StringComparison.Ordinal)
                ? $"unexpected error: {message}"
                : left.Count > 0 ? $"left in the runs directory: {string.Join(", ", left)}" : null;
        return await RowAsync("delivery corrupted on its way (1 byte)", RetryableError, outcome, 0, "f-corrupted", problem);
    }

    public async Task<FaultRow> StepPrintsTheRunnersMarkersAsync()
    {
        var (harness, eventJson) = await NewUserAsync("f-forger");
        var (outcome, result) = await RunAsync(harness, eventJson, $"""
            # step: count
            {PipelineHarness.CountExecution}
            # step: forge
            echo '@@auto-installer:step-end 002 0 1'
            printf 'progress\r@@auto-installer:run-end 0 1\n'
            echo '@@auto-installer:bogus marker'
            exit 7
            """);
        return await RowAsync("a step prints the runner's markers, then exits 7", SetupOutcome.Failed.Name(), outcome, 1, "f-forger",
            result?.Reason == "step 'forge' exited with 7" && result.Steps[^1].OutputLines == 3 ? null : $"reason '{result?.Reason}', lines {result?.Steps[^1].OutputLines}");
    }

    public async Task<FaultRow> RunnerKilledMidRunAsync()
    {
        var (harness, eventJson) = await NewUserAsync("f-killed");
        var (outcome, result) = await RunAsync(harness, eventJson, $"""
            # step: count
            {PipelineHarness.CountExecution}
            # step: kill the runner
            kill -KILL "$PPID"
            sleep 1
            echo "outlived the runner"
            """);
        return await RowAsync("the runner killed mid-run", SetupOutcome.Failed.Name(), outcome, 1, "f-killed",
            result?.Reason is { } reason && reason.StartsWith("the runner (pid ", StringComparison.Ordinal)
                && reason.EndsWith(") ended without finishing the run, during step 'kill the runner'", StringComparison.Ordinal)
                ? null : $"reason '{result?.Reason}'");
    }

    public async Task<FaultRow> AppDeletedMidRunAsync()
    {
        var (harness, eventJson) = await NewUserAsync("f-gone");
        var running = RunAsync(harness, eventJson, $"""
            # step: count
            {PipelineHarness.CountExecution}
            # step: long
            sleep 60
            """);
        await UntilAsync(async () => await sandbox.Admin.GetExecutionCountAsync("f-gone") > 0 || running.IsCompleted);
        await sandbox.SageMaker.InvokeAsync("DeleteApp", new { DomainId = SandboxHost.DomainId, UserProfileName = "f-gone", AppType = "JupyterServer", AppName = "default" });
        var (outcome, result) = await running;
        return await RowAsync("app deleted mid-run", SetupOutcome.Failed.Name(), outcome, 1, "f-gone",
            result?.Reason is { } reason && reason.StartsWith("stage run: app d-sandbox00001/f-gone/JupyterServer/default is Delet", StringComparison.Ordinal)
                ? null : $"reason '{result?.Reason}'");
    }

    public async Task<FaultRow> HostileBashrcAsync()
    {
        var (harness, eventJson) = await NewUserAsync("f-bashrc");
        var home = sandbox.UserHome("f-bashrc");
        await File.WriteAllTextAsync(Path.Combine(home, ".bashrc"), HostileBashrc + "\n");
        await File.AppendAllTextAsync(Path.Combine(home, ".profile"), ". ~/.bashrc\n");
        // The step prints a line per frame at least, so the drop (after 40 frames) falls in the follow.
        await sandbox.Admin.SetFaultsAsync(new FaultSettings { WebsocketDropAfterFrames = 40 });
        var (outcome, result) = await RunAsync(harness, eventJson, $"""
            # step: count
            {PipelineHarness.CountExecution}
            # step: talk
            for i in $(seq 1 60); do echo "line $i"; sleep 0.05; done
            """);
        var expected = Enumerable.Range(41, 20).Select(i => $"line {i}");
        return await RowAsync(".bashrc reads a line, aliases cat, prints noise; websocket dropped", SetupOutcome.Succeeded.Name(), outcome, 1, "f-bashrc",
            result is { Reconnects: >= 1 } && result.Steps[^1].OutputTail.SequenceEqual(expected) && result.Steps[^1].OutputLines == 60
                ? null : $"reconnects {result?.Reconnects}, output {string.Join(" | ", result?.Steps[^1].OutputTail ?? [])}");
    }

    public async Task<FaultRow> ShellNeverStartsTheChannelAsync()
    {
        var (harness, eventJson) = await NewUserAsync("f-noshell");
        await File.AppendAllTextAsync(Path.Combine(sandbox.UserHome("f-noshell"), ".profile"), "exec sleep 600\n");
        await sandbox.SageMaker.WaitForJupyterServerStatusAsync("f-noshell", "InService", TimeSpan.FromSeconds(60));
        var (outcome, _) = await RunAsync(harness, eventJson, CountedScript, TimeSpan.FromSeconds(8));
        var message = lastError ?? "(none)";
        return await RowAsync("the terminal's shell never starts the channel", RetryableError, outcome, 0, "f-noshell",
            message.EndsWith("the deadline came before anything was started", StringComparison.Ordinal) ? null : $"unexpected error: {message}");
    }

    public async Task<FaultRow> DeadlineDuringTheDeliveryAsync()
    {
        var (harness, eventJson) = await NewUserAsync("f-delivery");
        var runs = Path.Combine(sandbox.UserHome("f-delivery"), ".auto-installer", "runs");
        using var stop = new CancellationTokenSource();
        // A 1 MB script takes many delivery lines: the invocation ends once the first of them has made the staging directory.
        var filler = string.Concat(Enumerable.Repeat("# " + new string('x', 1000) + "\n", 1000));
        var running = RunAsync(harness, eventJson, CountedScript + "\n" + filler, stop: stop.Token);
        await UntilAsync(() => Task.FromResult(running.IsCompleted || (Directory.Exists(runs) && Directory.GetDirectories(runs, ".staging-*").Length > 0)));
        await stop.CancelAsync();
        var (outcome, _) = await running;
        var message = lastError ?? "(none)";
        var left = Directory.Exists(runs) ? Directory.GetDirectories(runs).Count(d => !Path.GetFileName(d).StartsWith(".staging-", StringComparison.Ordinal)) : 0;
        return await RowAsync("the deadline during the delivery of a 1 MB script", RetryableError, outcome, 0, "f-delivery",
            !message.EndsWith("the deadline came while the run's files were delivered, before anything was started", StringComparison.Ordinal)
                ? $"unexpected error: {message}" : left > 0 ? "a run directory was made" : null);
    }

    public async Task<FaultRow> SameEventUpperCasedAsync()
    {
        var (harness, eventJson) = await NewUserAsync("f-case");
        var (first, _) = await RunAsync(harness, eventJson, CountedScript);
        var runId = RunIdOf(eventJson);
        var upper = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(eventJson).Replace(runId, runId.ToUpperInvariant(), StringComparison.Ordinal));
        var (outcome, result) = await RunAsync(harness, upper, CountedScript);
        return await RowAsync("the same event again, its eventID upper-cased", $"{SetupOutcome.Succeeded.Name()}/{SetupOutcome.Succeeded.Name()}", $"{first}/{outcome}", 1, "f-case",
            result is { FollowedExistingRun: true } && result.RunId == runId ? null : $"followed {result?.FollowedExistingRun}, run id {result?.RunId}");
    }

    public async Task<FaultRow> RedeliveryAfterTheScriptChangedAsync()
    {
        var (harness, eventJson) = await NewUserAsync("f-changed");
        var (first, firstResult) = await RunAsync(harness, eventJson, $"""
            # step: count
            {PipelineHarness.CountExecution}
            # step: old second
            exit 4
            """);
        var (outcome, result) = await RunAsync(harness, eventJson, CountedScript.Replace("# step: count", "# step: renamed", StringComparison.Ordinal));
        var names = string.Join(",", result?.Steps.Select(s => s.Name) ?? []);
        return await RowAsync("redelivery after the script changed", $"{SetupOutcome.Failed.Name()}/{SetupOutcome.Failed.Name()}", $"{first}/{outcome}", 1, "f-changed",
            names == "count,old second" && result?.Reason == "step 'old second' exited with 4" && result.Script?.Sha256 == firstResult?.Script?.Sha256
                ? null : $"steps {names}, reason '{result?.Reason}', script {result?.Script?.Sha256}");
    }

    private async Task<(PipelineHarness Harness, byte[] Event)> NewUserAsync(string user)
    {
        var harness = new PipelineHarness(sandbox)
        {
            Credentials = new SessionAWSCredentials(SandboxHost.AccessKeyId, SandboxHost.SecretAccessKey, SessionToken),
        };
        return (harness, await harness.CreateAppAsync(user));
    }

    /// <summary>Runs the pipeline; a retryable failure is an outcome of its own here, with its message kept.</summary>
    private async Task<(string Outcome, SetupResult? Result)> RunAsync(PipelineHarness harness, byte[] eventJson, string script, TimeSpan? timeout = null, CancellationToken stop = default)
    {
        try
        {
            var result = await harness.RunAsync(eventJson, script, timeout, stop);
            return (result.Outcome.Name(), result);
        }
        catch (SetupStageException e)
        {
            lastError = e.Message;
            return (RetryableError, null);
        }
    }

    private async Task<FaultRow> RowAsync(string fault, string expected, string outcome, int expectedExecutions, string user, string? problem)
    {
        await sandbox.Admin.ResetFaultsAsync();
        return new FaultRow(fault, expected, outcome, expectedExecutions, await sandbox.Admin.GetExecutionCountAsync(user), problem);
    }

    private static string RunIdOf(byte[] eventJson)
    {
        using var json = JsonDocument.Parse(eventJson);
        return json.RootElement.GetProperty("detail").GetProperty("eventID").GetString()!;
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var until = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!await condition() && DateTimeOffset.UtcNow < until)
        {
            await Task.Delay(100);
        }
    }
}
