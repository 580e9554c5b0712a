using StudioSandbox;

try
{
    await using var app = SandboxApplication.Build(args);
    await app.RunAsync();
    return 0;
}
catch (SandboxOptionsException e)
{
    Console.Error.WriteLine($"Studio sandbox: {e.Message}");
    return 2;
}
