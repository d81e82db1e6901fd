namespace Cultivation.Cli;

/// <summary>
/// The clock set by <c>--now</c>: time stands at that instant (plus what elapses while the command runs).
/// The demo moves it along its story, so that files are ingested on the days the towns would send them.
/// </summary>
public sealed class FixedTimeProvider(DateTimeOffset start) : TimeProvider
{
    private (DateTimeOffset At, DateTimeOffset SetAt) _clock = (start.ToUniversalTime(), System.GetUtcNow());

    public override DateTimeOffset GetUtcNow()
    {
        var (at, setAt) = _clock;
        return at + (System.GetUtcNow() - setAt);
    }

    /// <summary>Moves the clock to <paramref name="at"/> (only forward, as time goes).</summary>
    public void MoveTo(DateTimeOffset at)
    {
        if (at.ToUniversalTime() > GetUtcNow())
        {
            _clock = (at.ToUniversalTime(), System.GetUtcNow());
        }
    }
}
