using Cultivation.Cli;

return await CliApp.RunAsync(args);
