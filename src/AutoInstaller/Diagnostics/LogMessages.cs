namespace AutoInstaller.Diagnostics;

/// <summary>The log messages of the pipeline's milestones: stable keys for log queries and for the progress shown to a person.</summary>
internal static class LogMessages
{
    public const string EventSkipped = "Event skipped";
    public const string EventAccepted = "Event accepted";
    public const string ScriptFetched = "Setup script read from S3";
    public const string SpaceFound = "Space found";
    public const string RecipesChosenByTag = "Recipes chosen by tag";
    public const string RolloutRunId = "Rollout run of this script version";
    public const string WaitingForApp = "Waiting for the app";
    public const string WaitThrottled = "DescribeApp throttled; checking less often";
    public const string AppInService = "App is InService";
    public const string LoggedIn = "Logged in to Studio";
    public const string RunStarted = "Run started";
    public const string FollowingRun = "Following the existing run";
    public const string StepStarted = "Step started";
    public const string StepFinished = "Step finished";
    public const string SetupOutput = "Setup output";
    public const string Reconnecting = "Lost the terminal; waiting for Jupyter to attach again";
    public const string Detaching = "Deadline reached: leaving the run going on the server";
    public const string LoginRetried = "Studio login failed; trying a fresh presigned URL";
    public const string PipelineFinished = "Pipeline finished";
    public const string SetupResult = "Setup result";
}
