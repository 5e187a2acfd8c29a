using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Text;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// What every journal's <c>ListEntitiesAsync</c> shares: its checks, its continuation token (the last entity id of the
    /// page before, in base64url behind a marker, so that a caller treats it as opaque) and the page built from rows read
    /// in entity id order, one past the limit.
    /// </summary>
    internal sealed class EntityPaging
    {
        /// <summary>The most entities a page may hold.</summary>
        public const int MaxLimit = 1000;

        private const string Marker = "e1.";

        private readonly List<EntityState> _entities = new();
        private readonly int _limit;
        private bool _more;

        private EntityPaging(int limit) => _limit = limit;

        /// <summary>Rows to ask the store for: the limit and one more, which says whether another page follows.</summary>
        public int Fetch => _limit + 1;

        /// <summary>Checks the arguments and starts a page; <paramref name="after"/> is the entity id the page starts after, or null.</summary>
        public static EntityPaging Start(string template, int limit, string? continuationToken, out string? after)
        {
            ArgumentException.ThrowIfNullOrEmpty(template);
            ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
            after = continuationToken is null ? null : Read(continuationToken);
            return new EntityPaging(limit);
        }

        /// <summary>True while the page has room for the row just read; false once it is full (and another page follows).</summary>
        public bool Accepts()
        {
            if (_entities.Count < _limit)
            {
                return true;
            }

            _more = true;
            return false;
        }

        /// <summary>Adds the entity of the row just read (after <see cref="Accepts"/>).</summary>
        public void Add(EntityState entity) => _entities.Add(entity);

        /// <summary>The page, with a continuation token when another follows.</summary>
        public EntityPage Page()
            => new(_entities, _more ? Marker + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(_entities[^1].EntityId)) : null);

        private static string Read(string token)
        {
            if (token.StartsWith(Marker, StringComparison.Ordinal))
            {
                try
                {
                    var id = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.AsSpan(Marker.Length)));
                    if (id.Length > 0)
                    {
                        return id;
                    }
                }
                catch (FormatException)
                {
                    // Reported below, as any other token that is not ours.
                }
            }

            throw new ArgumentException($"'{token}' is not a continuation token of ListEntitiesAsync.", "continuationToken");
        }
    }
}
