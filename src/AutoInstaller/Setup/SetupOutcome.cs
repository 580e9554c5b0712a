using System.Text.Json.Serialization;

namespace AutoInstaller.Setup;

/// <summary>How the setup of one event ended; the result, the logs and the metrics name it in lower case.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SetupOutcome>))]
internal enum SetupOutcome
{
    /// <summary>Every step exited 0.</summary>
    [JsonStringEnumMemberName("succeeded")]
    Succeeded,

    /// <summary>A step failed, or a permanent failure or the deadline stopped the pipeline before the run started.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>The event or the app is not one to set up; the reason says why.</summary>
    [JsonStringEnumMemberName("skipped")]
    Skipped,

    /// <summary>The deadline came while the run's runner was alive: it goes on on the server.</summary>
    [JsonStringEnumMemberName("detached")]
    Detached,
}

internal static class SetupOutcomeNames
{
    /// <summary>The outcome as the result, the logs and the metrics spell it.</summary>
    public static string Name(this SetupOutcome outcome) => outcome switch
    {
        SetupOutcome.Succeeded => "succeeded",
        SetupOutcome.Failed => "failed",
        SetupOutcome.Skipped => "skipped",
        _ => "detached",
    };
}
