using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>
    /// How the API answers: JSON with its own options (camelCase, enums as camelCase strings, whatever the app's JSON options
    /// say), and RFC 9457 problem details whose <c>detail</c> says what to do.
    /// </summary>
    internal static class ApiResults
    {
        public static readonly JsonSerializerOptions Json = CreateJson();

        private static JsonSerializerOptions CreateJson()
        {
            var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
            options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            options.MakeReadOnly(populateMissingResolver: true);
            return options;
        }

        public static IResult Ok<T>(T value, int status = StatusCodes.Status200OK) => TypedResults.Json(value, Json, statusCode: status);

        /// <summary>A problem: <paramref name="detail"/> says what happened and what to do.</summary>
        public static ProblemHttpResult Problem(int status, string detail, IDictionary<string, string[]>? errors = null, IDictionary<string, object?>? extensions = null)
        {
            var problem = errors is null ? new ProblemDetails() : new HttpValidationProblemDetails(errors);
            problem.Status = status;
            problem.Title = Title(status);
            problem.Detail = detail;
            if (extensions is not null)
            {
                foreach (var (key, value) in extensions)
                {
                    problem.Extensions[key] = value;
                }
            }

            return TypedResults.Problem(problem);
        }

        public static ProblemHttpResult BadRequest(string detail, string? field = null)
            => Problem(StatusCodes.Status400BadRequest, detail, field is null ? null : new Dictionary<string, string[]> { [field] = new[] { detail } });

        public static ProblemHttpResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, detail);

        public static ProblemHttpResult Conflict(string detail, IDictionary<string, object?>? extensions = null) => Problem(StatusCodes.Status409Conflict, detail, extensions: extensions);

        public static ProblemHttpResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, detail);

        public static string Title(int status) => status switch
        {
            400 => "The request cannot be read",
            401 => "Sign in first",
            403 => "Not allowed",
            404 => "Not found",
            409 => "Not in a state that allows it",
            422 => "The inputs do not validate",
            501 => "Not available",
            _ => "The request failed",
        };

        /// <summary>An enum value as the API writes it: camelCase (<c>failed</c>, <c>waiting</c>).</summary>
        public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

        /// <summary>A run id as the API writes it: 32 hex digits.</summary>
        public static string Id(Guid id) => id.ToString("N", CultureInfo.InvariantCulture);
    }
}
