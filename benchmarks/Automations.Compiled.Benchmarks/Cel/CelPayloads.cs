using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Automations.Compiled.Benchmarks.Cel
{
    /// <summary>
    /// The payloads <see cref="CelConditionBenchmarks"/> gives the trigger conditions: event payloads as the host passes
    /// them (a <see cref="JsonElement"/>, as <c>RaiseEventAsync</c>, the webhook endpoint and the record events' condition
    /// view do), and the same data as dictionaries and lists (what a host that kept C# collections would pass).
    /// </summary>
    public static class CelPayloads
    {
        /// <summary>An <c>order.paid</c> payload that satisfies <see cref="OrderPaidFlow"/>'s condition: eight properties, a customer, five lines.</summary>
        public const string Paid = """
            {
              "orderId": "A-1042", "amount": 1500, "currency": "EUR", "country": "FR", "status": "paid",
              "customer": { "id": "C-77", "name": "Ada Lovelace", "email": "ada@example.com", "tier": "gold" },
              "items": [
                { "sku": "SKU-0001", "quantity": 2, "price": 250 },
                { "sku": "SKU-0002", "quantity": 1, "price": 500 },
                { "sku": "SKU-0003", "quantity": 3, "price": 100 },
                { "sku": "SKU-0004", "quantity": 1, "price": 200 },
                { "sku": "GIFT-0005", "quantity": 1, "price": 0 }
              ],
              "createdAt": "2025-03-03T12:00:00Z"
            }
            """;

        /// <summary>Payloads that fail <see cref="OrderPaidFlow"/>'s condition, one clause each.</summary>
        public static readonly string[] NotPaid =
        {
            Paid.Replace("\"amount\": 1500", "\"amount\": 1000", StringComparison.Ordinal),
            Paid.Replace("\"country\": \"FR\"", "\"country\": \"US\"", StringComparison.Ordinal),
            Paid.Replace("ada@example.com", "ada@example.org", StringComparison.Ordinal),
        };

        /// <summary>Payloads that fail <see cref="OrderPlacedFlow"/>'s condition: a line without a quantity, no gift.</summary>
        public static readonly string[] NotPlaced =
        {
            Paid.Replace("\"sku\": \"SKU-0003\", \"quantity\": 3", "\"sku\": \"SKU-0003\", \"quantity\": 0", StringComparison.Ordinal),
            Paid.Replace("GIFT-0005", "SKU-0005", StringComparison.Ordinal),
        };

        /// <summary>The trigger the host builds for an event: the payload as a detached <see cref="JsonElement"/>.</summary>
        public static FlowTrigger Event(string name, string json) => new()
        {
            Kind = "event",
            EventName = name,
            Payload = Json(json),
        };

        /// <summary>The same trigger with the payload as <c>Dictionary&lt;string, object?&gt;</c>, <c>List&lt;object?&gt;</c>, <c>long</c> and <c>string</c>.</summary>
        public static FlowTrigger EventWithDictionary(string name, string json) => new()
        {
            Kind = "event",
            EventName = name,
            Payload = ToClr(Json(json)),
        };

        private static JsonElement Json(string json)
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }

        private static object? ToClr(JsonElement json)
        {
            switch (json.ValueKind)
            {
                case JsonValueKind.Object:
                    var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (var property in json.EnumerateObject())
                    {
                        map[property.Name] = ToClr(property.Value);
                    }

                    return map;
                case JsonValueKind.Array:
                    var list = new List<object?>();
                    foreach (var item in json.EnumerateArray())
                    {
                        list.Add(ToClr(item));
                    }

                    return list;
                case JsonValueKind.String:
                    return json.GetString();
                case JsonValueKind.Number:
                    return json.TryGetInt64(out var l) ? l : json.GetDouble();
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    return null;
            }
        }
    }

    /// <summary>
    /// The trigger conditions of <see cref="OrderPaidFlow"/> and <see cref="OrderPlacedFlow"/> written by hand over the
    /// same <see cref="JsonElement"/> payload, the way an application would read it (GetProperty, GetInt64, GetString).
    /// </summary>
    public static class HandWrittenConditions
    {
        /// <summary><c>trigger.payload.amount &gt; 1000 &amp;&amp; trigger.payload.country in ['DE', 'FR', 'IT'] &amp;&amp; trigger.payload.customer.email.endsWith('@example.com')</c>.</summary>
        public static bool OrderPaid(FlowTrigger trigger)
        {
            var payload = (JsonElement)trigger.Payload!;
            return payload.GetProperty("amount").GetInt64() > 1000
                   && payload.GetProperty("country").GetString() is "DE" or "FR" or "IT"
                   && payload.GetProperty("customer").GetProperty("email").GetString()!.EndsWith("@example.com", StringComparison.Ordinal);
        }

        /// <summary><c>trigger.payload.items.all(i, i.quantity &gt; 0) &amp;&amp; trigger.payload.items.exists(i, i.sku.startsWith('GIFT-'))</c>.</summary>
        public static bool OrderPlaced(FlowTrigger trigger)
        {
            var items = ((JsonElement)trigger.Payload!).GetProperty("items");
            foreach (var item in items.EnumerateArray())
            {
                if (item.GetProperty("quantity").GetInt64() <= 0)
                {
                    return false;
                }
            }

            foreach (var item in items.EnumerateArray())
            {
                if (item.GetProperty("sku").GetString()!.StartsWith("GIFT-", StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
