using System.Collections.Concurrent;
using AnalogLA.Numerics;

namespace AnalogLA.Bayesian;

/// <summary>The software network as a classifier: weights sampled from the posterior (or its mean).</summary>
/// <remarks>
/// Monte Carlo samples of one batch run concurrently (<see cref="SamplesRunConcurrently"/>). A layer keeps its last
/// pass's activations and scratch for the backward pass, so two passes cannot share one network: a pass that finds
/// <see cref="Network"/> busy runs on a replica (<see cref="Network.TryReplica"/>: the same layers, rebuilt from the
/// architecture, with every parameter, buffer and input statistic copied from <see cref="Network"/> when it is lent).
/// A pass is a pure function of (seed, batch, sample) and the values, so the predictions equal the serial loop's bit
/// for bit (<c>SoftwareClassifierTests</c>). A network that cannot be rebuilt the same (layer settings the architecture
/// does not record) runs its samples one after another.
/// </remarks>
public sealed class SoftwareClassifier(Network network, ulong seed = 1, bool meanOnly = false) : IStochasticClassifier
{
    private readonly ConcurrentBag<Network> _replicas = [];
    private readonly Lazy<Network?> _first = new(() => network?.TryReplica());
    private int _busy;
    private int _inFlight;
    private int _made;

    /// <summary>The network.</summary>
    public Network Network { get; } = network ?? throw new ArgumentNullException(nameof(network));

    /// <inheritdoc />
    public bool SamplesRunConcurrently => _first.Value is not null;

    /// <inheritdoc />
    public void CheckInput(Tensor images) => Network.CheckInput(images);

    /// <inheritdoc />
    public Tensor Logits(Tensor images, int batch, int sample)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (!SamplesRunConcurrently)
        {
            lock (_replicas)
            {
                return Run(Network, images, batch, sample);
            }
        }

        // A pass that starts alone spreads its per-image loops over every core; passes side by side run them on their
        // own threads (results are the same either way).
        bool alone = Interlocked.Increment(ref _inFlight) == 1;
        try
        {
            if (Interlocked.CompareExchange(ref _busy, 1, 0) == 0)
            {
                try
                {
                    return alone ? Run(Network, images, batch, sample) : Parallelism.Serially(() => Run(Network, images, batch, sample));
                }
                finally
                {
                    Volatile.Write(ref _busy, 0);
                }
            }

            var replica = Lend();
            try
            {
                Network.CopyValuesTo(replica);
                return Parallelism.Serially(() => Run(replica, images, batch, sample));
            }
            finally
            {
                _replicas.Add(replica);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private Network Lend()
    {
        if (_replicas.TryTake(out var replica))
        {
            return replica;
        }

        lock (_replicas)
        {
            // The replica made to learn whether the network can be replicated is the first one lent.
            return ++_made == 1 ? _first.Value! : Network.TryReplica()!;
        }
    }

    private Tensor Run(Network net, Tensor images, int batch, int sample)
    {
        var x = images.Clone();
        net.Normalise(x);
        var context = new ForwardContext(CounterRandom.Mix(seed, (ulong)batch), (ulong)sample) { ReuseSharedInput = true };
        return net.Forward(x, meanOnly ? PassMode.Mean : PassMode.Sample, context);
    }
}
