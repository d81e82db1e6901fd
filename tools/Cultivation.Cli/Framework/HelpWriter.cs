using System.CommandLine;

namespace Cultivation.Cli.Framework;

/// <summary>
/// The tool's help, Chinese first and English second, written from the command tree itself so that a new
/// command's help comes with its definition: <c>cultivation --help</c> lists every command,
/// <c>cultivation &lt;command&gt; --help</c> shows one.
/// </summary>
public static class HelpWriter
{
    public const string ExitCodes =
        "退出码 Exit codes: 0 成功 ok；1 文件被退回或查无此项 rejected or not found；2 用法错误 usage error；3 存储不可达或拒绝访问 storage unreachable or refused";

    public static void Write(Command command, TextWriter output)
    {
        if (command is RootCommand root)
        {
            WriteRoot(root, output);
            return;
        }

        output.WriteLine($"用法 Usage: {Usage(command)}");
        output.WriteLine();
        foreach (var line in Bilingual.Lines(command.Description))
        {
            output.WriteLine("  " + line);
        }

        if (command.Subcommands.Count > 0)
        {
            WriteRows(output, "命令 Commands:", command.Subcommands.Select(c => (Usage(c, withPath: false), c.Description)));
        }

        if (command.Arguments.Count > 0)
        {
            WriteRows(output, "参数 Arguments:", command.Arguments.Select(a => (ArgumentLabel(a), a.Description)));
        }

        WriteRows(output, "选项 Options:", OptionsOf(command).Select(o => (OptionLabel(o), o.Description)));
        output.WriteLine();
        output.WriteLine(ExitCodes);
    }

    /// <summary><c>cultivation low-efficiency &lt;year&gt; Q&lt;q&gt; [--town &lt;T&gt;]</c>.</summary>
    public static string Usage(Command command, bool withPath = true)
    {
        var words = new List<string> { withPath ? "cultivation " + string.Join(' ', PathOf(command)) : command.Name };
        if (command.Subcommands.Count > 0)
        {
            words.Add("<" + string.Join('|', command.Subcommands.Select(c => c.Name)) + ">");
        }

        words.AddRange(command.Arguments.Select(Usage));
        words.AddRange(command.Options.Where(o => !o.Hidden && !o.Recursive).Select(o => $"[{OptionUsage(o)}]"));
        return string.Join(' ', words);
    }

    /// <summary>The options a command accepts: its own and those of its parents that every command takes.</summary>
    public static IEnumerable<Option> OptionsOf(Command command) =>
        command.Options.Concat(Ancestors(command).SelectMany(a => a.Options.Where(o => o.Recursive))).Where(o => !o.Hidden).Distinct();

    public static IReadOnlyList<string> PathOf(Command command) =>
        [.. Ancestors(command).Prepend(command).Where(c => c is not RootCommand).Reverse().Select(c => c.Name)];

    private static void WriteRoot(RootCommand root, TextWriter output)
    {
        output.WriteLine("cultivation — 企业梯度培育目标跟踪 (enterprise tier-cultivation targets)");
        output.WriteLine();
        output.WriteLine("用法 Usage: cultivation <命令 command> [参数 arguments] [选项 options]");
        var leaves = root.Subcommands.SelectMany(c => c.Subcommands.Count > 0 ? c.Subcommands : [c]);
        WriteRows(output, "命令 Commands:", leaves.Select(c => (Usage(c)["cultivation ".Length..], c.Description)));
        WriteRows(output, "每个命令都接受的选项 Options of every command:", root.Options.Where(o => !o.Hidden).Select(o => (OptionLabel(o), o.Description)));
        output.WriteLine();
        output.WriteLine("每个命令的帮助 Help on one command: cultivation <command> --help");
        output.WriteLine("存储连接 Storage: AzureWebJobsStorage（环境变量，其次 local.settings.json / environment, then local.settings.json）");
        output.WriteLine(ExitCodes);
    }

    private static void WriteRows(TextWriter output, string title, IEnumerable<(string Label, string? Description)> rows)
    {
        var list = rows.ToList();
        if (list.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine(title);
        var width = list.Max(r => r.Label.Length) + 2;
        foreach (var (label, description) in list)
        {
            var lines = Bilingual.Lines(description);
            output.WriteLine(("  " + label.PadRight(width) + lines.FirstOrDefault()).TrimEnd());
            foreach (var line in lines.Skip(1))
            {
                output.WriteLine(new string(' ', width + 2) + line);
            }
        }
    }

    private static IEnumerable<Command> Ancestors(Command command)
    {
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            yield return parent;
        }
    }

    /// <summary><c>&lt;blob name&gt;</c>, or the argument's own label when it has one (<c>&lt;year&gt; Q&lt;q&gt;</c>).</summary>
    public static string ArgumentLabel(Argument argument)
    {
        var name = argument.HelpName ?? argument.Name;
        return name.Contains('<', StringComparison.Ordinal) ? name : $"<{name}>";
    }

    private static string Usage(Argument argument)
    {
        var label = ArgumentLabel(argument) + (argument.Arity.MaximumNumberOfValues > 2 ? "…" : string.Empty);
        return argument.Arity.MinimumNumberOfValues == 0 ? $"[{label}]" : label;
    }

    private static string OptionUsage(Option option) => IsFlag(option) ? option.Name : $"{option.Name} <{option.HelpName ?? "value"}>";

    private static bool IsFlag(Option option) => option.Arity.MaximumNumberOfValues == 0 || option.ValueType == typeof(bool);

    private static string OptionLabel(Option option)
    {
        var names = option.Aliases.Where(a => a.StartsWith('-')).Order(StringComparer.Ordinal).Append(option.Name);
        return string.Join(", ", names) + (IsFlag(option) ? string.Empty : $" <{option.HelpName ?? "value"}>");
    }
}
