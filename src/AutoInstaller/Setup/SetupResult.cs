using System.Text.Json.Serialization;

namespace AutoInstaller.Setup;

/// <summary>The function's result for one event: what happened, to which app, step by step, with which script (null when skipped).</summary>
internal sealed record SetupResult(
    [property: JsonPropertyName("outcome")] SetupOutcome Outcome,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("runId")] string? RunId,
    [property: JsonPropertyName("app")] AppSummary? App,
    [property: JsonPropertyName("steps")] IReadOnlyList<StepResult> Steps,
    [property: JsonPropertyName("followedExistingRun")] bool? FollowedExistingRun,
    [property: JsonPropertyName("reconnects")] int? Reconnects,
    [property: JsonPropertyName("timings")] StageTimings Timings,
    [property: JsonPropertyName("script")] ScriptSummary? Script = null,
    [property: JsonPropertyName("truncated")] string? Truncated = null)
{
    /// <summary>The name of the step that failed the run, if a step did.</summary>
    public string? FailedStep => Steps.FirstOrDefault(s => s.Status == StepStatus.Failed)?.Name;
}

internal sealed record AppSummary(
    [property: JsonPropertyName("domainId")] string DomainId,
    [property: JsonPropertyName("userProfileName")] string? UserProfileName,
    [property: JsonPropertyName("spaceName")] string? SpaceName,
    [property: JsonPropertyName("appType")] string AppType,
    [property: JsonPropertyName("appName")] string AppName);

internal sealed record StepResult(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] StepStatus Status,
    [property: JsonPropertyName("exitCode")] int? ExitCode,
    [property: JsonPropertyName("durationMs")] long? DurationMs,
    [property: JsonPropertyName("outputLines")] long OutputLines,
    [property: JsonPropertyName("outputTail")] IReadOnlyCollection<string> OutputTail);

/// <summary>Milliseconds spent in each stage; a stage not reached is null.</summary>
internal sealed record StageTimings(
    [property: JsonPropertyName("waitMs")] long? WaitMs,
    [property: JsonPropertyName("loginMs")] long? LoginMs,
    [property: JsonPropertyName("runMs")] long? RunMs,
    [property: JsonPropertyName("totalMs")] long TotalMs);

[JsonSerializable(typeof(SetupResult))]
[JsonSourceGenerationOptions(WriteIndented = false)]
internal sealed partial class SetupJsonContext : JsonSerializerContext;
