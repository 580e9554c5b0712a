using AutoInstaller;
using AutoInstaller.Configuration;
using AutoInstaller.Hosting;

var runtimeApi = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
if (args.Length > 0 || string.IsNullOrEmpty(runtimeApi))
{
    await Console.Error.WriteLineAsync(
        "bootstrap is the Studio Auto-Installer Lambda function: it runs as a Lambda custom runtime when " +
        "AWS_LAMBDA_RUNTIME_API is set, and takes no arguments.");
    return 2;
}

return await LambdaHost.RunAsync(
    runtimeApi,
    Environment.GetEnvironmentVariable,
    log =>
    {
        var settings = FunctionSettings.FromEnvironment(
            Environment.GetEnvironmentVariable, Path.Combine(AppContext.BaseDirectory, "setup", "setup.sh"));
        return FunctionHandler.Create(settings, log, TimeProvider.System).HandleAsync;
    },
    Console.Out,
    TimeProvider.System,
    CancellationToken.None);
