using Cultivation.Domain;

namespace Cultivation.Application.Workbooks;

/// <summary>Why there is no answer: bad input (400), nothing there (404), or no longer there (410).</summary>
public enum Refusal
{
    None,
    Invalid,
    NotFound,
    Gone,
}

/// <summary>An answer for a filer, or the reason in Chinese and English why there is none.</summary>
public sealed record Answer<T>(T? Value, Problem? Problem, Refusal Refusal)
    where T : class
{
    public static Answer<T> Found(T value) => new(value, null, Refusal.None);

    public static Answer<T> Invalid(Problem problem) => new(null, problem, Refusal.Invalid);

    public static Answer<T> NotFound(Problem problem) => new(null, problem, Refusal.NotFound);

    public static Answer<T> Gone(Problem problem) => new(null, problem, Refusal.Gone);
}

/// <summary>A workbook ready to send: a temporary file, deleted when disposed, and the name to save it under.</summary>
public sealed class WorkbookFile : IDisposable, IAsyncDisposable
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private WorkbookFile(FileStream content, string fileName)
    {
        Content = content;
        FileName = fileName;
    }

    /// <summary>The workbook's bytes, positioned at the start.</summary>
    public FileStream Content { get; }

    public string FileName { get; }

    /// <summary>
    /// Writes a workbook to a temporary file (never to memory: a large one would not fit, and nothing is sent
    /// before it is whole, so a failure is an error status, not a broken download).
    /// </summary>
    public static WorkbookFile Create(string fileName, Action<Stream> write)
    {
        var path = Path.Combine(Path.GetTempPath(), "cultivation-" + Guid.NewGuid().ToString("N") + ".xlsx");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        try
        {
            write(file);
            file.Flush();
            file.Position = 0;
            return new WorkbookFile(file, fileName);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public void Dispose() => Content.Dispose();

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
