using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// The journal's store could not be reached (a lost connection that did not come back, a server restarting): the request
    /// was neither done nor refused, and may succeed later. A host hands the run it was running back rather than failing it.
    /// </summary>
    public sealed class JournalUnavailableException : JournalException
    {
        /// <summary>Creates the exception.</summary>
        public JournalUnavailableException(string message, Exception? innerException = null)
            : base(message, innerException)
        {
        }
    }
}
