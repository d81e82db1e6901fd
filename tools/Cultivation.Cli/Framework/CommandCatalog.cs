using System.CommandLine;
using System.CommandLine.Help;
using Microsoft.Extensions.DependencyInjection;

namespace Cultivation.Cli.Framework;

/// <summary>
/// The commands of the tool, in the order help lists them, as one System.CommandLine tree. Each command is a
/// class (<see cref="ICliCommand"/> and <see cref="ICommandGrammar"/>); groups such as <c>alerts</c> only hold commands.
/// </summary>
public sealed class CommandCatalog
{
    private readonly Dictionary<Command, Registration> _registrations = [];

    public CommandCatalog(string description)
    {
        Root = new RootCommand(description) { CommonOptions.Json, CommonOptions.Now };
        foreach (var option in Root.Options)
        {
            option.Description = option switch
            {
                HelpOption => Bilingual.Text("显示帮助", "shows help"),
                VersionOption => Bilingual.Text("显示版本", "shows the version"),
                _ => option.Description,
            };
        }
    }

    public RootCommand Root { get; }

    /// <summary>Adds a group of commands (e.g. <c>alerts</c>) under which <see cref="Add{T}"/> can place commands.</summary>
    public CommandCatalog Group(string name, string description)
    {
        Root.Add(new Command(name, description));
        return this;
    }

    /// <summary>Adds a command, at the top or under a <see cref="Group"/>.</summary>
    public CommandCatalog Add<T>(string? group = null)
        where T : class, ICliCommand, ICommandGrammar
    {
        var command = T.Define();
        var parent = group is null
            ? Root
            : Root.Subcommands.SingleOrDefault(c => c.Name == group) ?? throw new InvalidOperationException($"no command group '{group}'");
        parent.Add(command);
        _registrations.Add(command, new Registration(sp => ActivatorUtilities.CreateInstance<T>(sp), T.DefaultNow));
        return this;
    }

    /// <summary>The registration of a parsed command; null for the root and for groups.</summary>
    public Registration? Find(Command command) => _registrations.GetValueOrDefault(command);

    public sealed record Registration(Func<IServiceProvider, ICliCommand> Create, DateTimeOffset? DefaultNow);
}
