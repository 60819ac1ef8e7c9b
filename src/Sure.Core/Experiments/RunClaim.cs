using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Sure.Experiments;

/// <summary>
/// A process's claim on one run of a grid, so that processes sharing an output folder (shards on a cluster, or a second
/// invocation) never run the same run at the same time. Claims are files <c>claim-0001.json</c>, <c>claim-0002.json</c>,
/// … in the run's folder holding host, process id and start time; the highest generation is the current claim. Taking a
/// claim creates the next generation's file exclusively, which exactly one process can do, so two processes never both
/// take a run. A claim is stale, and the next generation may be taken, when its owner is gone
/// (same host, process not running) or its lease has run out (not renewed for <c>lease</c>; the owner renews it every
/// third of the lease while the run goes on). An owner that finds a newer generation than its own has lost the run.
/// </summary>
public sealed class RunClaim : IDisposable
{
    private const string Prefix = "claim-";
    private const string Suffix = ".json";

    /// <summary>
    /// How long a claim file may stay unreadable before it counts as stale whatever its lease: its owner writes about a
    /// hundred bytes right after creating it, so a file still unreadable after this was left by an owner killed between
    /// the create and the write.
    /// </summary>
    public static readonly TimeSpan WriteGrace = TimeSpan.FromSeconds(30);

    private readonly string _runDir;
    private readonly int _generation;
    private readonly Timer? _renewal;
    private readonly CancellationTokenSource _lost = new();

    private RunClaim(string runDir, int generation, TimeSpan lease)
    {
        _runDir = runDir;
        _generation = generation;
        var period = lease / 3;
        if (period > TimeSpan.Zero) _renewal = new Timer(_ => Renew(), null, period, period);
    }

    /// <summary>The claim file.</summary>
    public string Path => FileOf(_runDir, _generation);

    /// <summary>Cancelled when another process has taken the run over (this one was presumed dead).</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>
    /// Takes the run in <paramref name="runDir"/> for this process, or returns null when another live owner holds it.
    /// </summary>
    /// <param name="owner">Who claims it, for people reading the folder (e.g. "shard 2/8").</param>
    public static RunClaim? TryTake(string runDir, TimeSpan lease, string owner)
    {
        Directory.CreateDirectory(runDir);
        for (int attempt = 0; attempt < 5; attempt++)
        {
            int current = LatestGeneration(runDir);
            if (current > 0 && !IsStale(FileOf(runDir, current), lease)) return null;
            var next = FileOf(runDir, current + 1);
            // Creating the file is the claim: an exclusive create (O_CREAT | O_EXCL), which exactly one process can do on
            // every file system. (A move that does not overwrite is not enough: where hard links are refused, .NET falls
            // back to checking and renaming, and two processes can both win.) Readers see the owner being written as an
            // unreadable claim until the write grace has passed (IsStale). The owner is serialized before the create, so
            // that an owner killed just after it leaves an empty file only inside one write call.
            var content = JsonSerializer.SerializeToUtf8Bytes(Owner.OfThisProcess(owner));
            try
            {
                using var stream = new FileStream(next, FileMode.CreateNew, FileAccess.Write);
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            catch (IOException) when (File.Exists(next))
            {
                continue; // another process took this generation first: look again
            }
            return new RunClaim(runDir, current + 1, lease);
        }
        return null;
    }

    /// <summary>Marks the claim as alive now; cancels <see cref="Lost"/> when a newer claim exists.</summary>
    public void Renew()
    {
        try
        {
            if (LatestGeneration(_runDir) > _generation)
            {
                _lost.Cancel();
                return;
            }
            File.SetLastWriteTimeUtc(Path, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // A missed renewal only shortens the lease; the next one retries.
        }
    }

    /// <summary>Stops renewing and deletes the claim file (unless another process has taken the run over since).</summary>
    public void Dispose()
    {
        _renewal?.Dispose();
        try
        {
            if (LatestGeneration(_runDir) == _generation) File.Delete(Path);
        }
        catch (IOException)
        {
            // left behind, it goes stale like a killed owner's
        }
        _lost.Dispose();
    }

    /// <summary>The highest claim generation in <paramref name="runDir"/> (0: none).</summary>
    public static int LatestGeneration(string runDir)
    {
        if (!Directory.Exists(runDir)) return 0;
        int max = 0;
        foreach (var f in Directory.EnumerateFiles(runDir, Prefix + "*" + Suffix))
        {
            var name = System.IO.Path.GetFileName(f);
            if (int.TryParse(name.AsSpan(Prefix.Length, name.Length - Prefix.Length - Suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var g))
                max = Math.Max(max, g);
        }
        return max;
    }

    /// <summary>Whether the claim in <paramref name="file"/> may be taken over: not renewed for <paramref name="lease"/>, its
    /// owner process on this host is gone, or it is still unreadable <see cref="WriteGrace"/> after its last write.</summary>
    public static bool IsStale(string file, TimeSpan lease)
    {
        DateTime renewed;
        try
        {
            renewed = File.GetLastWriteTimeUtc(file);
        }
        catch (IOException)
        {
            return false;
        }
        if (DateTime.UtcNow - renewed > lease) return true;
        Owner? owner;
        try
        {
            owner = JsonSerializer.Deserialize<Owner>(File.ReadAllText(file));
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            // Being written right now, or left half-written by an owner killed between the create and the write, which
            // nothing renews any more.
            return DateTime.UtcNow - renewed > WriteGrace;
        }
        return owner is not null && owner.Host == Environment.MachineName && !owner.IsRunning();
    }

    private static string FileOf(string runDir, int generation) =>
        System.IO.Path.Combine(runDir, $"{Prefix}{generation.ToString("D4", CultureInfo.InvariantCulture)}{Suffix}");

    /// <summary>The claim file's content.</summary>
    public sealed record Owner(string Host, int Pid, long StartTicks, string Who, DateTime Claimed)
    {
        public static Owner OfThisProcess(string who)
        {
            using var self = Process.GetCurrentProcess();
            return new Owner(Environment.MachineName, Environment.ProcessId, self.StartTime.ToUniversalTime().Ticks, who, DateTime.UtcNow);
        }

        /// <summary>Whether process <see cref="Pid"/> of this host is the one that wrote the claim (same start time within a
        /// second, as .NET derives it from the boot time, so a reused id does not count).</summary>
        public bool IsRunning()
        {
            try
            {
                using var p = Process.GetProcessById(Pid);
                return !p.HasExited && Math.Abs(p.StartTime.ToUniversalTime().Ticks - StartTicks) < TimeSpan.TicksPerSecond;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                return false;
            }
        }
    }
}
