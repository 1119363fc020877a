using AnalogLA.Bayesian;

namespace AnalogLA.Tests.Bayesian;

/// <summary>The activation recycler's contract: a handed-back buffer is taken again at its exact length, a bounded number are kept, a double hand-back throws.</summary>
public class TensorRecyclerTests
{
    [Test]
    public void AHandedBackBufferIsTakenAgainForAnyShapeOfItsLength()
    {
        var recycler = new TensorRecycler();
        var first = recycler.Take(2, 3, 4, 5);
        Assert.That(first.Data, Has.Length.EqualTo(120));
        recycler.Return(first);
        var again = recycler.Take(4, 3, 5, 2);
        Assert.That(again.Data, Is.SameAs(first.Data));
        Assert.That((again.N, again.C, again.H, again.W), Is.EqualTo((4, 3, 5, 2)));
        Assert.That(recycler.Take(4, 3, 5, 2).Data, Is.Not.SameAs(first.Data), "taken buffers leave the recycler");
        Assert.That(recycler.Take(1, 1, 1, 120).Data, Is.Not.SameAs(first.Data));
    }

    [Test]
    public void AtMostThirtyTwoBuffersOfALengthAreKept()
    {
        var recycler = new TensorRecycler();
        var handed = Enumerable.Range(0, 40).Select(_ => new AnalogLA.Numerics.Tensor(1, 1, 2, 3)).ToList();
        handed.ForEach(recycler.Return);
        var taken = Enumerable.Range(0, 40).Select(_ => recycler.Take(1, 1, 2, 3).Data).ToList();
        Assert.That(taken.Take(32), Is.EqualTo(handed.Take(32).Select(t => t.Data)).AsCollection, "the first 32, in order");
        Assert.That(taken.Skip(32).Intersect(handed.Select(t => t.Data)), Is.Empty, "the rest are fresh");
    }

    [Test]
    public void HandingBackABufferTwiceThrows()
    {
        var recycler = new TensorRecycler();
        var t = recycler.Take(1, 2, 3, 3);
        recycler.Return(t);
        Assert.That(() => recycler.Return(t), Throws.InvalidOperationException.With.Message.Contains("handed back twice"));
        Assert.That(() => recycler.Take(46341, 46341, 1, 1), Throws.TypeOf<OverflowException>());
    }
}
