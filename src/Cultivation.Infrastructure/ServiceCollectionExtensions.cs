using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cultivation.Infrastructure;

public static class ServiceCollectionExtensions
{
    /// <summary>The one composition root, shared by the function app and the command-line tool.</summary>
    public static IServiceCollection AddCultivation(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        _ = configuration;
        _ = environment;
        return services;
    }
}
