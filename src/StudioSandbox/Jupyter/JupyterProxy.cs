using System.Net;
using StudioSandbox.Admin;
using StudioSandbox.Studio;
using Yarp.ReverseProxy.Forwarder;

namespace StudioSandbox.Jupyter;

/// <summary>
/// <c>/jupyter/default/*</c> on the domain's origin and <c>/jupyterlab/default/*</c> on the space origin: forwards HTTP
/// and websockets to the Jupyter server of the session's user (its JupyterServer app) or space (its JupyterLab app),
/// only for a session of that origin and only while the app is InService. Applies the Jupyter faults.
/// </summary>
internal sealed class JupyterProxy(
    IHttpForwarder forwarder,
    Sessions sessions,
    StudioApps apps,
    SpaceOrigin spaceOrigin,
    Faults faults,
    IssuedSecrets secrets,
    TerminalInputTimes inputTimes,
    TimeProvider time,
    ILogger<JupyterProxy> logger)
{
    private static readonly ForwarderRequestConfig RequestConfig = new()
    {
        // Terminal websockets may sit idle for long; the forwarder's default would cut them after 100 s.
        ActivityTimeout = TimeSpan.FromHours(1),
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    public async Task HandleAsync(HttpContext context)
    {
        var onSpaceOrigin = spaceOrigin.Serves(context);
        var session = sessions.Find(context.Request, onSpaceOrigin);
        if (session is null)
        {
            await Results.Text("No Studio session for this origin: log in through a presigned domain URL\n", statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
            return;
        }

        var kind = JupyterAppKind.ServedOn(onSpaceOrigin);
        var app = kind.Key(session.AppOwnerName);
        if (!apps.TryGet(app, out var runtime) || runtime.ServerInService is not { } server)
        {
            context.Response.Headers.RetryAfter = "2";
            await Results.Content(LoadingPage.Html(kind), "text/html", statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context);
            return;
        }

        var delay = faults.Current.ResponseDelayMs;
        if (delay > 0)
        {
            await Task.Delay(delay, context.RequestAborted);
        }

        var path = context.Request.Path.Value ?? "";
        var relativePath = path.Length > server.BasePath.Length ? path[server.BasePath.Length..] : "";
        if (faults.TryConsumeJupyterError(relativePath))
        {
            await Results.Json(new { message = "Internal Server Error (sandbox fault jupyterErrorCount)", reason = (string?)null }, statusCode: StatusCodes.Status500InternalServerError).ExecuteAsync(context);
            return;
        }

        var isWebSocket = string.Equals(context.Request.Headers.Upgrade, "websocket", StringComparison.OrdinalIgnoreCase);
        var isTerminal = isWebSocket && relativePath.StartsWith("terminals/websocket/", StringComparison.Ordinal);
        var dropAfter = isTerminal ? faults.TakeWebsocketDrop() : null;
        Action? onFirstStdin = isTerminal ? () => inputTimes.FirstStdin(app, time.GetUtcNow()) : null;
        var error = await forwarder.SendAsync(context, "http://jupyter", server.Invoker, RequestConfig, new JupyterTransformer(secrets, dropAfter, onFirstStdin));
        if (error == ForwarderError.UpgradeResponseDestination && dropAfter is not null)
        {
            logger.LogInformation("Terminal websocket of {Owner} dropped after {Frames} frames as the fault asks", server.Owner, dropAfter);
        }
        else if (error is ForwarderError.RequestCanceled or ForwarderError.UpgradeRequestCanceled or ForwarderError.UpgradeResponseCanceled)
        {
            // The client went away (a closed terminal, a test's deadline): normal for a proxy.
            logger.LogDebug("Forwarding {Method} {Path} for {Owner} ended: the client left ({Error})", context.Request.Method, context.Request.Path, server.Owner, error);
        }
        else if (error != ForwarderError.None)
        {
            logger.LogWarning(
                context.Features.Get<IForwarderErrorFeature>()?.Exception,
                "Forwarding {Method} {Path} for {Owner} ended with {Error}",
                context.Request.Method,
                context.Request.Path,
                server.Owner,
                error);
        }
    }
}
