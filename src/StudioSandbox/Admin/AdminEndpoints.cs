using StudioSandbox.CloudTrail;
using StudioSandbox.Jupyter;
using StudioSandbox.Studio;

namespace StudioSandbox.Admin;

/// <summary>
/// <c>/_sandbox/*</c> on the domain's origin: the test control plane (faults, restarts, counters, SageMaker calls,
/// the Jupyter pool, issued secrets, events). Not SigV4-signed: a sandbox must never listen where anyone but its own
/// tests and demo can reach it.
/// A user's JupyterServer app is addressed as <c>users/NAME</c>, a space's JupyterLab app as <c>spaces/NAME</c>.
/// </summary>
internal static class AdminEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/_sandbox").OnDomainOrigin();
        admin.MapGet("/faults", (Faults faults) => faults.Current);
        admin.MapPut("/faults", (Faults faults, FaultSettings settings) =>
        {
            try
            {
                faults.Set(settings);
                return Results.Ok(faults.Current);
            }
            catch (ArgumentException e)
            {
                return Results.BadRequest(new { message = e.Message });
            }
        });
        admin.MapDelete("/faults", (Faults faults) =>
        {
            faults.Set(new FaultSettings());
            return Results.Ok(faults.Current);
        });
        admin.MapPost("/users/{profile}/restart-jupyter", (string profile, StudioApps apps) => RestartJupyter(JupyterAppKind.Classic, profile, apps));
        admin.MapPost("/spaces/{space}/restart-jupyter", (string space, StudioApps apps) => RestartJupyter(JupyterAppKind.JupyterLab, space, apps));
        admin.MapGet("/users/{profile}/jupyter", (string profile, StudioApps apps) => DescribeJupyter(JupyterAppKind.Classic, profile, apps));
        admin.MapGet("/spaces/{space}/jupyter", (string space, StudioApps apps) => DescribeJupyter(JupyterAppKind.JupyterLab, space, apps));
        admin.MapGet("/users/{profile}/executions", UserExecutions);
        admin.MapGet("/spaces/{space}/executions", SpaceExecutions);
        admin.MapGet("/users/{profile}/readiness", (string profile, StudioApps apps, TerminalInputTimes inputs) => Readiness(JupyterAppKind.Classic, profile, apps, inputs));
        admin.MapGet("/spaces/{space}/readiness", (string space, StudioApps apps, TerminalInputTimes inputs) => Readiness(JupyterAppKind.JupyterLab, space, apps, inputs));
        admin.MapGet("/api-calls", (ApiCallCounts counts) => counts.Snapshot());
        admin.MapDelete("/api-calls", (ApiCallCounts counts) =>
        {
            counts.Clear();
            return Results.Ok(counts.Snapshot());
        });
        admin.MapGet("/jupyter-pool", JupyterPoolMembers);
        admin.MapGet("/issued-secrets", (IssuedSecrets secrets) => secrets.Snapshot());
        admin.MapGet("/events", (CreateAppEventWriter events) =>
            events.Written.Select(e => new { eventId = e.EventId, path = e.Path, errorCode = e.ErrorCode }));
    }

    private static IResult RestartJupyter(JupyterAppKind kind, string owner, StudioApps apps)
    {
        if (!apps.TryGet(kind.Key(owner), out var runtime))
        {
            return Results.NotFound(new { message = $"{Owner(kind, owner)} has no {kind.AppType} app" });
        }

        var status = runtime.App.Status;
        if (status is AppStatus.Deleting or AppStatus.Deleted)
        {
            return Results.Conflict(new { message = $"The {kind.AppType} app of {Owner(kind, owner)} is {status}" });
        }

        runtime.BeginRestart();
        return Results.Accepted(value: new { message = $"Restarting the Jupyter server of {Owner(kind, owner)}" });
    }

    private static IResult DescribeJupyter(JupyterAppKind kind, string owner, StudioApps apps) =>
        apps.TryGet(kind.Key(owner), out var runtime)
            ? Results.Ok(new { status = runtime.App.Status.ToString(), processId = runtime.ServerInService?.ProcessId })
            : Results.NotFound(new { message = $"{Owner(kind, owner)} has no {kind.AppType} app" });

    /// <summary>When the app last became InService and when, since then, one of its terminals first got stdin (Unix ms).</summary>
    private static IResult Readiness(JupyterAppKind kind, string owner, StudioApps apps, TerminalInputTimes inputTimes)
    {
        var key = kind.Key(owner);
        if (!apps.TryGet(key, out var runtime))
        {
            return Results.NotFound(new { message = $"{Owner(kind, owner)} has no {kind.AppType} app" });
        }

        var inService = runtime.App.InServiceSince;
        var firstStdin = inService is { } since ? inputTimes.FirstStdinSince(key, since) : null;
        return Results.Ok(new
        {
            status = runtime.App.Status.ToString(),
            inServiceAtUnixMs = UnixMs(inService),
            firstStdinAtUnixMs = UnixMs(firstStdin),
        });
    }

    private static double? UnixMs(DateTimeOffset? at) => at is { } t ? (t - DateTimeOffset.UnixEpoch).TotalMilliseconds : null;

    private static async Task<IResult> UserExecutions(string profile, UserProfiles profiles, CancellationToken cancellationToken)
    {
        if (!profiles.TryGet(profile, out var user))
        {
            return Results.NotFound(new { message = $"User profile '{profile}' does not exist" });
        }

        var lines = await ExecutionLinesAsync(user, cancellationToken);
        return Results.Ok(new { userProfileName = profile, count = lines.Length, lines });
    }

    private static async Task<IResult> SpaceExecutions(string space, Spaces spaces, CancellationToken cancellationToken)
    {
        if (!spaces.TryGet(space, out var found))
        {
            return Results.NotFound(new { message = $"Space '{space}' does not exist" });
        }

        var lines = await ExecutionLinesAsync(found, cancellationToken);
        return Results.Ok(new { spaceName = space, count = lines.Length, lines });
    }

    /// <summary>The pool's started servers: app type, member name, pid and the lines of its executions log.</summary>
    private static async Task<IResult> JupyterPoolMembers(JupyterPool pool, CancellationToken cancellationToken)
    {
        var members = new List<object>();
        foreach (var server in pool.Started())
        {
            var member = (PoolMember)server.Owner;
            members.Add(new { appType = member.AppKind.AppType, name = member.Name, processId = server.ProcessId, executions = await ExecutionLinesAsync(member, cancellationToken) });
        }

        return Results.Ok(members);
    }

    private static async Task<string[]> ExecutionLinesAsync(AppOwner owner, CancellationToken cancellationToken) =>
        File.Exists(owner.ExecutionLog)
            ? (await File.ReadAllLinesAsync(owner.ExecutionLog, cancellationToken)).Where(l => l.Length > 0).ToArray()
            : [];

    private static string Owner(JupyterAppKind kind, string name) =>
        kind.OwnerKind == AppOwnerKind.Space ? $"Space '{name}'" : $"User '{name}'";
}
