using Cultivation.Functions.Telemetry;
using Cultivation.Infrastructure;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddCultivation(builder.Configuration, builder.Environment);
builder.Services.AddWorkerTelemetry(builder.Configuration);
builder.Build().Run();
