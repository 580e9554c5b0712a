using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StudioSandbox.Admin;

namespace AutoInstaller.Tests.Sandbox;

/// <summary>Typed client of the sandbox's admin API (<c>/_sandbox/*</c>).</summary>
public sealed class SandboxAdminClient(Uri origin) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http = new() { BaseAddress = origin };

    public async Task SetFaultsAsync(FaultSettings faults, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PutAsJsonAsync("/_sandbox/faults", faults, Json, cancellationToken);
        await EnsureAsync(response, cancellationToken);
    }

    public Task ResetFaultsAsync(CancellationToken cancellationToken = default) => SetFaultsAsync(new FaultSettings(), cancellationToken);

    public async Task<FaultSettings> GetFaultsAsync(CancellationToken cancellationToken = default) =>
        (await _http.GetFromJsonAsync<FaultSettings>("/_sandbox/faults", Json, cancellationToken))!;

    /// <summary>Asks for a restart like Studio's <c>restart-jupyter-server</c>; the app goes Pending, then InService.</summary>
    public Task RestartJupyterAsync(string userProfileName, CancellationToken cancellationToken = default) =>
        RestartAsync($"users/{userProfileName}", cancellationToken);

    /// <summary>The same for the space's JupyterLab app.</summary>
    public Task RestartSpaceJupyterAsync(string spaceName, CancellationToken cancellationToken = default) =>
        RestartAsync($"spaces/{spaceName}", cancellationToken);

    /// <summary>The pid of the user's Jupyter server while its app is InService, else null.</summary>
    public Task<int?> GetJupyterProcessIdAsync(string userProfileName, CancellationToken cancellationToken = default) =>
        GetProcessIdAsync($"users/{userProfileName}", cancellationToken);

    /// <summary>The pid of the space's Jupyter server while its JupyterLab app is InService, else null.</summary>
    public Task<int?> GetSpaceJupyterProcessIdAsync(string spaceName, CancellationToken cancellationToken = default) =>
        GetProcessIdAsync($"spaces/{spaceName}", cancellationToken);

    /// <summary>How many times a setup ran for the user (lines in its SANDBOX_EXECUTION_LOG).</summary>
    public Task<int> GetExecutionCountAsync(string userProfileName, CancellationToken cancellationToken = default) =>
        GetExecutionCountOfAsync($"users/{userProfileName}", cancellationToken);

    /// <summary>How many times a setup ran in the space (lines in its SANDBOX_EXECUTION_LOG).</summary>
    public Task<int> GetSpaceExecutionCountAsync(string spaceName, CancellationToken cancellationToken = default) =>
        GetExecutionCountOfAsync($"spaces/{spaceName}", cancellationToken);

    /// <summary>When the user's app last became InService and when, since then, a terminal first got stdin.</summary>
    public async Task<Readiness> GetReadinessAsync(string userProfileName, CancellationToken cancellationToken = default) =>
        (await _http.GetFromJsonAsync<Readiness>($"/_sandbox/users/{userProfileName}/readiness", Json, cancellationToken))!;

    /// <summary>The same for the space's JupyterLab app.</summary>
    public async Task<Readiness> GetSpaceReadinessAsync(string spaceName, CancellationToken cancellationToken = default) =>
        (await _http.GetFromJsonAsync<Readiness>($"/_sandbox/spaces/{spaceName}/readiness", Json, cancellationToken))!;

    /// <summary>Every SageMaker call the sandbox answered, by operation and resource, with how many were throttled.</summary>
    public async Task<IReadOnlyList<ApiCalls>> GetApiCallsAsync(CancellationToken cancellationToken = default) =>
        (await _http.GetFromJsonAsync<List<ApiCalls>>("/_sandbox/api-calls", Json, cancellationToken))!;

    public async Task<IssuedSecrets> GetIssuedSecretsAsync(CancellationToken cancellationToken = default) =>
        (await _http.GetFromJsonAsync<IssuedSecrets>("/_sandbox/issued-secrets", Json, cancellationToken))!;

    public async Task<IReadOnlyList<RecordedEvent>> GetEventsAsync(CancellationToken cancellationToken = default) =>
        (await _http.GetFromJsonAsync<List<RecordedEvent>>("/_sandbox/events", Json, cancellationToken))!;

    public void Dispose() => _http.Dispose();

    private async Task RestartAsync(string owner, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync($"/_sandbox/{owner}/restart-jupyter", null, cancellationToken);
        await EnsureAsync(response, cancellationToken);
    }

    private async Task<int?> GetProcessIdAsync(string owner, CancellationToken cancellationToken)
    {
        var info = await _http.GetFromJsonAsync<JsonElement>($"/_sandbox/{owner}/jupyter", Json, cancellationToken);
        var pid = info.GetProperty("processId");
        return pid.ValueKind == JsonValueKind.Null ? null : pid.GetInt32();
    }

    private async Task<int> GetExecutionCountOfAsync(string owner, CancellationToken cancellationToken)
    {
        var executions = await _http.GetFromJsonAsync<JsonElement>($"/_sandbox/{owner}/executions", Json, cancellationToken);
        return executions.GetProperty("count").GetInt32();
    }

    private static async Task EnsureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Accepted))
        {
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    /// <summary>
    /// Every bearer value the sandbox issued or saw Jupyter set; <see cref="JupyterIdentityCookies"/> are the
    /// <c>username-HOST-PORT</c> cookies jupyter_server 2.x sets (spaces' JupyterLab).
    /// </summary>
    public sealed record IssuedSecrets(string[] LoginTokens, string[] SessionCookies, string[] XsrfTokens, string[] JupyterIdentityCookies)
    {
        public IEnumerable<string> All => LoginTokens.Concat(SessionCookies).Concat(XsrfTokens).Concat(JupyterIdentityCookies);
    }

    /// <summary>Unix milliseconds; null when the app is not InService, or no terminal got stdin since it became so.</summary>
    public sealed record Readiness(string Status, double? InServiceAtUnixMs, double? FirstStdinAtUnixMs);

    /// <param name="Resource"><c>space/NAME</c>, <c>user-profile/NAME</c>, or <c>-</c>.</param>
    public sealed record ApiCalls(string Operation, string Resource, long Calls, long Throttled);

    public sealed record RecordedEvent(string EventId, string Path, string? ErrorCode);
}
