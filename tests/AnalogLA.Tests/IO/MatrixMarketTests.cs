using AnalogLA.Numerics;
using AnalogLA.IO;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Tests.IO;

public class MatrixMarketTests
{
    private static Matrix<double> Parse(string text) => MatrixMarket.Read(new StringReader(text), "test.mtx");

    [Test]
    public void SparseAndDenseMatricesRoundTripExactly()
    {
        var sparse = AnalogLA.Solvers.TestProblems.ConvectionDiffusion2D(5);
        sparse[3, 7] = 1.0 / 3.0;
        var writer = new StringWriter();
        MatrixMarket.Write(writer, sparse);
        Assert.That(Parse(writer.ToString()).Equals(sparse), Is.True);

        var dense = Matrix<double>.Build.DenseOfArray(new[,] { { 1.5, -2e-300 }, { Math.PI, 0 } });
        writer = new StringWriter();
        MatrixMarket.Write(writer, dense);
        Assert.That(Parse(writer.ToString()).Equals(dense), Is.True);
    }

    [Test]
    public void SymmetryAndFieldVariantsExpandCorrectly()
    {
        var symmetric = Parse("%%MatrixMarket matrix coordinate real symmetric\n% comment\n3 3 3\n1 1 2\n2 1 -1\n3 3 4\n");
        Assert.That(symmetric[0, 1], Is.EqualTo(-1));
        Assert.That(symmetric[1, 0], Is.EqualTo(-1));
        var skew = Parse("%%MatrixMarket matrix coordinate integer skew-symmetric\n2 2 1\n2 1 5\n");
        Assert.That(skew[0, 1], Is.EqualTo(-5));
        Assert.That(skew[1, 0], Is.EqualTo(5));
        var pattern = Parse("%%MatrixMarket matrix coordinate pattern general\n2 3 2\n1 3\n2 2\n");
        Assert.That(pattern[0, 2], Is.EqualTo(1));
        Assert.That(pattern.ColumnCount, Is.EqualTo(3));
        var array = Parse("%%MatrixMarket matrix array real symmetric\n2 2\n1\n2\n3\n");
        Assert.That(array.ToArray(), Is.EqualTo(new double[,] { { 1, 2 }, { 2, 3 } }));
    }

    [TestCase("not a header\n", "line 1")]
    [TestCase("%%MatrixMarket matrix coordinate complex general\n1 1 1\n1 1 1 0\n", "complex")]
    [TestCase("%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1.0\n3 1 2.0\n", "line 4")]
    [TestCase("%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 abc\n", "line 3")]
    [TestCase("%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1\n2 2 1\n", "ends after 2")]
    [TestCase("%%MatrixMarket matrix coordinate real general\n2 x 3\n", "line 2")]
    public void MalformedFilesNameTheLine(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => Parse(text));
        Assert.That(ex!.Message, Does.Contain("test.mtx").And.Contain(expected));
    }

    [Test]
    public void RealSuiteSparseMatrixMatchesItsPublishedSize()
    {
        string? root = Environment.GetEnvironmentVariable("ANALOGLA_DATA");
        string path = root is null ? string.Empty : Path.Combine(root, "matrices", "nos4.mtx");
        if (!File.Exists(path))
        {
            Assert.Ignore("nos4.mtx not found: set ANALOGLA_DATA to the shared data folder (matrices/nos4.mtx) to run this test.");
        }

        var a = MatrixMarket.Read(path);
        Assert.That(a.RowCount, Is.EqualTo(100));
        Assert.That(a.EnumerateIndexed(MathNet.Numerics.LinearAlgebra.Zeros.AllowSkip).Count(e => e.Item3 != 0), Is.EqualTo(594)); // SuiteSparse: nnz 594
        Assert.That(a.Equals(a.Transpose()), Is.True);
    }
}
