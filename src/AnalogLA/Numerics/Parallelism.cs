namespace AnalogLA.Numerics;

/// <summary>
/// The degree of parallelism of the library's inner loops, with a per-thread override: work that already runs side by
/// side (Monte Carlo passes on their own threads) runs its inner loops on its own thread instead of spreading each over
/// every core again (a loop nested in loops that already fill the cores only adds scheduling). A loop of degree one runs on
/// its caller, so the override holds throughout the work. No loop's result depends on its degree.
/// </summary>
internal static class Parallelism
{
    private static readonly ParallelOptions Wide = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };
    private static readonly ParallelOptions Single = new() { MaxDegreeOfParallelism = 1 };

    [ThreadStatic]
    private static bool t_serial;

    /// <summary>The degree to use for a loop that asks for <paramref name="requested"/> (−1: all cores).</summary>
    public static int Degree(int requested) => t_serial ? 1 : requested;

    /// <summary>Options for a loop that asks for <paramref name="requested"/> (−1: all cores).</summary>
    public static ParallelOptions Options(int requested) =>
        t_serial || requested == 1 ? Single : requested == -1 ? Wide : new ParallelOptions { MaxDegreeOfParallelism = requested };

    /// <summary>Options for a loop over every core (one core inside <see cref="Serially{T}"/>).</summary>
    public static ParallelOptions AllCores => t_serial ? Single : Wide;

    /// <summary>Runs <paramref name="work"/> with every inner loop on the calling thread.</summary>
    public static T Serially<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        bool outer = t_serial;
        t_serial = true;
        try
        {
            return work();
        }
        finally
        {
            t_serial = outer;
        }
    }
}
