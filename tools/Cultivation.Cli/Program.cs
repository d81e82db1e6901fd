using Cultivation.Cli;
using Cultivation.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

// The command-line tool runs the same services as the function app, without the Functions host.
CliArguments arguments;
try
{
    arguments = CliArguments.Parse(args);
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"cultivation: {ex.Message}");
    return ExitCodes.Usage;
}

if (arguments.Positional.Count == 0 || arguments.Has("help"))
{
    Console.Out.WriteLine(Commands.Usage);
    return arguments.Positional.Count == 0 && !arguments.Has("help") ? ExitCodes.Usage : ExitCodes.Ok;
}

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });
builder.Configuration.Sources.Clear();
LocalSettings.AddTo(builder.Configuration);
builder.Configuration.AddEnvironmentVariables();
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
builder.Logging.AddFilter("Azure", LogLevel.Error);

try
{
    builder.Services.AddCultivation(builder.Configuration, builder.Environment);
    if (arguments.Now is { } now)
    {
        builder.Services.AddSingleton<TimeProvider>(new FixedTimeProvider(now));
    }
    else if (arguments.Positional is ["demo", ..])
    {
        // The demo's story runs in 2022; its clock starts before the first filing and moves along.
        builder.Services.AddSingleton<TimeProvider>(new FixedTimeProvider(new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.FromHours(8))));
    }

    builder.Services.AddSingleton(arguments);
    builder.Services.AddSingleton<Commands>();
    using var host = builder.Build();
    var commands = host.Services.GetRequiredService<Commands>();
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel();
    };
    return await commands.RunAsync(cancel.Token);
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"cultivation: {ex.Message}");
    Console.Error.WriteLine("Run 'cultivation --help' for the commands.");
    return ExitCodes.Usage;
}
catch (InvalidOperationException ex) when (ex.Message.Contains("AzureWebJobsStorage", StringComparison.Ordinal))
{
    Console.Error.WriteLine($"cultivation: {ex.Message}");
    return ExitCodes.Usage;
}
catch (Azure.RequestFailedException ex) when (ex.Status == 0)
{
    AnsiConsole.MarkupLine($"[red]cultivation: storage unreachable[/] ({Markup.Escape(ex.Message.Split('\n')[0])})");
    return ExitCodes.Failed;
}
