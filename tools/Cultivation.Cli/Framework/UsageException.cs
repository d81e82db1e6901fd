namespace Cultivation.Cli.Framework;

/// <summary>A mistake in how a command was called, found while running it: exit code 2 with a message, never a stack trace.</summary>
public sealed class UsageException(string message) : Exception(message);
