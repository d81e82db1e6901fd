using System.Net;
using System.Net.Sockets;

namespace Cultivation.Integration.Tests;

public static class LoopbackPort
{
    /// <summary>A loopback port nobody listens on (free when asked; tests use it to reach nothing).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
