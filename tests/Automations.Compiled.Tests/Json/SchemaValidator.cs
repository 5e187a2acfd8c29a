using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Automations.Compiled.Tests.Json
{
    /// <summary>
    /// A JSON Schema (draft 2020-12) validator for the subset of keywords flow.schema.json uses, and no more.
    /// A schema holding any other keyword, or a <c>$ref</c> that does not resolve, is rejected when the validator
    /// is built: the schema cannot grow a keyword the tests would silently ignore.
    /// </summary>
    internal sealed class SchemaValidator
    {
        /// <summary>Keywords that only annotate: accepted, never checked.</summary>
        private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal)
        {
            "$schema", "$id", "$defs", "title", "description", "default", "patternErrorMessage",
        };

        /// <summary>Keywords that assert or apply subschemas, each evaluated below.</summary>
        private static readonly HashSet<string> Assertions = new(StringComparer.Ordinal)
        {
            "type", "properties", "required", "additionalProperties", "propertyNames", "enum", "const", "pattern",
            "minLength", "minimum", "maximum", "items", "minItems", "allOf", "anyOf", "oneOf", "if", "then", "else", "$ref",
        };

        private readonly JsonElement _root;
        private readonly Dictionary<string, Regex> _patterns = new(StringComparer.Ordinal);

        /// <summary>Builds a validator, checking that the schema uses only supported keywords and every <c>$ref</c> resolves.</summary>
        /// <exception cref="NotSupportedException">The schema uses a keyword, a keyword form or a <c>$ref</c> this validator does not support.</exception>
        public SchemaValidator(JsonElement schema)
        {
            _root = schema.Clone();
            CheckSchema(_root, "");
        }

        /// <summary>All keywords this validator knows, annotations included.</summary>
        public static IReadOnlyCollection<string> SupportedKeywords
        {
            get
            {
                var all = new SortedSet<string>(Annotations, StringComparer.Ordinal);
                all.UnionWith(Assertions);
                return all;
            }
        }

        /// <summary>Validates an instance; returns every error found, each with the JSON pointer of the offending value.</summary>
        public IReadOnlyList<SchemaError> Validate(JsonElement instance)
        {
            var errors = new List<SchemaError>();
            Evaluate(_root, instance, "", errors);
            return errors;
        }

        private void CheckSchema(JsonElement schema, string at)
        {
            if (schema.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                return;
            }
            if (schema.ValueKind != JsonValueKind.Object)
            {
                throw new NotSupportedException($"Schema at '{at}' is a {schema.ValueKind}, not an object or a boolean.");
            }
            foreach (var keyword in schema.EnumerateObject())
            {
                var here = at + "/" + Escape(keyword.Name);
                var value = keyword.Value;
                switch (keyword.Name)
                {
                    case "$defs":
                    case "properties":
                        foreach (var member in RequireKind(value, JsonValueKind.Object, here).EnumerateObject())
                        {
                            CheckSchema(member.Value, here + "/" + Escape(member.Name));
                        }
                        break;
                    case "additionalProperties":
                    case "propertyNames":
                    case "items":
                    case "if":
                    case "then":
                    case "else":
                        if (keyword.Name == "items" && value.ValueKind == JsonValueKind.Array)
                        {
                            throw new NotSupportedException($"'{here}': the array form of items is not draft 2020-12 (use prefixItems, which this validator does not support).");
                        }
                        CheckSchema(value, here);
                        break;
                    case "allOf":
                    case "anyOf":
                    case "oneOf":
                        var index = 0;
                        foreach (var item in RequireKind(value, JsonValueKind.Array, here).EnumerateArray())
                        {
                            CheckSchema(item, here + "/" + index.ToString(CultureInfo.InvariantCulture));
                            index++;
                        }
                        break;
                    case "$ref":
                        Resolve(RequireKind(value, JsonValueKind.String, here).GetString()!);
                        break;
                    case "type":
                        foreach (var name in TypeNames(value, here))
                        {
                            if (name is not ("object" or "array" or "string" or "number" or "integer" or "boolean" or "null"))
                            {
                                throw new NotSupportedException($"'{here}': unknown type '{name}'.");
                            }
                        }
                        break;
                    case "required":
                    case "enum":
                        RequireKind(value, JsonValueKind.Array, here);
                        break;
                    case "pattern":
                        Pattern(RequireKind(value, JsonValueKind.String, here).GetString()!);
                        break;
                    case "minLength":
                    case "minItems":
                    case "minimum":
                    case "maximum":
                        RequireKind(value, JsonValueKind.Number, here);
                        break;
                    default:
                        if (!Annotations.Contains(keyword.Name) && !Assertions.Contains(keyword.Name))
                        {
                            throw new NotSupportedException($"Schema keyword '{keyword.Name}' at '{at}' is not supported by this validator.");
                        }
                        break;
                }
            }
        }

        private void Evaluate(JsonElement schema, JsonElement instance, string pointer, List<SchemaError> errors)
        {
            if (schema.ValueKind == JsonValueKind.True)
            {
                return;
            }
            if (schema.ValueKind == JsonValueKind.False)
            {
                errors.Add(new SchemaError(pointer, "no value is allowed here"));
                return;
            }
            foreach (var keyword in schema.EnumerateObject())
            {
                var value = keyword.Value;
                switch (keyword.Name)
                {
                    case "type":
                        var names = TypeNames(value, "");
                        if (!names.Exists(name => HasType(instance, name)))
                        {
                            errors.Add(new SchemaError(pointer, $"expected {string.Join(" or ", names)}, found {Describe(instance)}"));
                        }
                        break;
                    case "properties":
                        if (instance.ValueKind == JsonValueKind.Object)
                        {
                            foreach (var member in instance.EnumerateObject())
                            {
                                if (value.TryGetProperty(member.Name, out var propertySchema))
                                {
                                    Evaluate(propertySchema, member.Value, pointer + "/" + Escape(member.Name), errors);
                                }
                            }
                        }
                        break;
                    case "additionalProperties":
                        if (instance.ValueKind == JsonValueKind.Object)
                        {
                            var declared = schema.TryGetProperty("properties", out var properties) ? properties : default;
                            foreach (var member in instance.EnumerateObject())
                            {
                                if (declared.ValueKind == JsonValueKind.Object && declared.TryGetProperty(member.Name, out _))
                                {
                                    continue;
                                }
                                var memberPointer = pointer + "/" + Escape(member.Name);
                                if (value.ValueKind == JsonValueKind.False)
                                {
                                    errors.Add(new SchemaError(memberPointer, $"property '{member.Name}' is not allowed"));
                                }
                                else
                                {
                                    Evaluate(value, member.Value, memberPointer, errors);
                                }
                            }
                        }
                        break;
                    case "propertyNames":
                        if (instance.ValueKind == JsonValueKind.Object)
                        {
                            foreach (var member in instance.EnumerateObject())
                            {
                                var nameErrors = new List<SchemaError>();
                                using var name = JsonDocument.Parse(JsonSerializer.Serialize(member.Name));
                                Evaluate(value, name.RootElement, "", nameErrors);
                                foreach (var error in nameErrors)
                                {
                                    errors.Add(new SchemaError(pointer + "/" + Escape(member.Name), $"property name '{member.Name}' is not allowed here: {error.Message}"));
                                }
                            }
                        }
                        break;
                    case "required":
                        if (instance.ValueKind == JsonValueKind.Object)
                        {
                            foreach (var required in value.EnumerateArray())
                            {
                                if (!instance.TryGetProperty(required.GetString()!, out _))
                                {
                                    errors.Add(new SchemaError(pointer, $"missing required property '{required.GetString()}'"));
                                }
                            }
                        }
                        break;
                    case "enum":
                        var found = false;
                        foreach (var candidate in value.EnumerateArray())
                        {
                            found |= JsonElement.DeepEquals(candidate, instance);
                        }
                        if (!found)
                        {
                            errors.Add(new SchemaError(pointer, $"{instance.GetRawText()} is not one of {value.GetRawText()}"));
                        }
                        break;
                    case "const":
                        if (!JsonElement.DeepEquals(value, instance))
                        {
                            errors.Add(new SchemaError(pointer, $"expected {value.GetRawText()}, found {instance.GetRawText()}"));
                        }
                        break;
                    case "pattern":
                        if (instance.ValueKind == JsonValueKind.String && !Pattern(value.GetString()!).IsMatch(instance.GetString()!))
                        {
                            var message = schema.TryGetProperty("patternErrorMessage", out var help) ? help.GetString() : $"does not match {value.GetString()}";
                            errors.Add(new SchemaError(pointer, $"\"{instance.GetString()}\": {message}"));
                        }
                        break;
                    case "minLength":
                        if (instance.ValueKind == JsonValueKind.String && CodePoints(instance.GetString()!) < value.GetDouble())
                        {
                            errors.Add(new SchemaError(pointer, $"shorter than {value.GetRawText()} character(s)"));
                        }
                        break;
                    case "minimum":
                        if (instance.ValueKind == JsonValueKind.Number && instance.GetDouble() < value.GetDouble())
                        {
                            errors.Add(new SchemaError(pointer, $"{instance.GetRawText()} is less than the minimum {value.GetRawText()}"));
                        }
                        break;
                    case "maximum":
                        if (instance.ValueKind == JsonValueKind.Number && instance.GetDouble() > value.GetDouble())
                        {
                            errors.Add(new SchemaError(pointer, $"{instance.GetRawText()} is more than the maximum {value.GetRawText()}"));
                        }
                        break;
                    case "items":
                        if (instance.ValueKind == JsonValueKind.Array)
                        {
                            var index = 0;
                            foreach (var item in instance.EnumerateArray())
                            {
                                Evaluate(value, item, pointer + "/" + index.ToString(CultureInfo.InvariantCulture), errors);
                                index++;
                            }
                        }
                        break;
                    case "minItems":
                        if (instance.ValueKind == JsonValueKind.Array && instance.GetArrayLength() < value.GetDouble())
                        {
                            errors.Add(new SchemaError(pointer, $"fewer than {value.GetRawText()} item(s)"));
                        }
                        break;
                    case "allOf":
                        foreach (var subschema in value.EnumerateArray())
                        {
                            Evaluate(subschema, instance, pointer, errors);
                        }
                        break;
                    case "anyOf":
                    case "oneOf":
                        EvaluateAlternatives(keyword.Name, value, instance, pointer, errors);
                        break;
                    case "if":
                        var branch = Matches(value, instance) ? "then" : "else";
                        if (schema.TryGetProperty(branch, out var chosen))
                        {
                            Evaluate(chosen, instance, pointer, errors);
                        }
                        break;
                    case "then":
                    case "else":
                        // Applied through "if"; without an "if" they do nothing (2020-12).
                        break;
                    case "$ref":
                        Evaluate(Resolve(value.GetString()!), instance, pointer, errors);
                        break;
                    default:
                        if (!Annotations.Contains(keyword.Name))
                        {
                            throw new NotSupportedException($"Schema keyword '{keyword.Name}' is not supported by this validator.");
                        }
                        break;
                }
            }
        }

        private void EvaluateAlternatives(string keyword, JsonElement alternatives, JsonElement instance, string pointer, List<SchemaError> errors)
        {
            var matched = 0;
            var reasons = new List<string>();
            foreach (var alternative in alternatives.EnumerateArray())
            {
                var alternativeErrors = new List<SchemaError>();
                Evaluate(alternative, instance, pointer, alternativeErrors);
                if (alternativeErrors.Count == 0)
                {
                    matched++;
                }
                else
                {
                    reasons.Add(string.Join("; ", alternativeErrors.ConvertAll(error => error.ToString())));
                }
            }
            if (matched == 0)
            {
                errors.Add(new SchemaError(pointer, $"matches none of the {keyword} alternatives ({string.Join(" | ", reasons)})"));
            }
            else if (keyword == "oneOf" && matched > 1)
            {
                errors.Add(new SchemaError(pointer, $"matches {matched} of the oneOf alternatives, exactly one is allowed"));
            }
        }

        private bool Matches(JsonElement schema, JsonElement instance)
        {
            var errors = new List<SchemaError>();
            Evaluate(schema, instance, "", errors);
            return errors.Count == 0;
        }

        private JsonElement Resolve(string reference)
        {
            const string prefix = "#/$defs/";
            if (!reference.StartsWith(prefix, StringComparison.Ordinal) || reference.IndexOf('/', prefix.Length) >= 0)
            {
                throw new NotSupportedException($"$ref '{reference}': only '#/$defs/<name>' is supported.");
            }
            var name = reference.Substring(prefix.Length).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (_root.TryGetProperty("$defs", out var definitions) && definitions.TryGetProperty(name, out var target))
            {
                return target;
            }
            throw new NotSupportedException($"$ref '{reference}' does not resolve.");
        }

        private Regex Pattern(string pattern)
        {
            if (!_patterns.TryGetValue(pattern, out var regex))
            {
                regex = new Regex(ToDotNetPattern(pattern), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                _patterns.Add(pattern, regex);
            }
            return regex;
        }

        /// <summary>
        /// ECMA-262's <c>$</c> matches only at the end of the input; .NET's also matches before a final newline,
        /// so an unescaped <c>$</c> outside a character class becomes <c>\z</c>.
        /// </summary>
        private static string ToDotNetPattern(string pattern)
        {
            var result = new StringBuilder(pattern.Length + 4);
            var inClass = false;
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = pattern[i];
                if (c == '\\' && i + 1 < pattern.Length)
                {
                    result.Append(c).Append(pattern[++i]);
                    continue;
                }
                if (c == '[')
                {
                    inClass = true;
                }
                else if (c == ']')
                {
                    inClass = false;
                }
                else if (c == '$' && !inClass)
                {
                    result.Append("\\z");
                    continue;
                }
                result.Append(c);
            }
            return result.ToString();
        }

        private static List<string> TypeNames(JsonElement value, string at)
        {
            var names = new List<string>();
            if (value.ValueKind == JsonValueKind.String)
            {
                names.Add(value.GetString()!);
            }
            else
            {
                foreach (var name in RequireKind(value, JsonValueKind.Array, at).EnumerateArray())
                {
                    names.Add(RequireKind(name, JsonValueKind.String, at).GetString()!);
                }
            }
            return names;
        }

        private static bool HasType(JsonElement instance, string type) => type switch
        {
            "object" => instance.ValueKind == JsonValueKind.Object,
            "array" => instance.ValueKind == JsonValueKind.Array,
            "string" => instance.ValueKind == JsonValueKind.String,
            "number" => instance.ValueKind == JsonValueKind.Number,
            "integer" => instance.ValueKind == JsonValueKind.Number && IsInteger(instance),
            "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "null" => instance.ValueKind == JsonValueKind.Null,
            _ => throw new NotSupportedException($"Unknown type '{type}'."),
        };

        /// <summary>2020-12 counts 1.0 as an integer: any number with no fractional part.</summary>
        private static bool IsInteger(JsonElement number)
        {
            if (number.TryGetInt64(out _))
            {
                return true;
            }
            if (number.TryGetDecimal(out var exact))
            {
                return decimal.Truncate(exact) == exact;
            }
            var approximate = number.GetDouble();
            return !double.IsInfinity(approximate) && Math.Floor(approximate) == approximate;
        }

        private static string Describe(JsonElement instance) => instance.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => $"the string \"{instance.GetString()}\"",
            JsonValueKind.Number => $"the number {instance.GetRawText()}",
            JsonValueKind.True or JsonValueKind.False => $"the boolean {instance.GetRawText()}",
            _ => "null",
        };

        /// <summary>JSON Schema measures strings in Unicode code points, not UTF-16 units.</summary>
        private static int CodePoints(string text)
        {
            var count = 0;
            foreach (var c in text)
            {
                if (!char.IsLowSurrogate(c))
                {
                    count++;
                }
            }
            return count;
        }

        private static JsonElement RequireKind(JsonElement value, JsonValueKind kind, string at)
        {
            if (value.ValueKind != kind)
            {
                throw new NotSupportedException($"Schema value at '{at}' is a {value.ValueKind}; expected a {kind}.");
            }
            return value;
        }

        /// <summary>Escapes a name as one JSON pointer segment (RFC 6901).</summary>
        public static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

        /// <summary>One validation error: where (a JSON pointer into the instance) and what.</summary>
        internal sealed record SchemaError(string Pointer, string Message)
        {
            /// <inheritdoc/>
            public override string ToString() => $"{(Pointer.Length == 0 ? "(root)" : Pointer)}: {Message}";
        }
    }
}
