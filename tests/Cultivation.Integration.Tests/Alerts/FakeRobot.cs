using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cultivation.Integration.Tests.Alerts;

/// <summary>A group-chat robot on 127.0.0.1 (random port) answering from a script; the last answer repeats.</summary>
public sealed class FakeRobot : IAsyncDisposable
{
    /// <summary>A scripted status that answers nothing for longer than any try may wait.</summary>
    public const int HangStatus = 0;

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(int Status, string Body)> _script;
    private readonly (int Status, string Body) _last;
    private int _delivered;

    private FakeRobot(WebApplication app, (int, string)[] script)
    {
        _app = app;
        _script = new ConcurrentQueue<(int, string)>(script);
        _last = script[^1];
    }

    public string Url { get; private set; } = string.Empty;

    public List<(string Query, string Body)> Requests { get; } = [];

    public int Delivered => _delivered;

    public static async Task<FakeRobot> StartAsync(params (int Status, string Body)[] script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var robot = new FakeRobot(app, script);
        app.MapPost("/robot/send", robot.HandleAsync);
        await app.StartAsync();
        robot.Url = app.Urls.First() + "/robot/send";
        return robot;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        lock (Requests)
        {
            Requests.Add((context.Request.QueryString.Value ?? string.Empty, body));
        }

        var (status, answer) = _script.TryDequeue(out var next) ? next : _last;
        if (status == HangStatus)
        {
            await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }
        if (status == 200 && answer.Contains("\"errcode\":0", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _delivered);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
