using System.Net;
using AutoInstaller.SageMaker;

namespace AutoInstaller.InMemoryTests.Fakes;

/// <summary>SageMaker's error answers as the client turns them into exceptions: which are transient is the exception's own rule.</summary>
internal static class SageMakerErrors
{
    /// <summary>A 400 ThrottlingException: transient.</summary>
    public static SageMakerException Throttling(string operation) =>
        new(operation, HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded");

    /// <summary>A 500 InternalFailure: transient.</summary>
    public static SageMakerException ServerError(string operation) =>
        new(operation, HttpStatusCode.InternalServerError, "InternalFailure", "We encountered an internal error. Please try again.");

    /// <summary>A 400 ValidationException: permanent.</summary>
    public static SageMakerException Validation(string operation, string message) =>
        new(operation, HttpStatusCode.BadRequest, "ValidationException", message);

    /// <summary>A 400 ResourceNotFound: permanent.</summary>
    public static SageMakerException NotFound(string operation, string what) =>
        new(operation, HttpStatusCode.BadRequest, "ResourceNotFound", $"{what} does not exist");
}
