namespace StudioSandbox.Studio;

internal enum AppStatus
{
    Pending,
    InService,
    Failed,
    Deleting,
    Deleted,
}
