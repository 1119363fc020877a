namespace AnalogLA.Bayesian;

/// <summary>
/// Training stopped because the loss or the KL term became non-finite (NaN or ±∞), typically from a learning rate
/// or KL weight far too large; the network's parameters are then meaningless and no checkpoint should be written.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception with its message.</summary>
    public TrainingDivergedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public TrainingDivergedException()
        : base("training diverged: the loss became non-finite.")
    {
    }
}
