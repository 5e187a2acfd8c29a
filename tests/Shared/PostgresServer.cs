using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Testing
{
    /// <summary>
    /// The PostgreSQL server the tests and the scale-out benchmark use (linked into both projects from tests/Shared): the one <c>AUTOMATIONS_TEST_POSTGRES</c> names (a connection string), or else a
    /// throw-away cluster of its own, started once per test process from Debian's packages (<c>initdb</c> and
    /// <c>pg_ctl</c> as the <c>postgres</c> user when the tests run as root: initdb refuses root) in a temp folder, on
    /// 127.0.0.1 and a free port, with a password, and stopped when the process exits.
    /// </summary>
    public static class PostgresServer
    {
        /// <summary>A connection string for an existing server (then nothing is started).</summary>
        public const string Variable = "AUTOMATIONS_TEST_POSTGRES";

        private static readonly Lazy<string> Started = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>The server's connection string (superuser, database <c>postgres</c>); starts the cluster on first use.</summary>
        public static string ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given ? given : Started.Value;

        private static string Start()
        {
            var bin = Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d, StringComparer.Ordinal).Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
                : null;
            if (bin is null)
            {
                throw new InvalidOperationException(
                    $"The PostgreSQL tests need a server: install Debian's postgresql-15 (apt-get install -y postgresql-15), or set {Variable} to a connection string.");
            }

            var root = Environment.UserName == "root";
            var folder = Path.Combine(Path.GetTempPath(), "automations-pg-" + Environment.ProcessId + "-" + RandomNumberGenerator.GetHexString(6, lowercase: true));
            var data = Path.Combine(folder, "data");
            Directory.CreateDirectory(folder);
            var password = RandomNumberGenerator.GetHexString(24, lowercase: true);
            var passwordFile = Path.Combine(folder, "pw");
            File.WriteAllText(passwordFile, password);
            if (root)
            {
                Run("chown", $"-R postgres:postgres {folder}", asPostgres: false);
            }

            Run(Path.Combine(bin, "initdb"), $"-D {data} -U postgres -E UTF8 --auth=scram-sha-256 --pwfile={passwordFile} --no-sync", root);
            var port = FreePort();

            // fsync stays on: the journal's durability is what the tests are about. The socket lives in the temp folder.
            Run(Path.Combine(bin, "pg_ctl"), $"-D {data} -l {Path.Combine(folder, "server.log")} -w -t 60 -o \"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=300\" start", root);
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try
                {
                    Run(Path.Combine(bin, "pg_ctl"), $"-D {data} -m immediate -w stop", root);
                    Directory.Delete(folder, recursive: true);
                }
                catch (Exception)
                {
                    // The process is ending: a cluster left behind lives in the temp folder only.
                }
            };

            return $"Host=127.0.0.1;Port={port};Username=postgres;Password={password};Database=postgres;Pooling=true;Maximum Pool Size=200";
        }

        /// <summary>A port nobody listens on now.</summary>
        internal static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private static void Run(string file, string arguments, bool asPostgres)
        {
            var start = asPostgres
                ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
                : new ProcessStartInfo(file, arguments);
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{file} {arguments} did not finish in 2 minutes.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {output.Result}{error.Result}");
            }
        }
    }
}
