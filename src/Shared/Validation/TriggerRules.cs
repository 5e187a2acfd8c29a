using System.Collections.Generic;
using Automations.Compiled.Cel;
using Automations.Compiled.Model;
using Automations.Compiled.Schedule;
using Automations.Compiled.Text;

namespace Automations.Compiled.Validation
{
    /// <summary>A schedule trigger's cron expression and time zone (SPEC §6), checked where they are written.</summary>
    internal static class TriggerRules
    {
        public static void Check(FlowModel flow, List<FlowDiagnostic> diagnostics)
        {
            if (flow.Trigger is not { } trigger)
            {
                return;
            }

            foreach (var setting in trigger.Settings)
            {
                if (setting.Name == "condition")
                {
                    CheckCondition(trigger, setting, diagnostics);
                }
            }

            if (trigger.Kind != "schedule")
            {
                return;
            }

            foreach (var setting in trigger.Settings)
            {
                switch (setting.Name)
                {
                    case "cron" when CronSyntax.Check(setting.Value) is { } problem:
                        diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.InvalidCron, Inside(setting, problem.Start, problem.Length) ?? trigger.Location,
                            setting.Value, problem.Message));
                        break;
                    case "timeZone" when !TimeZoneIds.IsKnown(setting.Value):
                        diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.UnknownTimeZone, setting.Location ?? trigger.Location,
                            setting.Value, Suggestions.DidYouMean(setting.Value, TimeZoneIds.All)) with { Fix = Suggestions.Closest(setting.Value, TimeZoneIds.All) });
                        break;
                }
            }
        }

        /// <summary>A record or event trigger's CEL condition: it must parse and type-check as a bool over <c>trigger</c>.</summary>
        private static void CheckCondition(TriggerModel trigger, TriggerSetting setting, List<FlowDiagnostic> diagnostics)
        {
            var (_, syntax) = CelParser.Parse(setting.Value);
            if (syntax is not null)
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.ExpressionSyntax, Inside(setting, syntax.Span.Start, syntax.Span.End - syntax.Span.Start) ?? trigger.Location, setting.Value, syntax.Message));
                return;
            }

            foreach (var error in TriggerCondition.Compile(setting.Value).Errors)
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.ExpressionType, Inside(setting, error.Span.Start, error.Span.End - error.Span.Start) ?? trigger.Location,
                    error.Message + " (a trigger condition sees only 'trigger': trigger.record, trigger.old, trigger.payload, trigger.kind, trigger.event)"));
            }
        }

        /// <summary>
        /// The part of a setting's value token that a problem points at. The token is the value in quotes on one line;
        /// when escapes make it longer than that, the offsets would drift, so the whole token is reported instead.
        /// </summary>
        private static SourceSpan? Inside(TriggerSetting setting, int start, int length)
        {
            if (setting.Location is not { } token || token.Length != setting.Value.Length + 2 || token.StartLine != token.EndLine || setting.Value.Length == 0)
            {
                return setting.Location;
            }

            start = System.Math.Min(System.Math.Max(start, 0), setting.Value.Length - 1);
            length = System.Math.Max(1, System.Math.Min(length, setting.Value.Length - start));
            var column = token.StartColumn + 1 + start;
            return token with { Start = token.Start + 1 + start, Length = length, StartColumn = column, EndColumn = column + length };
        }
    }
}
