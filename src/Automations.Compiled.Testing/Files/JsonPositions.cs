using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace Automations.Compiled.Testing.Files
{
    /// <summary>
    /// Where each value of a JSON text starts (line and column, from 1), by its path (<c>$.scenarios[0].expect</c>), so
    /// a scenario file's mistakes point at the text. A property's path stands for its value; <c>path#name</c> for its name.
    /// </summary>
    internal sealed class JsonPositions
    {
        private readonly Dictionary<string, (int Line, int Column)> _positions = new(StringComparer.Ordinal);

        private JsonPositions()
        {
        }

        /// <summary>The position of the value at <paramref name="path"/>, or of the nearest enclosing value there is.</summary>
        public (int Line, int Column) Of(string path)
        {
            while (true)
            {
                if (_positions.TryGetValue(path, out var position))
                {
                    return position;
                }

                var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
                if (cut <= 0)
                {
                    return (1, 1);
                }

                path = path[..cut];
            }
        }

        /// <summary>Reads the positions of a text that <see cref="JsonDocument"/> accepted (comments and trailing commas allowed).</summary>
        public static JsonPositions Read(byte[] utf8)
        {
            var positions = new JsonPositions();
            var lines = LineStarts(utf8);
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var path = new List<string>();
            var indexes = new Stack<int>(); // per open array, the next item's index; -1 for an object
            string? property = null;
            while (reader.Read())
            {
                var at = Position(lines, utf8, (int)reader.TokenStartIndex);
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString();
                        positions._positions.TryAdd(Join(path) + "." + property + "#name", at);
                        continue;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        indexes.Pop();
                        if (path.Count > 0)
                        {
                            path.RemoveAt(path.Count - 1);
                        }

                        continue;
                }

                // A value: name it by its property or its index in the array around it.
                string segment;
                if (indexes.Count == 0)
                {
                    segment = "$";
                }
                else if (indexes.Peek() >= 0)
                {
                    var index = indexes.Pop();
                    indexes.Push(index + 1);
                    segment = "[" + index + "]";
                }
                else
                {
                    segment = "." + property;
                }

                var own = Join(path) + segment;
                positions._positions.TryAdd(own, at);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    path.Add(segment);
                    indexes.Push(reader.TokenType == JsonTokenType.StartArray ? 0 : -1);
                }
            }

            return positions;
        }

        private static string Join(List<string> path) => string.Concat(path);

        private static List<int> LineStarts(byte[] utf8)
        {
            var starts = new List<int> { 0 };
            for (var i = 0; i < utf8.Length; i++)
            {
                if (utf8[i] == (byte)'\n')
                {
                    starts.Add(i + 1);
                }
            }

            return starts;
        }

        private static (int Line, int Column) Position(List<int> lines, byte[] utf8, int offset)
        {
            var line = lines.BinarySearch(offset);
            line = line >= 0 ? line : ~line - 1;
            var column = Encoding.UTF8.GetCharCount(utf8, lines[line], offset - lines[line]) + 1;
            return (line + 1, column);
        }
    }
}
