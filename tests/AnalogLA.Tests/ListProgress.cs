namespace AnalogLA.Tests;

/// <summary>
/// Collects progress reports on the reporting thread, in order (<see cref="Progress{T}"/> posts them to a
/// synchronisation context, so a test reading them right after the call could miss some).
/// </summary>
internal sealed class ListProgress<T> : IProgress<T>
{
    public List<T> Reports { get; } = [];

    public void Report(T value) => Reports.Add(value);
}
