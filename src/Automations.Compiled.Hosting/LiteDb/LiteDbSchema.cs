using System;
using System.Globalization;
using LiteDB;

namespace Automations.Compiled.Hosting.LiteDb
{
    /// <summary>
    /// The journal's collections, their fields and their indexes (described in docs/journal.md). LiteDB 5 has no composite
    /// indexes, so each composite key the queries need is a field of its own (<see cref="LiteDbValues.Key(string, string)"/>),
    /// written by the code that writes the document and indexed by name; queries name the same field.
    /// </summary>
    internal static class LiteDbSchema
    {
        /// <summary>The journal format this release writes; a file stamped with a higher one was written by a newer release.</summary>
        public const int Version = 1;

        /// <summary>What the meta document's <c>format</c> field holds in every journal (and in nothing else).</summary>
        public const string Format = "automations-compiled-journal";

        /// <summary>
        /// How the journal's text keys compare: ordinally, as SQLite's do. LiteDB's default (the current culture, ignoring
        /// case) ignores the control character that separates the parts of a composite key (so a range over a key's prefix
        /// misses keys) and merges ids that differ only in case. LiteDB keeps a file's collation from its creation.
        /// </summary>
        public static Collation Collation { get; } = new(CultureInfo.InvariantCulture.LCID, CompareOptions.Ordinal);

        public const string Meta = "meta";

        /// <summary>
        /// Runs by id (GUID): <c>seq</c> (unique, the order of starts), <c>flow</c>, <c>ver</c>, <c>trace</c>, <c>parent</c>,
        /// <c>key</c> (idempotency key), <c>status</c>, <c>paused</c> (the status a paused run goes back to), <c>control</c>
        /// (an operator request), <c>trigger</c>, <c>payload</c>, <c>output</c>, <c>message</c>, <c>error_step</c>,
        /// <c>error_message</c>, <c>error_type</c>, <c>created</c>, <c>updated</c>, <c>ended</c>, <c>killed</c> (the kill switch
        /// that paused it or asked it to pause; indexed, so a lift finds its runs); index keys <c>sk</c>
        /// (status, seq), <c>fk</c> (flow, seq), <c>fsk</c> (flow, status, seq), <c>ik</c> (flow, idempotency key; null without a key);
        /// <c>ended</c> is indexed too (set exactly while a run has ended: retention deletes the runs that ended first, first),
        /// and so are <c>key</c> (runs by idempotency key across flows) and <c>created</c> (runs by the time they were accepted).
        /// </summary>
        public const string Runs = "runs";

        /// <summary>Step tries by an increasing id: <c>run</c>, <c>step</c>, <c>attempt</c>, <c>status</c>, <c>endpoint</c>, <c>started</c>, <c>ended</c>, <c>output</c>, <c>error</c>.</summary>
        public const string Steps = "steps";

        /// <summary>
        /// Suspended state by run id: <c>step</c>, <c>trace</c>, <c>kind</c>, <c>due</c> (armed timer or timeout, ms; null when
        /// none or delivered), <c>event</c>, <c>ek</c> (event, saved; null unless an armed event wait), <c>wait</c> (JSON),
        /// <c>state</c>, <c>saved</c>, <c>delivered</c>.
        /// </summary>
        public const string Suspended = "suspended";

        /// <summary>
        /// Outbox items by id (from the meta document's counter: never given twice): <c>run</c>, <c>kind</c>, <c>payload</c>,
        /// <c>visible</c>, <c>vk</c> (visible, id), <c>owner</c>, <c>attempts</c>, <c>created</c>, <c>last_error</c>, <c>admitted</c>
        /// (the flow whose concurrency limit admitted it; indexed, counted while its lease lasts).
        /// </summary>
        public const string Outbox = "outbox";

        /// <summary>Flows by id: <c>run_count</c>, <c>last_run</c>.</summary>
        public const string Flows = "flows";

        /// <summary>Flow versions by (flow, version) key: <c>flow</c>, <c>version</c>, <c>hash</c>, <c>description</c>, <c>mode</c>, <c>registered</c>.</summary>
        public const string Versions = "versions";

        /// <summary>Schedules by flow id: <c>cron</c>, <c>zone</c>, <c>next</c>, <c>last</c>, <c>updated</c>.</summary>
        public const string Schedules = "schedules";

        /// <summary>
        /// Lifecycle entities by (template, entity) key: <c>template</c>, <c>entity</c>, <c>state</c>, <c>action</c>, <c>run</c>,
        /// <c>on_success</c>, <c>on_failure</c>, <c>destroy</c>, <c>revision</c>, <c>created</c>, <c>updated</c>.
        /// </summary>
        public const string Entities = "entities";

        /// <summary>Entity moves by an increasing id: <c>ek</c> (template, entity), <c>at</c>, <c>action</c>, <c>from</c>, <c>to</c>, <c>run</c>, <c>outcome</c>, <c>access</c>.</summary>
        public const string History = "history";

        /// <summary>Engaged kill switches by scope key (<c>*</c>, <c>flow</c>, <c>flow@3</c>): <c>flow</c>, <c>ver</c>, <c>mode</c>, <c>reason</c>, <c>by</c>, <c>at</c>.</summary>
        public const string Kills = "kills";

        /// <summary>Each throttle's latest window by throttle key: <c>start</c> (UTC ms) and <c>count</c> (starts counted in it).</summary>
        public const string Throttles = "throttles";

        /// <summary>
        /// Operators' actions on runs by an increasing id (the order they were written): <c>run</c> (indexed), <c>at</c>,
        /// <c>by</c>, <c>action</c>, <c>detail</c>. Kept when a run's record is deleted; retention deletes them with the run.
        /// </summary>
        public const string Audit = "audit";

        /// <summary>Creates what a new journal needs; on an existing one, a no-op (LiteDB keeps indexes it has).</summary>
        public static void Ensure(LiteDatabase db)
        {
            var runs = db.GetCollection(Runs);
            runs.EnsureIndex("seq", "$.seq", unique: true);
            runs.EnsureIndex("sk", "$.sk");
            runs.EnsureIndex("fk", "$.fk");
            runs.EnsureIndex("fsk", "$.fsk");
            runs.EnsureIndex("ik", "$.ik");
            runs.EnsureIndex("ended", "$.ended");
            runs.EnsureIndex("killed", "$.killed");
            runs.EnsureIndex("key", "$.key");
            runs.EnsureIndex("created", "$.created");
            db.GetCollection(Steps).EnsureIndex("run", "$.run");
            var suspended = db.GetCollection(Suspended);
            suspended.EnsureIndex("due", "$.due");
            suspended.EnsureIndex("ek", "$.ek");
            var outbox = db.GetCollection(Outbox);
            outbox.EnsureIndex("vk", "$.vk");
            outbox.EnsureIndex("run", "$.run");
            outbox.EnsureIndex("last_error", "$.last_error");
            outbox.EnsureIndex("admitted", "$.admitted");
            db.GetCollection(Versions).EnsureIndex("flow", "$.flow");
            db.GetCollection(Entities).EnsureIndex("run", "$.run");
            db.GetCollection(History).EnsureIndex("ek", "$.ek");
            db.GetCollection(Audit, BsonAutoId.Int64).EnsureIndex("run", "$.run");
        }

        /// <summary>The meta document of a new journal: its format, version and id counters.</summary>
        public static BsonDocument NewMeta(DateTimeOffset now) => new()
        {
            ["_id"] = "journal",
            ["format"] = Format,
            ["version"] = Version,
            ["created"] = LiteDbValues.Time(now),
            ["next_seq"] = 1L,
            ["next_outbox"] = 1L,
        };
    }
}
