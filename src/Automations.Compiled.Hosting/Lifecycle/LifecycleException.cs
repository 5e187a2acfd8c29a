using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>A lifecycle action was refused; nothing was written. <see cref="Error"/> says why, the message what to do.</summary>
    public sealed class LifecycleException : InvalidOperationException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="error">Why the action was refused.</param>
        /// <param name="template">The template id.</param>
        /// <param name="entityId">The entity.</param>
        /// <param name="action">The action as the caller named it.</param>
        /// <param name="message">What happened and what to do.</param>
        public LifecycleException(LifecycleError error, string template, string entityId, string action, string message)
            : base(message)
        {
            Error = error;
            Template = template;
            EntityId = entityId;
            Action = action;
        }

        /// <summary>Why the action was refused.</summary>
        public LifecycleError Error { get; }

        /// <summary>The template id.</summary>
        public string Template { get; }

        /// <summary>The entity.</summary>
        public string EntityId { get; }

        /// <summary>The action as the caller named it (its name or its reference).</summary>
        public string Action { get; }
    }
}
