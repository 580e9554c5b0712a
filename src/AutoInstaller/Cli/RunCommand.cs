using System.CommandLine;
using System.Net;
using AutoInstaller.Composition;
using AutoInstaller.Failures;
using AutoInstaller.Jupyter;
using AutoInstaller.Setup;

namespace AutoInstaller.Cli;

/// <summary>
/// <c>bootstrap run --jupyter-url URL --script FILE</c>: the run stage alone on any Jupyter server (a token, a
/// password, or neither for a server without authentication), with the same steps and reporting as in Studio. The
/// quickest way to develop a setup script. Without a token the run is a cookie session, as in Studio: one cookie
/// container serves the HTTP handler, the XSRF header and the terminal websocket.
/// </summary>
internal static class RunCommand
{
    public static Command Create(CommonOptions common, string defaultScript)
    {
        var url = new Option<string>("--jupyter-url") { Description = "The Jupyter server's base URL, e.g. http://127.0.0.1:8888/", Required = true };
        var token = new Option<string?>("--token") { Description = "The server's token (default: JUPYTER_TOKEN; none for a server without authentication)" };
        var password = new Option<string?>("--password") { Description = "The server's password, for a server that asks for one (default: JUPYTER_PASSWORD)" };
        var runId = new Option<string?>("--run-id") { Description = "Run id (a GUID): a second run with the same id follows the first instead of starting again (default: a new one)" };
        var command = new Command("run", "Run a setup script on a Jupyter server, step by step") { url, token, password, runId };
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = common.CreateOutput(parse);
            try
            {
                var id = parse.GetValue(runId) ?? Guid.NewGuid().ToString();
                if (!Guid.TryParseExact(id, "D", out _))
                {
                    throw new ConfigurationException($"--run-id '{id}' is not a GUID");
                }

                var (source, stepEnvironment) = common.ReadSetup(
                    parse, defaultScript, () => Environment.GetEnvironmentVariable("AWS_REGION") ?? ReplayCommand.FallbackRegion());
                var secret = parse.GetValue(token) ?? Environment.GetEnvironmentVariable("JUPYTER_TOKEN");
                var passphrase = parse.GetValue(password) ?? Environment.GetEnvironmentVariable("JUPYTER_PASSWORD");
                if (!string.IsNullOrEmpty(secret) && !string.IsNullOrEmpty(passphrase))
                {
                    throw new ConfigurationException("a token (--token or JUPYTER_TOKEN) and a password (--password or JUPYTER_PASSWORD) are both set; give one");
                }

                var baseUri = CliArguments.HttpUrl("--jupyter-url", parse.GetValue(url)!);
                var cookies = new CookieContainer();
                using var http = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = cookies })
                {
                    Timeout = TimeSpan.FromSeconds(30),
                };
                var authentication = string.IsNullOrEmpty(secret) ? JupyterAuthentication.WithCookies(cookies) : JupyterAuthentication.WithToken(secret);
                var jupyter = new JupyterClient(baseUri, http, authentication);
                var started = TimeProvider.System.GetTimestamp();
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(parse.GetValue(common.Timeout)));
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
                if (!string.IsNullOrEmpty(passphrase))
                {
                    await PasswordLogin.LoginAsync(http, cookies, jupyter.BaseUri, passphrase, stop.Token);
                }

                var log = output.CreateLog();
                var script = await source.GetAsync(log, stop.Token);
                var report = new Report(id, null, script.Summary, started, TimeProvider.System);
                var progress = report.ScriptRead(script);
                var follow = await PipelineComposition.Runner(jupyter, log, TimeProvider.System)
                    .RunAsync(PipelineComposition.PlanWithoutApp(id, script, stepEnvironment), progress, stop.Token, cancellationToken);
                report.StageDone(PipelineStage.Run);
                return output.Report(report.Finish(follow));
            }
            catch (Exception e) when (e is ConfigurationException or IOException or ArgumentException)
            {
                return output.UsageError(e.Message);
            }
            catch (Exception e) when (FailureRule.IsExpected(e))
            {
                output.Errors.WriteLine($"error: {e.Message}");
                return ResultSummary.Failed;
            }
        });
        return command;
    }
}
