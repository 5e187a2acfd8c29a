using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading;

namespace Automations.Compiled.Testing
{
    /// <summary>
    /// The PostgreSQL server the tests and the scale-out benchmark use (linked into both projects from tests/Shared): the
    /// one <c>AUTOMATIONS_TEST_POSTGRES</c> names (a connection string), or else a throw-away <see cref="PostgresCluster"/>
    /// of its own, started once per process and stopped when the process exits.
    /// </summary>
    public static class PostgresServer
    {
        /// <summary>A connection string for an existing server (then nothing is started).</summary>
        public const string Variable = "AUTOMATIONS_TEST_POSTGRES";

        private static readonly Lazy<PostgresCluster> Shared = new(() =>
        {
            var cluster = PostgresCluster.Start();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Dispose();
            return cluster;
        }, LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>The server's connection string (superuser, database <c>postgres</c>); starts the cluster on first use.</summary>
        public static string ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given ? given : Shared.Value.ConnectionString;
    }

    /// <summary>
    /// A throw-away PostgreSQL cluster from Debian's packages (installed first when missing and the tests run as root on
    /// Debian, as in CI): <c>initdb</c> and <c>pg_ctl</c> (as the <c>postgres</c> user
    /// when running as root: initdb refuses root) in a temp folder, on 127.0.0.1 and a free port, with a password and
    /// fsync on. A test that restarts its server (a failover) starts one of its own.
    /// </summary>
    public sealed class PostgresCluster : IDisposable
    {
        private readonly string _bin;
        private readonly string _folder;
        private readonly bool _asPostgres;
        private readonly int _port;
        private int _disposed;

        private PostgresCluster(string bin, string folder, bool asPostgres, int port, string password)
        {
            (_bin, _folder, _asPostgres, _port) = (bin, folder, asPostgres, port);
            ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Password={password};Database=postgres;Pooling=true;Maximum Pool Size=200";
        }

        /// <summary>The cluster's connection string: superuser <c>postgres</c>, database <c>postgres</c>.</summary>
        public string ConnectionString { get; }

        private string Data => Path.Combine(_folder, "data");

        /// <summary>Creates and starts a cluster.</summary>
        public static PostgresCluster Start()
        {
            var bin = FindBin() ?? Install();
            if (bin is null)
            {
                throw new InvalidOperationException(
                    $"The PostgreSQL tests need a server: install Debian's postgresql-15 (apt-get install -y postgresql-15), or set {PostgresServer.Variable} to a connection string.");
            }

            var asPostgres = Environment.UserName == "root";
            SweepAbandoned(bin, asPostgres);
            var folder = Path.Combine(Path.GetTempPath(), Prefix + Environment.ProcessId + "-" + RandomNumberGenerator.GetHexString(6, lowercase: true));
            Directory.CreateDirectory(folder);
            var password = RandomNumberGenerator.GetHexString(24, lowercase: true);
            var passwordFile = Path.Combine(folder, "pw");
            File.WriteAllText(passwordFile, password);
            if (asPostgres)
            {
                Run("chown", $"-R postgres:postgres {folder}", asPostgres: false);
            }

            var cluster = new PostgresCluster(bin, folder, asPostgres, FreePort(), password);
            Run(Path.Combine(bin, "initdb"), $"-D {cluster.Data} -U postgres -E UTF8 --auth=scram-sha-256 --pwfile={passwordFile} --no-sync", asPostgres);
            cluster.Control("start");
            return cluster;
        }

        /// <summary>Stops the server (fast: connections are cut, as in a failover) and starts it again on the same port.</summary>
        public void Restart()
        {
            Control("stop", "-m fast");
            Control("start");
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            try
            {
                Control("stop", "-m immediate");
                Directory.Delete(_folder, recursive: true);
            }
            catch (Exception error) when (error is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                // A cluster left behind lives in the temp folder only.
            }
        }

        private const string Prefix = "automations-pg-";

        /// <summary>
        /// Stops and deletes the clusters of test processes that are gone (a test host killed at the end of a run never
        /// raises its exit event), so runs do not pile servers and data folders up in the temp folder.
        /// </summary>
        private static void SweepAbandoned(string bin, bool asPostgres)
        {
            foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), Prefix + "*"))
            {
                var owner = Path.GetFileName(folder)[Prefix.Length..].Split('-')[0];
                if (!int.TryParse(owner, out var pid) || Directory.Exists("/proc/" + pid))
                {
                    continue; // a live process's cluster (or not one of ours)
                }

                try
                {
                    if (File.Exists(Path.Combine(folder, "data", "postmaster.pid")))
                    {
                        Run(Path.Combine(bin, "pg_ctl"), $"-D {Path.Combine(folder, "data")} -m immediate -w stop", asPostgres);
                    }

                    Directory.Delete(folder, recursive: true);
                }
                catch (Exception error) when (error is InvalidOperationException or IOException or UnauthorizedAccessException)
                {
                    // Another process sweeps it, or it is not ours to delete: leave it.
                }
            }
        }

        private static string? FindBin()
            => Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d, StringComparer.Ordinal).Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
                : null;

        /// <summary>
        /// On a fresh Debian machine where the tests run as root (CI), installs PostgreSQL 15 from Debian's packages, once
        /// for every test process (a lock file lines them up), so `dotnet test` alone works there; elsewhere, null.
        /// </summary>
        private static string? Install()
        {
            if (Environment.UserName != "root" || !File.Exists("/usr/bin/apt-get"))
            {
                return null;
            }

            using var gate = InstallLock.Take("automations-postgresql-install.lock");
            if (FindBin() is { } installed)
            {
                return installed; // another test process installed it while this one waited
            }

            Run("apt-get", "update -qq", asPostgres: false);
            Run("apt-get", "install -y -qq postgresql-15", asPostgres: false, ("DEBIAN_FRONTEND", "noninteractive"));
            return FindBin();
        }

        /// <summary>A port nobody listens on now.</summary>
        public static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private void Control(string verb, string extra = "")
            // The socket lives in the temp folder; fsync stays on: the journal's durability is what the tests are about.
            => Run(Path.Combine(_bin, "pg_ctl"), $"-D {Data} -l {Path.Combine(_folder, "server.log")} -w -t 60 {extra} -o \"-p {_port} -k {_folder} -c listen_addresses=127.0.0.1 -c max_connections=300\" {verb}", _asPostgres);

        private static void Run(string file, string arguments, bool asPostgres, params (string Name, string Value)[] environment)
        {
            var start = asPostgres
                ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
                : new ProcessStartInfo(file, arguments);
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            var timeout = TimeSpan.FromMinutes(file == "apt-get" ? 10 : 2);
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{file} {arguments} did not finish in {timeout.TotalMinutes} minutes.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {output.Result}{error.Result}");
            }
        }
    }
}
