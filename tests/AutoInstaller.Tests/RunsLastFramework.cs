using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("AutoInstaller.Tests.RunsLastFramework", "AutoInstaller.Tests")]

namespace AutoInstaller.Tests;

/// <summary>
/// xunit's own test framework with one change: the test collection <see cref="CollectionName"/> runs after every
/// other collection of the run has finished. xunit runs collections in parallel and has no order across them; a
/// collection fixture only waits for its own collection. Here the assembly runner first runs all other collections
/// (in parallel or not, as configured) and awaits them, class fixtures disposed included, and only then the last
/// one, so a test there sees everything the run captured. It stays an ordinary test: it passes or fails and its
/// output is reported like any other.
/// </summary>
public sealed class RunsLastFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    public const string CollectionName = "runs last";

    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformation, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformation, diagnosticMessageSink)
    {
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new AssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class AssemblyRunner(
        ITestAssembly testAssembly,
        IEnumerable<IXunitTestCase> testCases,
        IMessageSink diagnosticMessageSink,
        IMessageSink executionMessageSink,
        ITestFrameworkExecutionOptions executionOptions)
        : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
    {
        protected override async Task<RunSummary> RunTestCollectionsAsync(IMessageBus messageBus, CancellationTokenSource cancellationTokenSource)
        {
            var all = TestCases.ToList();
            var last = all.Where(c => c.TestMethod.TestClass.TestCollection.DisplayName == CollectionName).ToList();
            TestCases = all.Except(last).ToList();
            var summary = await base.RunTestCollectionsAsync(messageBus, cancellationTokenSource);
            if (last.Count > 0 && !cancellationTokenSource.IsCancellationRequested)
            {
                summary.Aggregate(await RunTestCollectionAsync(messageBus, last[0].TestMethod.TestClass.TestCollection, last, cancellationTokenSource));
            }

            return summary;
        }
    }
}
