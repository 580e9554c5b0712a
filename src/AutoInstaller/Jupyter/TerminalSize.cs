namespace AutoInstaller.Jupyter;

/// <summary>
/// The size sent as <c>["set_size", rows, cols, height_px, width_px]</c>. Jupyter's terminal manager sizes the
/// pty by rows and columns (the smallest of all connected clients); the pixel values are passed along.
/// </summary>
internal readonly record struct TerminalSize(int Rows, int Columns, int HeightPixels, int WidthPixels);
