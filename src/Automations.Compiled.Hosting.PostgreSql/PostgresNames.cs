using System;

namespace Automations.Compiled.Hosting.PostgreSql
{
    /// <summary>The journal's schema name: checked before it goes into any SQL, and quoted where it does.</summary>
    internal static class PostgresNames
    {
        /// <summary>PostgreSQL's longest identifier (NAMEDATALEN - 1), in bytes; an ASCII name has as many characters.</summary>
        public const int MaxLength = 63;

        /// <summary>
        /// <paramref name="schema"/> when it is a name the journal can use: ASCII letters, digits and underscores, at most
        /// 63 of them. It is spliced into DDL and the search path (no parameter can stand there), so nothing else is let in.
        /// </summary>
        public static string Schema(string? schema)
        {
            if (string.IsNullOrEmpty(schema) || schema.Length > MaxLength)
            {
                throw new ArgumentException($"The journal's schema name must have 1 to {MaxLength} characters.", nameof(schema));
            }

            foreach (var c in schema)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '_')
                {
                    throw new ArgumentException($"The journal's schema name '{schema}' may hold only ASCII letters, digits and underscores.", nameof(schema));
                }
            }

            if (schema.StartsWith("pg_", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"'{schema}' is not a schema name the journal can use: names starting with pg_ are PostgreSQL's own.", nameof(schema));
            }

            return schema;
        }

        /// <summary>The quoted identifier of a checked name (quoted, so a name with capitals keeps them).</summary>
        public static string Quote(string name) => "\"" + name + "\"";
    }
}
