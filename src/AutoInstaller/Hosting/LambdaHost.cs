using AutoInstaller.Diagnostics;
using AutoInstaller.Failures;
namespace AutoInstaller.Hosting;

/// <summary>
/// Start-up of the function as a Lambda custom runtime: logging and settings from the environment, an invalid
/// configuration reported through <c>/runtime/init/error</c>, then the invocation loop until the Runtime API fails.
/// </summary>
internal static class LambdaHost
{
    public const int ExitFailure = 1;
    private const string InvalidConfiguration = "Runtime.InvalidConfiguration";

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
        try
        {
            log = Log.FromEnvironment(environment, output, time);
        }
        catch (ConfigurationException exception)
        {
            // The log format itself is what is wrong: say it as text, like Lambda's own lines.
            var text = new Log(Console.Error, LogLevel.Info, Log.Text, time);
            return await ReportInitErrorAsync(api, text, exception, stopping).ConfigureAwait(false);
        }

        InvocationHandler handler;
        try
        {
            handler = createHandler(log);
        }
        catch (ConfigurationException exception)
        {
            return await ReportInitErrorAsync(api, log, exception, stopping).ConfigureAwait(false);
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
            log.Write(LogLevel.Fatal, "Lambda Runtime API failed; exiting", ("error", WithCauses(exception)));
            return ExitFailure;
        }
    }

    private static string WithCauses(Exception exception)
    {
        var text = exception.Message;
        for (var cause = exception.InnerException; cause is not null; cause = cause.InnerException)
        {
            text += $" ({cause.Message})";
        }

        return text;
    }

    /// <summary>Logs the invalid setting (a JSON line when the log format is JSON) and posts it to <c>/init/error</c>.</summary>
    private static async Task<int> ReportInitErrorAsync(RuntimeApiClient api, Log log, ConfigurationException exception, CancellationToken stopping)
    {
        log.Write(LogLevel.Fatal, "Invalid configuration", ("errorType", InvalidConfiguration), ("error", exception.Message));
        try
        {
            await api.PostInitErrorAsync(new RuntimeErrorReport(InvalidConfiguration, exception.Message, []), stopping)
                .ConfigureAwait(false);
        }
        catch (Exception postFailure) when (postFailure is RuntimeApiException or HttpRequestException)
        {
            log.Write(LogLevel.Fatal, "Could not report the init error to the Runtime API", ("error", postFailure.Message));
        }

        return ExitFailure;
    }
}
