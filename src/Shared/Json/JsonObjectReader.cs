using System;
using System.Collections.Generic;
using Automations.Compiled.Model;
using Automations.Compiled.Text;
using Automations.Compiled.Validation;

namespace Automations.Compiled.Json
{
    /// <summary>
    /// What every JSON front end (flows, lifecycle templates) does with a property: check an object's property names,
    /// read a string, and report a missing, mistyped or invalid value at its span with the catalog's JSON rules.
    /// </summary>
    internal abstract class JsonObjectReader
    {
        private protected readonly JsonText _text;
        private protected readonly List<FlowDiagnostic> _diagnostics;

        private protected JsonObjectReader(JsonText text, List<FlowDiagnostic> diagnostics)
        {
            _text = text;
            _diagnostics = diagnostics;
        }

        /// <summary>A property written twice, or not one of <paramref name="allowed"/> (with the closest name, if any).</summary>
        internal void CheckProperties(JsonObject node, string owner, string[] allowed)
        {
            CheckDuplicates(node);
            foreach (var property in node.Properties)
            {
                if (Array.IndexOf(allowed, property.Name) < 0)
                {
                    // An endpoint written next to the step's own properties is a common slip: say where it goes.
                    var hint = Array.IndexOf(allowed, "endpoints") >= 0 && IsEndpointName(property.Name)
                        ? $"; endpoints go under \"endpoints\": {{\"{property.Name}\": [...]}}"
                        : Suggestions.DidYouMean(property.Name, allowed);
                    _diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.JsonUnknownProperty, _text.Span(property.NameSpan), owner, property.Name, hint));
                }
            }
        }

        private protected void CheckDuplicates(JsonObject node)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in node.Properties)
            {
                if (!seen.Add(property.Name))
                {
                    _diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.JsonDuplicateProperty, _text.Span(property.NameSpan), property.Name));
                }
            }
        }

        /// <summary>A string property; null (reported when <paramref name="required"/>, with <paramref name="hint"/>) when missing or not a string.</summary>
        private protected JsonString? String(JsonObject owner, string name, string ownerName, bool required = false, string hint = "")
        {
            var value = owner.Find(name)?.Value;
            if (value is null)
            {
                if (required)
                {
                    Missing(owner.Span.Start, Naming.Capitalize(ownerName), name, hint);
                }

                return null;
            }

            if (value is JsonString text)
            {
                return text;
            }

            WrongType(value, name, "a string");
            return null;
        }

        private protected void Missing(int at, string owner, string name, string hint)
            => _diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.JsonMissingProperty, _text.Span(at, at + 1), owner, name, hint));

        private protected void WrongType(JsonNode node, string name, string expected)
            => _diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.JsonWrongType, _text.Span(node.Span), name, expected, Describe(node)));

        private protected void Invalid(JsonString node, string name, string why)
            => _diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.JsonInvalidValue, _text.Span(node.Span), name, why));

        internal static string Describe(JsonNode node) => node switch
        {
            JsonObject => "an object",
            JsonArray => "an array",
            JsonString => "a string",
            JsonNumber => "a number",
            JsonBool => "a boolean",
            _ => "null",
        };

        private static bool IsEndpointName(string name)
            => name is EndpointNames.Next or EndpointNames.Success or EndpointNames.Error or EndpointNames.Then or EndpointNames.Else
                or EndpointNames.Approved or EndpointNames.Rejected or EndpointNames.Timeout or EndpointNames.Each or EndpointNames.Done
                or EndpointNames.Branches or EndpointNames.Elapsed or EndpointNames.Event;
    }
}
