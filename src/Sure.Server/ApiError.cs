using Microsoft.AspNetCore.Http;

namespace Sure.Server;

/// <summary>A request the server refuses: its status, and a one-line detail naming the field when there is one. Sent
/// as an <c>application/problem+json</c> body.</summary>
internal sealed class ApiError(int status, string detail, string? field = null) : Exception(detail)
{
    public int Status { get; } = status;
    public string? Field { get; } = field;

    public static ApiError Invalid(string field, string problem) => new(StatusCodes.Status400BadRequest, $"{field}: {problem}", field);
}
