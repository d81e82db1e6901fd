using System.Globalization;

namespace Cultivation.Cli;

/// <summary>Positional arguments and <c>--name value</c> / <c>--flag</c> options, parsed once.</summary>
public sealed class CliArguments
{
    private static readonly HashSet<string> s_flags = new(StringComparer.Ordinal) { "json", "help", "send" };
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);

    private CliArguments(List<string> positional) => Positional = positional;

    public IReadOnlyList<string> Positional { get; }

    public bool Json => Has("json");

    public static CliArguments Parse(IReadOnlyList<string> args)
    {
        var positional = new List<string>();
        var result = new CliArguments(positional);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                var name = arg[2..];
                string? value = null;
                var eq = name.IndexOf('=', StringComparison.Ordinal);
                if (eq >= 0)
                {
                    value = name[(eq + 1)..];
                    name = name[..eq];
                }
                else if (!s_flags.Contains(name))
                {
                    if (i + 1 >= args.Count)
                    {
                        throw new UsageException($"option --{name} needs a value");
                    }

                    value = args[++i];
                }

                result._options[name] = value;
            }
            else
            {
                positional.Add(arg);
            }
        }

        return result;
    }

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Option(string name) => _options.GetValueOrDefault(name);

    /// <summary>The clock for "this week" and deadlines: <c>--now</c>, else the system clock.</summary>
    public DateTimeOffset? Now
    {
        get
        {
            var text = Option("now");
            if (text is null)
            {
                return null;
            }

            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var now)
                ? now
                : throw new UsageException($"--now '{text}' is not an ISO date-time such as 2022-10-17T09:00:00+08:00");
        }
    }
}

/// <summary>A mistake in how the command was called: exit code 2 with a message, never a stack trace.</summary>
public sealed class UsageException(string message) : Exception(message);
