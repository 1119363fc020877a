using System.Collections.Concurrent;
using AnalogLA.Numerics;

namespace AnalogLA.Bayesian;

/// <summary>
/// Exact-size activation buffers reused across Monte Carlo passes of a deployed network: a pass hands back the
/// tensors it no longer reads, and the next pass (of any thread) takes them instead of allocating. A hardware pass of
/// LeNet-5 at a batch of 250 images otherwise allocates tens of megabytes of activations (with this and the packed-input
/// buffer, a 300-image <c>bnn eval --hardware spintronic</c> allocated 0.99 GB instead of 2.09 GB; dotnet-trace gc-verbose).
/// </summary>
internal sealed class TensorRecycler
{
    /// <summary>Buffers kept per length: enough for the passes that run side by side, bounded so memory stays bounded.</summary>
    private const int KeptPerLength = 32;

    private readonly ConcurrentDictionary<int, ConcurrentQueue<float[]>> _free = new();

    /// <summary>A tensor of the given shape; its values are unspecified (every caller overwrites all of them).</summary>
    public Tensor Take(int n, int c, int h, int w)
    {
        int length = checked(n * c * h * w);
        return _free.TryGetValue(length, out var queue) && queue.TryDequeue(out var data)
            ? new Tensor(data, n, c, h, w)
            : new Tensor(n, c, h, w);
    }

    /// <summary>Hands back a tensor no one reads any more; handing back one that is already free is a bug and throws.</summary>
    public void Return(Tensor tensor)
    {
        var queue = _free.GetOrAdd(tensor.Data.Length, _ => new ConcurrentQueue<float[]>());
        if (queue.Contains(tensor.Data))
        {
            // Two owners of one buffer (a view of a recycled tensor): the next two takers would share it.
            throw new InvalidOperationException($"a {tensor.Shape} activation buffer was handed back twice.");
        }

        if (queue.Count < KeptPerLength)
        {
            queue.Enqueue(tensor.Data);
        }
    }
}
