using System.CommandLine;

namespace Cultivation.Cli.Framework;

/// <summary>
/// One command of the tool, a class that is both: its grammar (<see cref="ICommandGrammar"/>) and what it does
/// (<see cref="ICliCommand"/>) with the services it takes in its constructor. Register it with one line in
/// <see cref="CliApp.Commands"/>.
/// </summary>
public interface ICliCommand
{
    /// <summary>Runs the command; returns the exit code (<see cref="ExitCodes"/>).</summary>
    Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken);
}

/// <summary>A command's grammar: a System.CommandLine <see cref="Command"/> whose descriptions are Chinese then English (<see cref="Bilingual"/>).</summary>
public interface ICommandGrammar
{
    /// <summary>The command's name, arguments and options (the options every command takes come with the tree).</summary>
    static abstract Command Define();

    /// <summary>The clock when <c>--now</c> is not given; null for the system clock.</summary>
    static virtual DateTimeOffset? DefaultNow => null;
}

/// <summary>Help and messages are Chinese first, English second: a description is the two lines.</summary>
public static class Bilingual
{
    public static string Text(string chinese, string english) => chinese + "\n" + english;

    /// <summary>The Chinese and English lines of a description (one line when it has only one).</summary>
    public static string[] Lines(string? description) =>
        string.IsNullOrEmpty(description) ? [] : description.Split('\n');

    /// <summary>One line, for messages: <c>中文 / English</c>.</summary>
    public static string Inline(string? description) => string.Join(" / ", Lines(description));
}
