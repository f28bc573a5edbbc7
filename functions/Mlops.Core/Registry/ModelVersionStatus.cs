namespace Mlops.Core.Registry;

/// <summary>The lifecycle of a model version (MLflow's statuses).</summary>
public enum ModelVersionStatus
{
    /// <summary>The number is reserved; the artifact is being written.</summary>
    PendingRegistration,

    /// <summary>Registered and servable.</summary>
    Ready,

    /// <summary>Registration failed; the version is never served.</summary>
    FailedRegistration,
}
