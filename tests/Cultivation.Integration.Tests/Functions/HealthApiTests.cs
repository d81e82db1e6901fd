using System.Text.Json;
using Cultivation.Functions.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Time.Testing;

namespace Cultivation.Integration.Tests.Functions;

public sealed class HealthApiTests
{
    [Fact]
    public void Answers_ok_with_the_time()
    {
        var now = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);

        var result = Assert.IsType<ContentResult>(new HealthApi(new FakeTimeProvider(now)).Run(new DefaultHttpContext().Request));

        Assert.Equal(StatusCodes.Status200OK, result.StatusCode);
        Assert.StartsWith("application/json", result.ContentType);
        using var body = JsonDocument.Parse(result.Content!);
        Assert.Equal("ok", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(now, body.RootElement.GetProperty("at").GetDateTimeOffset());
    }
}
