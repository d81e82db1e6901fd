namespace Cultivation.Cli;

public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A filing was rejected, or what was asked for does not exist.</summary>
    public const int Rejected = 1;

    public const int Usage = 2;

    /// <summary>An infrastructure problem (storage unreachable).</summary>
    public const int Failed = 3;
}
