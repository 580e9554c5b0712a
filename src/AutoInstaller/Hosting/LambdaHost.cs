namespace AutoInstaller.Hosting;

/// <summary>
/// Start-up of the function as a Lambda custom runtime: logging and settings from the environment, an invalid
/// configuration reported through <c>/runtime/init/error</c>, then the invocation loop until the Runtime API fails.
/// </summary>
internal static class LambdaHost
{
    public const int ExitFailure = 1;

    public static async Task<int> RunAsync(
        string runtimeApi,
        Func<string, string?> environment,
        Func<Log, InvocationHandler> createHandler,
        TextWriter output,
        TimeProvider time,
        CancellationToken stopping)
    {
        using var api = new RuntimeApiClient(runtimeApi);
        Log log;
        InvocationHandler handler;
        try
        {
            log = Log.FromEnvironment(environment, output, time);
            handler = createHandler(log);
        }
        catch (ConfigurationException exception)
        {
            return await ReportInitErrorAsync(api, exception, stopping).ConfigureAwait(false);
        }

        log.Debug("Runtime started", ("runtimeApi", runtimeApi));
        try
        {
            await new LambdaRuntimeLoop(api, handler, log, time).RunAsync(stopping).ConfigureAwait(false);
            return 0;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception exception) when (exception is RuntimeApiException or HttpRequestException && !stopping.IsCancellationRequested)
        {
            log.Write(LogLevel.Fatal, "Lambda Runtime API failed; exiting", ("error", exception.Message));
            return ExitFailure;
        }
    }

    private static async Task<int> ReportInitErrorAsync(RuntimeApiClient api, ConfigurationException exception, CancellationToken stopping)
    {
        await Console.Error.WriteLineAsync($"Invalid configuration: {exception.Message}").ConfigureAwait(false);
        try
        {
            await api.PostInitErrorAsync(new RuntimeErrorReport("Runtime.InvalidConfiguration", exception.Message, []), stopping)
                .ConfigureAwait(false);
        }
        catch (Exception postFailure) when (postFailure is RuntimeApiException or HttpRequestException)
        {
            await Console.Error.WriteLineAsync($"Could not report the init error to the Runtime API: {postFailure.Message}").ConfigureAwait(false);
        }

        return ExitFailure;
    }
}
