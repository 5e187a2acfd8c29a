using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>The journal refused a request, could not commit it, or cannot open its store.</summary>
    public class JournalException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public JournalException(string message, Exception? innerException = null)
            : base(message, innerException)
        {
        }
    }
}
