using System.Net;
using System.Net.Sockets;

namespace Marketplace.Integration.Tests.Infrastructure;

/// <summary>
/// A TCP relay on loopback between a test's processes and a server (the broker), that the test can cut: while cut,
/// every relayed connection is reset and every new one is reset as soon as it is accepted, as a network partition does
/// to the clients. The server itself stays up and serves everyone else; only the clients that go through this lose it.
/// </summary>
internal sealed class NetworkPartition : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _server;
    private readonly HashSet<Socket> _open = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private bool _cut;
    private int _severed;
    private int _refused;

    private NetworkPartition(Uri server, IPEndPoint endpoint)
    {
        _server = endpoint;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Uri = new UriBuilder(server) { Host = "127.0.0.1", Port = ((IPEndPoint)_listener.LocalEndpoint).Port }.Uri;
        _accepting = AcceptAsync(_stop.Token);
    }

    /// <summary><c>server</c>'s address with this relay's port: what the clients are given.</summary>
    public Uri Uri { get; }

    /// <summary>Connections reset by <see cref="Cut"/>.</summary>
    public int Severed => Volatile.Read(ref _severed);

    /// <summary>Connections tried while cut, reset at once.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public static async Task<NetworkPartition> StartAsync(Uri server)
    {
        var address = (await Dns.GetHostAddressesAsync(server.Host)).First(a => a.AddressFamily == AddressFamily.InterNetwork);
        return new NetworkPartition(server, new IPEndPoint(address, server.Port));
    }

    /// <summary>Resets every relayed connection and refuses new ones until <see cref="Heal"/>.</summary>
    public void Cut()
    {
        Socket[] open;
        lock (_open)
        {
            _cut = true;
            open = [.. _open];
            _open.Clear();
        }

        foreach (var socket in open)
        {
            Reset(socket);
        }

        Interlocked.Add(ref _severed, open.Length / 2);
    }

    public void Heal()
    {
        lock (_open)
        {
            _cut = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Cut();
        _stop.Dispose();
    }

    private static void Reset(Socket socket)
    {
        try
        {
            // Linger 0: close with RST, as a dropped link looks to the peer, not a polite FIN.
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task AcceptAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(stop);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client, stop);
        }
    }

    private async Task RelayAsync(Socket client, CancellationToken stop)
    {
        var server = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        try
        {
            if (!Track(client, server))
            {
                return;
            }

            await server.ConnectAsync(_server, stop);
            await using var toServer = new NetworkStream(server, ownsSocket: false);
            await using var toClient = new NetworkStream(client, ownsSocket: false);
            // Either direction ending ends both: the other side sees its connection go.
            await Task.WhenAny(toClient.CopyToAsync(toServer, stop), toServer.CopyToAsync(toClient, stop));
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            lock (_open)
            {
                _open.Remove(client);
                _open.Remove(server);
            }

            Reset(client);
            Reset(server);
        }
    }

    /// <summary>Keeps the pair to cut later; false (and counted as refused) when the link is cut now.</summary>
    private bool Track(Socket client, Socket server)
    {
        lock (_open)
        {
            if (_cut)
            {
                Interlocked.Increment(ref _refused);
                return false;
            }

            _open.Add(client);
            _open.Add(server);
            return true;
        }
    }
}
