using System.Text;

namespace AutoInstaller.Jupyter;

/// <summary>
/// Turns terminal output, as it arrives in chunks that split and merge arbitrarily, into the lines a terminal
/// would show: escape sequences (CSI, OSC and the other control strings, two-character escapes) are removed,
/// a carriage return moves back to the start of the line so later text overwrites it (so <c>\r\n</c> and a
/// trailing <c>\r</c> leave no trace), backspace moves back one character and other control characters are
/// dropped. A line is complete at <c>\n</c>. An escape sequence never swallows a line break: a <c>\n</c>
/// inside an unfinished sequence ends the sequence. A line keeps at most <c>maxLineChars</c> characters: the
/// rest of a longer one is dropped as it arrives, so a line of any length costs bounded memory.
/// </summary>
internal sealed class TerminalLineSplitter(int maxLineChars = int.MaxValue)
{
    private const char Escape = '\u001b';
    private const char Bell = '\u0007';
    private readonly StringBuilder line = new();
    private int column;
    private State state;

    private enum State
    {
        Text,
        Escape,
        EscapeIntermediate,
        ControlSequence,
        ControlString,
        ControlStringEscape,
    }

    /// <summary>Consumes a chunk and returns the lines it completed, in order (none if it completed none).</summary>
    public IReadOnlyList<string> Add(string chunk)
    {
        List<string>? lines = null;
        foreach (var c in chunk)
        {
            if (Consume(c) is { } completed)
            {
                (lines ??= []).Add(completed);
            }
        }

        return lines ?? (IReadOnlyList<string>)[];
    }

    /// <summary>Returns the unfinished last line (null if there is none) and starts a new one.</summary>
    public string? Flush()
    {
        if (line.Length == 0)
        {
            return null;
        }

        var text = line.ToString();
        line.Clear();
        column = 0;
        return text;
    }

    private string? Consume(char c)
    {
        switch (state)
        {
            case State.Escape:
                if (c is '[')
                {
                    state = State.ControlSequence;
                }
                else if (c is ']' or 'P' or 'X' or '^' or '_')
                {
                    state = State.ControlString;
                }
                else if (c is >= ' ' and <= '/')
                {
                    state = State.EscapeIntermediate;
                }
                else if (c is >= '0' and <= '~')
                {
                    state = State.Text;
                }
                else
                {
                    return Interrupt(c);
                }

                return null;

            case State.EscapeIntermediate:
                if (c is >= '0' and <= '~')
                {
                    state = State.Text;
                }
                else if (c is < ' ' or > '/')
                {
                    return Interrupt(c);
                }

                return null;

            case State.ControlSequence:
                if (c is >= '@' and <= '~')
                {
                    state = State.Text;
                }
                else if (c is < ' ' or > '?')
                {
                    return Interrupt(c);
                }

                return null;

            case State.ControlString:
                if (c == Bell)
                {
                    state = State.Text;
                }
                else if (c == Escape)
                {
                    state = State.ControlStringEscape;
                }
                else if (c == '\n')
                {
                    return Interrupt(c);
                }

                return null;

            case State.ControlStringEscape:
                if (c == '\\')
                {
                    state = State.Text;
                    return null;
                }

                state = State.Escape;
                return Consume(c);

            default:
                return Text(c);
        }
    }

    /// <summary>An unfinished escape sequence met a character that cannot continue it: the text resumes there.</summary>
    private string? Interrupt(char c)
    {
        state = State.Text;
        return Text(c);
    }

    private string? Text(char c)
    {
        switch (c)
        {
            case '\n':
                var completed = line.ToString();
                line.Clear();
                column = 0;
                return completed;
            case '\r':
                column = 0;
                break;
            case '\b':
                column = Math.Max(0, column - 1);
                break;
            case Escape:
                state = State.Escape;
                break;
            case '\t':
                Put(c);
                break;
            case < ' ' or '\u007f':
                break;
            default:
                Put(c);
                break;
        }

        return null;
    }

    private void Put(char c)
    {
        if (column >= maxLineChars)
        {
            return;
        }

        if (column < line.Length)
        {
            line[column] = c;
        }
        else
        {
            line.Append(c);
        }

        column++;
    }
}
