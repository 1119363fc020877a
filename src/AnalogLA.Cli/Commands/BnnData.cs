using AnalogLA.IO;

namespace AnalogLA.Cli.Commands;

/// <summary>Data sets by name for the bnn commands.</summary>
public static class BnnData
{
    /// <summary>fashion-mnist | cifar10 | mnist | tinyimagenet (train or test part; the last two have one part).</summary>
    public static ImageDataset Load(string name, bool train)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToLowerInvariant() switch
        {
            "fashion-mnist" => DataLocator.FashionMnist(train),
            "cifar10" => train ? DataLocator.Cifar10().Train : DataLocator.Cifar10().Test,
            "mnist" => DataLocator.MnistDigits(),
            "tinyimagenet" => DataLocator.TinyImageNetResize(),
            _ => throw new ArgumentException($"--dataset must be fashion-mnist or cifar10 (and --ood mnist, fashion-mnist or tinyimagenet), got '{name}'."),
        };
    }
}
