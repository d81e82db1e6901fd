using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Cultivation.Cli.Commands;
using Cultivation.Cli.Framework;
using Cultivation.Cli.Services;
using Cultivation.Infrastructure;
using Cultivation.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Cultivation.Cli;

/// <summary>
/// The command-line tool: the same services as the function app, without the Functions host. Its grammar is
/// System.CommandLine (Microsoft's maintained parser: the command tree is public, so help and "did you mean"
/// come from the commands' own definitions); Spectre.Console draws the tables, bars and progress.
/// </summary>
public static class CliApp
{
    /// <summary>
    /// Every command, in the order help lists them. A new command is a class implementing
    /// <see cref="ICliCommand"/> (see <c>Commands/</c>) and one line here.
    /// </summary>
    public static CommandCatalog Commands() => new CommandCatalog(Bilingual.Text("企业梯度培育目标跟踪", "enterprise tier-cultivation targets"))
        .Add<UploadCommand>()
        .Add<IngestCommand>()
        .Add<ReconcileCommand>()
        .Add<FilingsCommand>()
        .Add<ReportCommand>()
        .Add<TemplateCommand>()
        .Add<ProgressCommand>()
        .Add<EnterpriseCommand>()
        .Add<LowEfficiencyCommand>()
        .Add<ExportCommand>()
        .Group("targets", Bilingual.Text("培育指标", "the targets of a year"))
        .Add<TargetsLoadCommand>("targets")
        .Add<RecomputeCommand>()
        .Group("alerts", Bilingual.Text("每周预警邮件", "the weekly alert email"))
        .Add<AlertsPreviewCommand>("alerts")
        .Add<AlertsSendCommand>("alerts")
        .Add<DemoCommand>();

    public static async Task<int> RunAsync(string[] args)
    {
        var catalog = Commands();

        // Words starting with '@' are blob and file names here, not response files.
        var parse = catalog.Root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Action is HelpAction)
        {
            HelpWriter.Write(parse.CommandResult.Command, Console.Out);
            return ExitCodes.Ok;
        }

        if (args.Length == 0)
        {
            HelpWriter.Write(catalog.Root, Console.Out);
            return ExitCodes.Usage;
        }

        var problems = UsageErrors.Explain(parse);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                CliOutput.Error(problem);
            }

            var command = string.Join(' ', HelpWriter.PathOf(parse.CommandResult.Command).Prepend("cultivation"));
            CliOutput.Error($"用法见 '{command} --help' / see '{command} --help'");
            return ExitCodes.Usage;
        }

        if (catalog.Find(parse.CommandResult.Command) is not { } registration)
        {
            // An option of the root itself, such as --version.
            return parse.Action is CommandLineAction ? await parse.InvokeAsync() : ExitCodes.Usage;
        }

        return await RunAsync(registration, parse);
    }

    private static async Task<int> RunAsync(CommandCatalog.Registration registration, ParseResult parse)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        try
        {
            using var host = BuildHost(parse, registration);
            if (StorageConfigurationProblem(host.Services) is { } configuration)
            {
                CliOutput.Error(configuration);
                return ExitCodes.Usage;
            }

            return await registration.Create(host.Services).RunAsync(parse, cancel.Token);
        }
        catch (UsageException ex)
        {
            CliOutput.Error(ex.Message);
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (StorageFailure.Describe(ex) is { } storage)
        {
            CliOutput.Error(storage);
            return ExitCodes.Failed;
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            CliOutput.Error($"配置有误 / a setting is wrong: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            CliOutput.Error("已取消 / cancelled");
            return ExitCodes.Failed;
        }
    }

    private static IHost BuildHost(ParseResult parse, CommandCatalog.Registration registration)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration.Sources.Clear();
        LocalSettings.AddTo(builder.Configuration);
        builder.Configuration.AddEnvironmentVariables();

        // Standard output is the command's answer (e.g. its JSON); the services' warnings go to standard error.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o =>
        {
            o.FormatterName = CliLogFormatter.FormatterName;
            o.LogToStandardErrorThreshold = LogLevel.Trace;
        }).AddConsoleFormatter<CliLogFormatter, ConsoleFormatterOptions>();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Azure", LogLevel.Error);

        builder.Services.AddCultivation(builder.Configuration, builder.Environment);
        if ((parse.GetValue(CommonOptions.Now) ?? registration.DefaultNow) is { } now)
        {
            builder.Services.AddSingleton<TimeProvider>(new FixedTimeProvider(now));
        }

        builder.Services.AddSingleton(new CliOutput(parse.GetValue(CommonOptions.Json)));
        builder.Services.AddSingleton<FilingUploads>();
        builder.Services.AddSingleton<Reconciliation>();
        builder.Services.AddSingleton<CorrectionScene>();
        return builder.Build();
    }

    /// <summary>A missing or malformed storage connection, said before any command runs; null when it is usable.</summary>
    private static string? StorageConfigurationProblem(IServiceProvider services)
    {
        try
        {
            _ = services.GetRequiredService<StorageClients>();
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException)
        {
            return $"存储连接未配置或有误（{StorageClients.ConnectionName}）/ the storage connection is missing or malformed: {ex.Message}";
        }
    }
}
