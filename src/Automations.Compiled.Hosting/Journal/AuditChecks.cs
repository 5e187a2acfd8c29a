using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>What every journal's <c>AppendAuditAsync</c> checks before it writes.</summary>
    internal static class AuditChecks
    {
        /// <summary>Throws for a null entry, or one without who or what.</summary>
        public static void Check(AuditEntry entry)
        {
            ArgumentNullException.ThrowIfNull(entry);
            if (string.IsNullOrEmpty(entry.By))
            {
                throw new ArgumentException("An audit entry must say who took the action (By).", nameof(entry));
            }

            if (string.IsNullOrEmpty(entry.Action))
            {
                throw new ArgumentException("An audit entry must say what was done (Action).", nameof(entry));
            }
        }
    }
}
