using StudioSandbox.CloudTrail;
using StudioSandbox.Studio;

namespace StudioSandbox.Admin;

/// <summary>
/// <c>/_sandbox/*</c>: the test control plane (faults, restarts, counters, issued secrets, events). Not SigV4-signed:
/// a sandbox must never listen where anyone but its own tests and demo can reach it.
/// </summary>
internal static class AdminEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/_sandbox");
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
        admin.MapPost("/users/{profile}/restart-jupyter", RestartJupyter);
        admin.MapGet("/users/{profile}/jupyter", DescribeJupyter);
        admin.MapGet("/users/{profile}/executions", Executions);
        admin.MapGet("/issued-secrets", (IssuedSecrets secrets) => secrets.Snapshot());
        admin.MapGet("/events", (CreateAppEventWriter events) =>
            events.Written.Select(e => new { eventId = e.EventId, path = e.Path, errorCode = e.ErrorCode }));
    }

    private static IResult RestartJupyter(string profile, StudioApps apps)
    {
        if (!apps.TryGetJupyterServer(profile, out var runtime))
        {
            return Results.NotFound(new { message = $"User '{profile}' has no JupyterServer app" });
        }

        var status = runtime.App.Status;
        if (status is AppStatus.Deleting or AppStatus.Deleted)
        {
            return Results.Conflict(new { message = $"The JupyterServer app of '{profile}' is {status}" });
        }

        runtime.BeginRestart();
        return Results.Accepted(value: new { message = $"Restarting the Jupyter server of '{profile}'" });
    }

    private static IResult DescribeJupyter(string profile, StudioApps apps) =>
        apps.TryGetJupyterServer(profile, out var runtime)
            ? Results.Ok(new { status = runtime.App.Status.ToString(), processId = runtime.ServerInService?.ProcessId })
            : Results.NotFound(new { message = $"User '{profile}' has no JupyterServer app" });

    private static async Task<IResult> Executions(string profile, UserProfiles profiles, CancellationToken cancellationToken)
    {
        if (!profiles.TryGet(profile, out var user))
        {
            return Results.NotFound(new { message = $"User profile '{profile}' does not exist" });
        }

        var lines = File.Exists(user.ExecutionLog)
            ? (await File.ReadAllLinesAsync(user.ExecutionLog, cancellationToken)).Where(l => l.Length > 0).ToArray()
            : [];
        return Results.Ok(new { userProfileName = profile, count = lines.Length, lines });
    }
}
