using System.Linq;
using Automations.Compiled.Model;

namespace Automations.Compiled.Emit
{
    /// <summary>Where a generated partial class goes: its file name, and the namespace and containing types around it.</summary>
    internal static class GeneratedType
    {
        /// <summary>"Ns.Outer.Name[.key]<paramref name="suffix"/>": unique per class, and per file for classes that JSON files declare.</summary>
        public static string HintName(string? ns, EquatableArray<string> containingTypes, string typeName, string? sourceKey, string suffix)
            => (ns is null ? "" : ns + ".") + string.Join(".", containingTypes.Select(t => t.Split(' ').Last().Split('<')[0]))
               + (containingTypes.IsEmpty ? "" : ".") + typeName + (sourceKey is null ? "" : "." + sourceKey) + suffix;

        /// <summary>Opens the namespace (if any) and the containing types, outermost first.</summary>
        public static void OpenScopes(SourceWriter w, string? ns, EquatableArray<string> containingTypes)
        {
            if (ns is not null)
            {
                w.Open($"namespace {ns}");
            }

            foreach (var outer in containingTypes)
            {
                w.Open(outer);
            }
        }

        /// <summary>Closes the class, its containing types and its namespace.</summary>
        public static void CloseScopes(SourceWriter w, string? ns, EquatableArray<string> containingTypes)
        {
            w.Close();
            foreach (var _ in containingTypes)
            {
                w.Close();
            }

            if (ns is not null)
            {
                w.Close();
            }
        }
    }
}
