using AnalogLA.IO;

namespace AnalogLA.Cli.Commands;

/// <summary>Data sets by name for the bnn commands.</summary>
public static class BnnData
{
    /// <summary>fashion-mnist | cifar10 | mnist (train or test part).</summary>
    public static ImageDataset Load(string name, bool train)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToLowerInvariant() switch
        {
            "fashion-mnist" => DataLocator.FashionMnist(train),
            "cifar10" => train ? DataLocator.Cifar10().Train : DataLocator.Cifar10().Test,
            "mnist" => DataLocator.MnistDigits(),
            _ => throw new ArgumentException($"--dataset must be fashion-mnist or cifar10 (and --ood mnist or fashion-mnist), got '{name}'."),
        };
    }
}
