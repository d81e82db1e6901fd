using System.CommandLine;
using System.CommandLine.Parsing;

namespace Cultivation.Cli.Framework;

/// <summary>
/// What was wrong with a command line, in Chinese and English, with the nearest valid name for a mistyped
/// command or option. The parser's own messages are English only; the kinds it reports are few, so they are
/// said again here, and the messages of this tool's own argument parsers pass through as they are.
/// </summary>
public static class UsageErrors
{
    public static IReadOnlyList<string> Explain(ParseResult parse)
    {
        var command = parse.CommandResult.Command;

        // An unknown option may have been taken as an argument's value: it is the mistake to report, not what follows from it.
        var unknownOptions = UnknownOptions(parse).ToList();
        if (unknownOptions.Count > 0)
        {
            return [.. unknownOptions.Select(o => UnknownOption(o, command)).Distinct()];
        }

        var unmatched = parse.UnmatchedTokens.Select(t => UnmatchedToken(t, command)).ToList();
        if (unmatched.Count > 0)
        {
            return [.. unmatched.Distinct()];
        }

        return [.. parse.Errors.Select(Explain).Distinct()];
    }

    private static string Explain(ParseError error) => error.SymbolResult switch
    {
        CommandResult { Command: var c } when c.Subcommands.Count > 0 =>
            $"{Name(c)} 需要子命令：{string.Join("、", c.Subcommands.Select(s => s.Name))} / {Name(c)} needs one of: {string.Join(", ", c.Subcommands.Select(s => s.Name))}",
        ArgumentResult { Tokens.Count: 0, Argument: var a, Parent: CommandResult { Command: var c } } =>
            $"{Name(c)} 缺少参数 {HelpWriter.ArgumentLabel(a)}（{Bilingual.Lines(a.Description).FirstOrDefault()}）；用法：{HelpWriter.Usage(c)} / {Name(c)} needs {HelpWriter.ArgumentLabel(a)}; usage: {HelpWriter.Usage(c)}",
        OptionResult { Tokens.Count: 0, Option: var o } =>
            $"选项 {o.Name} 需要一个值 / option {o.Name} needs a value",
        OptionResult { Tokens.Count: > 1, Option: var o } when o.Arity.MaximumNumberOfValues == 1 =>
            $"选项 {o.Name} 只能给一次 / option {o.Name} takes one value, given {error.SymbolResult.Tokens.Count}",
        _ => error.Message,
    };

    private static string UnknownOption(string token, Command command)
    {
        var name = token.Split('=', ':')[0];
        var valid = HelpWriter.OptionsOf(command).SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal)).Distinct().ToList();
        return Suggestions.Nearest(name, valid) is { } nearest
            ? $"未知选项 {name}，是否要用 {nearest}？/ unknown option {name}; did you mean {nearest}?"
            : $"未知选项 {name}；{Name(command)} 的选项有 {string.Join("、", valid)} / unknown option {name}; the options of {Name(command)} are {string.Join(", ", valid)}";
    }

    private static string UnmatchedToken(string token, Command command)
    {
        if (command.Subcommands.Count == 0)
        {
            return $"多余的参数 '{token}'；用法：{HelpWriter.Usage(command)} / unexpected argument '{token}'; usage: {HelpWriter.Usage(command)}";
        }

        var names = command.Subcommands.Select(c => c.Name).ToList();
        var what = command is RootCommand ? "未知命令" : $"{Name(command)} 的未知子命令";
        var whatEn = command is RootCommand ? "command" : $"{Name(command)} command";
        return Suggestions.Nearest(token, names) is { } nearest
            ? $"{what} '{token}'，是否要用 {nearest}？/ unknown {whatEn} '{token}'; did you mean {nearest}?"
            : $"{what} '{token}'；可用的有 {string.Join("、", names)} / unknown {whatEn} '{token}'; valid: {string.Join(", ", names)}";
    }

    /// <summary>Words that look like options but are none of the command's (before a <c>--</c>, after which words are values).</summary>
    private static IEnumerable<string> UnknownOptions(ParseResult parse) =>
        parse.Tokens
            .TakeWhile(t => t.Type != TokenType.DoubleDash)
            .Where(t => t.Type == TokenType.Argument && t.Value.Length > 1 && t.Value[0] == '-' && !char.IsAsciiDigit(t.Value[1]))
            .Select(t => t.Value);

    private static string Name(Command command) => command is RootCommand ? "cultivation" : string.Join(' ', HelpWriter.PathOf(command));
}
