namespace AnalogLA.Tests;

/// <summary>A fixture base that gives every test a fresh, empty folder under the system temp folder and removes it afterwards.</summary>
public abstract class TempFolderFixture
{
    /// <summary>The test's folder.</summary>
    protected string Folder { get; private set; } = "";

    [SetUp]
    public void CreateFolder()
    {
        Folder = Path.Combine(Path.GetTempPath(), $"analogla-{GetType().Name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Folder);
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(Folder, recursive: true);
}
