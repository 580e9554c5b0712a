using System.Text;
using AutoInstaller.Setup;

namespace AutoInstaller.Tests.Setup;

public sealed class FileDeliveryTests : IDisposable
{
    private readonly LocalShell shell = new();

    [Fact]
    public async Task RecreatesFilesByteForByteWithShortLines()
    {
        var random = new Random(7);
        var binary = new byte[50_000];
        random.NextBytes(binary);
        DeliveredFile[] files =
        [
            new("script.sh", Encoding.UTF8.GetBytes($"echo start\necho {new string('x', 10_000)}\nprintf 'it''s ü'\n")),
            new("steps/01.sh", binary),
            new("steps/it's empty", []),
        ];

        var lines = FileDelivery.CommandLines("\"$HOME\"/staging", files);
        await shell.RunAsync(lines);

        Assert.All(lines, line => Assert.InRange(Encoding.UTF8.GetByteCount(line), 1, FileDelivery.DefaultMaxLineBytes));
        Assert.All(lines, line => Assert.All(line, c => Assert.InRange(c, ' ', '~')));
        foreach (var file in files)
        {
            Assert.Equal(file.Content, await File.ReadAllBytesAsync(Path.Combine(shell.Home, "staging", file.RelativePath)));
        }

        Assert.Empty(Directory.GetFiles(Path.Combine(shell.Home, "staging"), "*.b64", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task ADeliveryThatArrivedAsSentHasNoMismatch()
    {
        DeliveredFile[] files = [new("a.sh", "echo a\n"u8.ToArray()), new("steps/01.name", "first"u8.ToArray()), new("empty", [])];
        await shell.RunAsync(FileDelivery.CommandLines("\"$HOME\"/s", files));

        var reply = await ChecksumReplyAsync("\"$HOME\"/s", files);

        Assert.Equal(files.Select(f => $"{f.Sha256}  {f.RelativePath}"), reply);
        Assert.Null(FileDelivery.FindMismatch(reply, files));
    }

    [Fact]
    public async Task OneChangedByteIsAChecksumMismatch()
    {
        DeliveredFile[] files = [new("a.sh", "echo a\n"u8.ToArray()), new("steps/01.sh", "echo one\n"u8.ToArray())];
        await shell.RunAsync(FileDelivery.CommandLines("\"$HOME\"/s", files));
        await File.WriteAllTextAsync(Path.Combine(shell.Home, "s", "steps", "01.sh"), "echo onE\n");

        var reply = await ChecksumReplyAsync("\"$HOME\"/s", files);

        Assert.Equal("steps/01.sh arrived with a different checksum", FileDelivery.FindMismatch(reply, files));
    }

    [Fact]
    public async Task AMissingFileIsAMismatchAndTheReplyStillEnds()
    {
        DeliveredFile[] files = [new("a.sh", "echo a\n"u8.ToArray()), new("b.sh", "echo b\n"u8.ToArray()), new("c.sh", "echo c\n"u8.ToArray())];
        await shell.RunAsync(FileDelivery.CommandLines("\"$HOME\"/s", files));
        File.Delete(Path.Combine(shell.Home, "s", "b.sh"));

        var reply = await ChecksumReplyAsync("\"$HOME\"/s", files);

        Assert.Equal("b.sh did not arrive", FileDelivery.FindMismatch(reply, files));
        Assert.Contains(reply, line => line.Contains("b.sh: No such file", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFullDiskStopsTheDeliveryLineAndTheShellsWordsSayWhy()
    {
        // /dev/full answers every write with ENOSPC, as a full home does.
        DeliveredFile[] files = [new("a.sh", "echo a\n"u8.ToArray()), new("b.sh", "echo b\n"u8.ToArray())];
        Directory.CreateDirectory(Path.Combine(shell.Home, "s"));
        File.CreateSymbolicLink(Path.Combine(shell.Home, "s", "a.sh"), "/dev/full");

        var lines = FileDelivery.CommandLines("\"$HOME\"/s", files);
        var output = (await shell.RunAsync(lines.Select(line => $"{{ {line} && reply ack ok || reply ack failed; }} 2>&1"))).Split('\n').ToList();

        Assert.Equal(LocalShell.Reply("ack failed").TrimEnd('\n'), output[^2]);
        Assert.False(File.Exists(Path.Combine(shell.Home, "s", "b.sh")), "the line went on after the failed write");
        Assert.Contains("No space left on device", FileDelivery.Describe(output[..^2]), StringComparison.Ordinal);
    }

    [Fact]
    public void ALineTooManyIsAMismatch()
    {
        DeliveredFile[] files = [new("a.sh", "echo a\n"u8.ToArray())];

        Assert.Equal("the checksum reply has 2 lines for 1 files", FileDelivery.FindMismatch([$"{files[0].Sha256}  a.sh", "noise"], files));
    }

    /// <summary>Runs the checksum command and returns the lines between its begin and end markers.</summary>
    private async Task<List<string>> ChecksumReplyAsync(string directory, DeliveredFile[] files)
    {
        // The channel's shell merges stderr into stdout; so does this one.
        var output = (await shell.RunAsync($"{{ {FileDelivery.ChecksumCommand(directory, files)}; }} 2>&1")).Split('\n').ToList();
        var begin = output.IndexOf(LocalShell.Reply(FileDelivery.ChecksumBegin).TrimEnd('\n'));
        var end = output.IndexOf(LocalShell.Reply(FileDelivery.ChecksumEnd).TrimEnd('\n'));
        Assert.True(begin >= 0 && end > begin, string.Join('\n', output));
        return output[(begin + 1)..end];
    }

    public void Dispose() => shell.Dispose();
}
