using System.Text;
using AutoInstaller.Setup;

namespace AutoInstaller.Tests.Setup;

public sealed class SetupScriptTests
{
    [Fact]
    public void SplitsAtMarkersAndPutsThePreludeBeforeEachStep()
    {
        var steps = Split("#!/usr/bin/env bash\nset -euo pipefail\nsay() { echo \"$1\"; }\n# step: first\nsay one\n#step:  second one \r\nsay two\n");

        Assert.Equal(["first", "second one"], steps.Select(s => s.Name));
        Assert.Equal("#!/usr/bin/env bash\nset -euo pipefail\nsay() { echo \"$1\"; }\nsay one\n", Encoding.UTF8.GetString(steps[0].Script));
        Assert.Equal("#!/usr/bin/env bash\nset -euo pipefail\nsay() { echo \"$1\"; }\nsay two\n", Encoding.UTF8.GetString(steps[1].Script));
    }

    [Fact]
    public void AScriptWithoutMarkersIsOneStepKeptByteForByte()
    {
        var script = Encoding.UTF8.GetBytes("echo 'ünïcode'\r\nprintf '%s' \"no final newline\"");

        var step = Assert.Single(SetupScript.Split(script));

        Assert.Equal("setup", step.Name);
        Assert.Equal(script, step.Script);
    }

    [Fact]
    public void OnlyWholeLineMarkersSplit()
    {
        var steps = Split("# step: a\necho '# step: not a marker'\n  # step: indented is not a marker\n");

        Assert.Equal("a", Assert.Single(steps).Name);
    }

    [Theory]
    [InlineData("# step:\necho\n", "line 1: a step name must be 1 to 80 printable characters")]
    [InlineData("# step: a\n# step: a\n", "line 2: step 'a' appears twice")]
    public void RefusesBadMarkers(string script, string message) =>
        Assert.Equal(message, Assert.Throws<SetupScriptException>(() => Split(script)).Message);

    [Fact]
    public void TakesTwoHundredStepsAndRefusesOneMoreWhereItIs()
    {
        var script = string.Concat(Enumerable.Range(1, 201).Select(i => $"# step: s{i}\ntrue\n"));

        Assert.Equal(200, Split(string.Concat(Enumerable.Range(1, 200).Select(i => $"# step: s{i}\ntrue\n"))).Count);
        Assert.Equal("line 401: a script has at most 200 steps", Assert.Throws<SetupScriptException>(() => Split(script)).Message);
    }

    [Fact]
    public void RefusesInvalidUtf8() =>
        Assert.Equal("the setup script is not UTF-8 text", Assert.Throws<SetupScriptException>(() => SetupScript.Split([0x65, 0x63, 0xff, 0x0a])).Message);

    private static IReadOnlyList<SetupStep> Split(string script) => SetupScript.Split(Encoding.UTF8.GetBytes(script));
}
