using System.Runtime.InteropServices;

namespace StudioSandbox.Jupyter;

/// <summary>A snapshot of /proc: parent and session of every process, and signalling by pid.</summary>
internal sealed class ProcessTable
{
    private const int SigKill = 9;
    private const int SigTerm = 15;

    private readonly Dictionary<int, (int ParentId, int SessionId)> _processes;

    private ProcessTable(Dictionary<int, (int ParentId, int SessionId)> processes) => _processes = processes;

    public static ProcessTable Read()
    {
        var processes = new Dictionary<int, (int, int)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && TryReadStat(pid, out var parent, out var session))
            {
                processes[pid] = (parent, session);
            }
        }

        return new ProcessTable(processes);
    }

    /// <summary>
    /// The server and its terminals: processes in the server's session, the sessions its direct children lead
    /// (terminado gives each terminal shell its own session), and their descendants that stayed in those sessions.
    /// A process that started a session of its own (<c>setsid</c>) is detached and left alone, with its descendants.
    /// </summary>
    public IReadOnlyList<int> ServerAndTerminals(int serverPid)
    {
        if (!_processes.ContainsKey(serverPid))
        {
            return [];
        }

        var children = _processes.ToLookup(p => p.Value.ParentId, p => p.Key);
        var result = new List<int> { serverPid };
        var queue = new Queue<int>([serverPid]);
        while (queue.TryDequeue(out var parent))
        {
            foreach (var child in children[parent])
            {
                var terminalShell = parent == serverPid;
                if (terminalShell || _processes[child].SessionId == _processes[parent].SessionId)
                {
                    result.Add(child);
                    queue.Enqueue(child);
                }
            }
        }

        return result;
    }

    /// <summary>Processes whose environment has <paramref name="variable"/> set to a value starting with <paramref name="valuePrefix"/>.</summary>
    public IReadOnlyList<int> WithEnvironment(string variable, string valuePrefix)
    {
        var needle = $"{variable}={valuePrefix}";
        var result = new List<int>();
        foreach (var pid in _processes.Keys)
        {
            try
            {
                var environ = File.ReadAllText($"/proc/{pid}/environ");
                if (environ.Split('\0').Any(entry => entry.StartsWith(needle, StringComparison.Ordinal)))
                {
                    result.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone, or not ours: neither can be a process the sandbox started.
            }
        }

        return result;
    }

    public static bool IsAlive(int pid) => TryReadStat(pid, out _, out _, out var state) && state != 'Z';

    public static void Terminate(int pid) => _ = kill(pid, SigTerm);

    public static void Kill(int pid) => _ = kill(pid, SigKill);

    /// <summary>Waits until none of <paramref name="pids"/> is alive, or the timeout passes; true when all are gone.</summary>
    public static async Task<bool> WaitForExitAsync(IEnumerable<int> pids, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var remaining = pids.ToList();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            remaining.RemoveAll(pid => !IsAlive(pid));
            if (remaining.Count == 0)
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private static bool TryReadStat(int pid, out int parent, out int session) => TryReadStat(pid, out parent, out session, out _);

    private static bool TryReadStat(int pid, out int parent, out int session, out char state)
    {
        parent = session = 0;
        state = '?';
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        // "pid (comm) state ppid pgrp session ...": comm may hold spaces and parentheses.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        state = fields[0][0];
        parent = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        session = int.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture);
        return true;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
