using AutoInstaller.Jupyter;

namespace AutoInstaller.Tests.Jupyter;

public sealed class TerminalLineSplitterTests
{
    private const string Esc = "\u001b";

    [Fact]
    public void ALineLongerThanTheBoundIsCutAsItArrivesAndTheNextLineIsWhole()
    {
        var splitter = new TerminalLineSplitter(maxLineChars: 100);
        var chunk = new string('x', 64 * 1024);
        for (var i = 0; i < 16; i++)
        {
            Assert.Empty(splitter.Add(chunk));
        }

        Assert.Equal([new string('x', 100), "next"], splitter.Add("\r\nnext\n"));
    }

    [Fact]
    public void CompleteLinesComeOutWithoutLineEndings()
    {
        var splitter = new TerminalLineSplitter();

        Assert.Equal(["one", "two", ""], splitter.Add("one\r\ntwo\n\r\n"));
        Assert.Null(splitter.Flush());
    }

    [Fact]
    public void ChunksThatSplitAndMergeLinesGiveTheSameLines()
    {
        const string output = "alpha\r\nbeta\r\ngamma\r\n";
        for (var size = 1; size <= output.Length; size++)
        {
            Assert.Equal(["alpha", "beta", "gamma"], Split(output, size));
        }
    }

    [Fact]
    public void CrLfSplitAcrossChunksLeavesNoCarriageReturn()
    {
        var splitter = new TerminalLineSplitter();

        Assert.Empty(splitter.Add("42\r"));
        Assert.Equal(["42"], splitter.Add("\n"));
    }

    [Fact]
    public void CarriageReturnReturnsToTheStartAndLaterTextOverwrites()
    {
        var splitter = new TerminalLineSplitter();

        Assert.Equal(["100%", "XYcdef", "42"], splitter.Add("10%\r55%\r100%\r\nabcdef\rXY\r\n\r42\r\r\n"));
    }

    [Fact]
    public void BracketedPasteAndPromptAroundOutputAreRemoved()
    {
        // What bash 5 on Debian sends for `echo $((6*7))`: the echo, paste mode off, the result, paste mode on, the prompt.
        const string output = $"{Esc}[?2004huser@host:~$ echo $((6*7))\r\n{Esc}[?2004l\r42\r\n{Esc}[?2004huser@host:~$ ";
        for (var size = 1; size <= output.Length; size++)
        {
            Assert.Equal(["user@host:~$ echo $((6*7))", "42"], Split(output, size));
        }
    }

    [Fact]
    public void CsiSequencesWithParametersAndIntermediatesAreRemoved()
    {
        var splitter = new TerminalLineSplitter();

        Assert.Equal(["red bold plain", "cleared"], splitter.Add($"{Esc}[31mred{Esc}[0m {Esc}[1;4mbold{Esc}[m plain\r\n{Esc}[2K{Esc}[1 qcleared\r\n"));
    }

    [Fact]
    public void OscTerminatedByBellOrStringTerminatorIsRemoved()
    {
        var splitter = new TerminalLineSplitter();

        Assert.Equal(["before after", "linked"], splitter.Add(
            $"before {Esc}]0;user@host: ~\u0007after\r\n{Esc}]8;;https://example.com{Esc}\\linked{Esc}]8;;{Esc}\\\r\n"));
    }

    [Fact]
    public void EscapeSequencesSplitAtEveryPositionAreStillRemoved()
    {
        const string output = $"a{Esc}]0;title{Esc}\\b{Esc}[?2004hc{Esc}(Bd{Esc}=e{Esc}P1$r{Esc}\\f{Esc}]2;t\u0007g\r\n";
        for (var size = 1; size <= output.Length; size++)
        {
            Assert.Equal(["abcdefg"], Split(output, size));
        }
    }

    [Fact]
    public void LineBreakEndsAnUnfinishedEscapeSequence()
    {
        var splitter = new TerminalLineSplitter();

        Assert.Equal(["broken", "osc", "marker"], splitter.Add($"broken{Esc}[12\nosc{Esc}]0;never ended\nmarker\r\n"));
    }

    [Fact]
    public void BackspaceMovesBackAndOtherControlCharactersAreDropped()
    {
        var splitter = new TerminalLineSplitter();

        Assert.Equal(["ac", "tab\there"], splitter.Add("ab\bc\u0007\r\ntab\there\u0000\r\n"));
    }

    [Fact]
    public void NonAsciiTextPassesThrough()
    {
        var splitter = new TerminalLineSplitter();

        Assert.Equal(["grüße ✓ 日本 🙂"], splitter.Add("grüße ✓ 日本 🙂\r\n"));
    }

    [Fact]
    public void FlushGivesThePartialLastLineOnceAndStartsANewLine()
    {
        var splitter = new TerminalLineSplitter();

        Assert.Empty(splitter.Add($"{Esc}[?2004huser@host:~$ "));
        Assert.Equal("user@host:~$ ", splitter.Flush());
        Assert.Null(splitter.Flush());
        Assert.Equal(["next"], splitter.Add("next\r\n"));
    }

    [Fact]
    public void FlushKeepsAnUnfinishedEscapeSequenceForTheNextChunk()
    {
        var splitter = new TerminalLineSplitter();

        Assert.Empty(splitter.Add($"text{Esc}[?20"));
        Assert.Equal("text", splitter.Flush());
        Assert.Equal(["more"], splitter.Add("04hmore\r\n"));
    }

    private static List<string> Split(string output, int size)
    {
        var splitter = new TerminalLineSplitter();
        var lines = new List<string>();
        for (var start = 0; start < output.Length; start += size)
        {
            lines.AddRange(splitter.Add(output.Substring(start, Math.Min(size, output.Length - start))));
        }

        return lines;
    }
}
