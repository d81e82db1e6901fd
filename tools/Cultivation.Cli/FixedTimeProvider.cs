namespace Cultivation.Cli;

/// <summary>The clock set by <c>--now</c>: time stands at that instant (plus what elapses while the command runs).</summary>
public sealed class FixedTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly DateTimeOffset _startedAt = System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => start.ToUniversalTime() + (System.GetUtcNow() - _startedAt);
}
