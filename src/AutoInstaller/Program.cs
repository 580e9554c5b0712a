using AutoInstaller;
using AutoInstaller.Cli;
using AutoInstaller.Configuration;
using AutoInstaller.Hosting;

var shippedScript = Path.Combine(AppContext.BaseDirectory, "setup", "setup.sh");
var runtimeApi = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
if (args.Length > 0 || string.IsNullOrEmpty(runtimeApi))
{
    return await CliApp.RunAsync(args, shippedScript);
}

return await LambdaHost.RunAsync(
    runtimeApi,
    Environment.GetEnvironmentVariable,
    log => FunctionHandler.Create(
        FunctionSettings.FromEnvironment(Environment.GetEnvironmentVariable, shippedScript), Environment.GetEnvironmentVariable, log, Console.Out, TimeProvider.System).HandleAsync,
    Console.Out,
    TimeProvider.System,
    CancellationToken.None);
