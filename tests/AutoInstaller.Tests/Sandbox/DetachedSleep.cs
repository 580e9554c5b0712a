namespace AutoInstaller.Tests.Sandbox;

/// <summary>Starts, from a terminal, a process detached the way setup scripts detach (<c>setsid nohup ... &amp;</c>).</summary>
public static class DetachedSleep
{
    /// <summary>Returns the pid of a <c>sleep 600</c> in a session of its own; it writes its pid to <c>~/detached.pid</c>.</summary>
    public static async Task<int> StartAsync(TerminalSocket terminal, string home)
    {
        var pidFile = Path.Combine(home, "detached.pid");
        File.Delete(pidFile);
        await terminal.RunAsync("setsid nohup sh -c 'echo $$ > ~/detached.pid; exec sleep 600' > /dev/null 2>&1 &", TimeSpan.FromSeconds(20));
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (File.Exists(pidFile) && int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), out var pid))
            {
                return pid;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{pidFile} was not written");
    }
}
