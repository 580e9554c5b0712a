using System.Text;
using AutoInstaller.Composition;
using AutoInstaller.Diagnostics;
using AutoInstaller.InMemoryTests.Fakes;
using AutoInstaller.SageMaker;
using AutoInstaller.Setup;
using AutoInstaller.Studio;

namespace AutoInstaller.InMemoryTests.Harness;

/// <summary>
/// The real pipeline, composed as the function composes it, on in-memory ports: a <see cref="FakeSageMaker"/> (behind
/// the real client's retry policy, with <see cref="SageMakerRetries"/> retries) and a <see cref="FakeStudio"/> whose
/// shells are local bash processes in one <see cref="AppHome"/>. The JSON log is kept in <see cref="Log"/>. Each
/// delivery gets the invocation's deadline as Lambda gives it: a time for the pipeline and a token that ends then.
/// </summary>
internal sealed class PipelineRun : IAsyncDisposable
{
    public const int SageMakerRetries = 2;
    private readonly Lazy<ISageMakerApi> port;

    public PipelineRun(TimeProvider? time = null)
    {
        Time = time ?? TimeProvider.System;
        Studio = new FakeStudio(Home.Path);
        port = new Lazy<ISageMakerApi>(() => new RetryingSageMaker(SageMaker, Time, SageMakerRetries));
    }

    public TimeProvider Time { get; }

    public AppHome Home { get; } = new();

    public FakeSageMaker SageMaker { get; } = new();

    /// <summary>The Studio login; replace it (before a delivery) to script refusals.</summary>
    public FakeStudio Studio { get; set; }

    public LogCapture Log { get; } = new();

    public TimeSpan DeadlineMargin { get; init; } = TimeSpan.FromSeconds(2);

    public SharedSpacePolicy SharedSpaces { get; init; } = SharedSpacePolicy.Skip;

    /// <summary>The shipped recipes' tag, read as the function reads it; null: no tags are read.</summary>
    public RecipeTags? RecipeTags { get; init; }

    /// <summary>Whether the pipeline asked for SageMaker at all (a skipped event must not).</summary>
    public bool SageMakerUsed => port.IsValueCreated;

    /// <param name="deadlineIn">When the invocation's deadline comes, from now; five minutes unless given.</param>
    public async Task<SetupResult> RunAsync(byte[] eventJson, string script, TimeSpan? deadlineIn = null)
    {
        var left = deadlineIn ?? TimeSpan.FromMinutes(5);
        var deadline = Time.GetUtcNow() + left;
        using var invocation = new CancellationTokenSource(left, Time);
        var options = new PipelineOptions(TestEvents.Policy, ScriptSource.Loaded(Encoding.UTF8.GetBytes(script), "file", "(test)"),
            DeadlineMargin, StudioOrigin: null, StepEnvironment: null, SharedSpaces, RecipeTags);
        var pipeline = PipelineComposition.Pipeline(options, new PipelinePorts(port, Studio), new Log(Log, LogLevel.Debug, Diagnostics.Log.Json, TimeProvider.System), Time);
        return await pipeline.RunAsync(eventJson, deadline, invocation.Token);
    }

    public ValueTask DisposeAsync() => Home.DisposeAsync();
}
