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
        foreach (var file in files)
        {
            Assert.Equal(file.Content, await File.ReadAllBytesAsync(Path.Combine(shell.Home, "staging", file.RelativePath)));
        }

        Assert.Empty(Directory.GetFiles(Path.Combine(shell.Home, "staging"), "*.b64", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task ChecksumCommandPrintsOneMarkerPerFile()
    {
        DeliveredFile[] files = [new("a.sh", "echo a\n"u8.ToArray()), new("steps/01.name", "first"u8.ToArray())];
        await shell.RunAsync(FileDelivery.CommandLines("\"$HOME\"/s", files));

        var output = await shell.RunAsync(FileDelivery.ChecksumCommand("\"$HOME\"/s", files));

        Assert.Equal(
            files.Select(f => $"@@auto-installer:sha256 {f.Sha256} {f.RelativePath}"),
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    public void Dispose() => shell.Dispose();
}
