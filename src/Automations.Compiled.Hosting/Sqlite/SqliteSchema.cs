using System.Collections.Generic;

namespace Automations.Compiled.Hosting.Sqlite
{
    /// <summary>
    /// The journal's schema as numbered forward migrations. Never edit a shipped script: files in the field are at its
    /// version already. Change the schema by appending the next one. The tables are described in docs/journal.md.
    /// </summary>
    internal static class SqliteSchema
    {
        public static IReadOnlyList<SqliteMigration> Migrations { get; } =
        [
            new(1, "runs, steps, suspended state, timers, outbox, idempotency keys, flow versions", """
                CREATE TABLE flows (
                    flow_id      TEXT PRIMARY KEY,
                    run_count    INTEGER NOT NULL DEFAULT 0,
                    last_run_at  INTEGER
                );

                CREATE TABLE flow_versions (
                    flow_id       TEXT NOT NULL REFERENCES flows (flow_id),
                    version       INTEGER NOT NULL,
                    hash          TEXT NOT NULL,
                    description   TEXT,
                    journal_mode  TEXT NOT NULL,
                    registered_at INTEGER NOT NULL,
                    PRIMARY KEY (flow_id, version)
                );

                CREATE TABLE runs (
                    seq             INTEGER PRIMARY KEY,
                    id              TEXT NOT NULL UNIQUE,
                    flow_id         TEXT NOT NULL,
                    flow_version    INTEGER NOT NULL,
                    trace_id        TEXT NOT NULL,
                    parent_run_id   TEXT,
                    idempotency_key TEXT,
                    status          TEXT NOT NULL,
                    paused_from     TEXT,
                    trigger_kind    TEXT NOT NULL,
                    payload         BLOB NOT NULL,
                    output          BLOB,
                    message         TEXT,
                    error_step      TEXT,
                    error_message   TEXT,
                    error_type      TEXT,
                    created_at      INTEGER NOT NULL,
                    updated_at      INTEGER NOT NULL,
                    ended_at        INTEGER,
                    FOREIGN KEY (flow_id, flow_version) REFERENCES flow_versions (flow_id, version)
                );
                CREATE UNIQUE INDEX ux_runs_idempotency ON runs (flow_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
                CREATE INDEX ix_runs_status ON runs (status, seq);
                CREATE INDEX ix_runs_flow ON runs (flow_id, status, seq);
                CREATE INDEX ix_runs_parent ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL;

                CREATE TABLE steps (
                    seq        INTEGER PRIMARY KEY,
                    run_id     TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                    step_id    TEXT NOT NULL,
                    attempt    INTEGER NOT NULL,
                    status     TEXT NOT NULL,
                    endpoint   TEXT,
                    started_at INTEGER NOT NULL,
                    ended_at   INTEGER NOT NULL,
                    output     BLOB,
                    error      TEXT
                );
                CREATE INDEX ix_steps_run ON steps (run_id, seq);

                CREATE TABLE suspended (
                    run_id     TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
                    step_id    TEXT NOT NULL,
                    trace_id   TEXT NOT NULL,
                    wait_kind  TEXT NOT NULL,
                    due_at     INTEGER,
                    event_name TEXT,
                    wait       TEXT NOT NULL,
                    state      BLOB NOT NULL,
                    saved_at   INTEGER NOT NULL
                );
                CREATE INDEX ix_suspended_due ON suspended (due_at) WHERE due_at IS NOT NULL;
                CREATE INDEX ix_suspended_event ON suspended (event_name, saved_at) WHERE event_name IS NOT NULL;

                CREATE TABLE outbox (
                    id          INTEGER PRIMARY KEY,
                    run_id      TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                    kind        TEXT NOT NULL,
                    payload     BLOB NOT NULL,
                    visible_at  INTEGER NOT NULL,
                    lease_owner TEXT,
                    attempts    INTEGER NOT NULL DEFAULT 0,
                    created_at  INTEGER NOT NULL
                );
                CREATE INDEX ix_outbox_visible ON outbox (visible_at, id);
                """),
            new(2, "operator requests, deferred items, delivered waits, outbox by run", """
                -- A pause or cancel an operator asked of a run a worker holds ('Pause', 'Cancel'), taken at its next checkpoint.
                ALTER TABLE runs ADD COLUMN control TEXT;

                -- Why a worker put an item back (DeferOutboxAsync); NULL for an item never deferred.
                ALTER TABLE outbox ADD COLUMN last_error TEXT;

                -- When the wait was woken (timer queued, event or signal delivered); NULL while it is armed.
                ALTER TABLE suspended ADD COLUMN delivered_at INTEGER;

                -- A run's items in queue order: one worker per run, and cancel/delete find them.
                CREATE INDEX ix_outbox_run ON outbox (run_id, id);
                CREATE INDEX ix_outbox_deferred ON outbox (id) WHERE last_error IS NOT NULL;
                """),
            new(3, "outbox ids never reused", """
                -- A rowid table reuses the id of a deleted last row: a worker still finishing item N could then renew,
                -- complete or confuse the next item given id N. AUTOINCREMENT ids are never given twice.
                CREATE TABLE outbox_v3 (
                    id          INTEGER PRIMARY KEY AUTOINCREMENT,
                    run_id      TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                    kind        TEXT NOT NULL,
                    payload     BLOB NOT NULL,
                    visible_at  INTEGER NOT NULL,
                    lease_owner TEXT,
                    attempts    INTEGER NOT NULL DEFAULT 0,
                    created_at  INTEGER NOT NULL,
                    last_error  TEXT
                );
                INSERT INTO outbox_v3 (id, run_id, kind, payload, visible_at, lease_owner, attempts, created_at, last_error)
                    SELECT id, run_id, kind, payload, visible_at, lease_owner, attempts, created_at, last_error FROM outbox;
                DROP TABLE outbox;
                ALTER TABLE outbox_v3 RENAME TO outbox;
                CREATE INDEX ix_outbox_visible ON outbox (visible_at, id);
                CREATE INDEX ix_outbox_run ON outbox (run_id, id);
                CREATE INDEX ix_outbox_deferred ON outbox (id) WHERE last_error IS NOT NULL;
                """),
            new(4, "schedules: the next occurrence of every scheduled flow", """
                -- One row per scheduled flow: the next occurrence not yet fired (UTC ms) and the cron and zone it was computed
                -- from (a changed schedule is computed again). Hosts advance it by compare-and-swap, so an occurrence fires once.
                CREATE TABLE schedules (
                    flow_id    TEXT PRIMARY KEY,
                    cron       TEXT NOT NULL,
                    time_zone  TEXT NOT NULL,
                    next_at    INTEGER,
                    last_at    INTEGER,
                    updated_at INTEGER NOT NULL
                );
                """),
            new(5, "lifecycle entities and their history", """
                -- One row per living entity of a lifecycle template. While an action is in flight: state is its transit state,
                -- action its reference, run_id its run, and on_success / destroy_on_success / on_failure what the run's end
                -- applies (in the transaction that ends the run). revision bumps on every move (compare-and-swap of triggers).
                CREATE TABLE entities (
                    template           TEXT NOT NULL,
                    entity_id          TEXT NOT NULL,
                    state              TEXT NOT NULL,
                    action             TEXT,
                    run_id             TEXT,
                    on_success         TEXT,
                    on_failure         TEXT,
                    destroy_on_success INTEGER NOT NULL DEFAULT 0,
                    revision           INTEGER NOT NULL,
                    created_at         INTEGER NOT NULL,
                    updated_at         INTEGER NOT NULL,
                    PRIMARY KEY (template, entity_id)
                );
                CREATE UNIQUE INDEX ux_entities_run ON entities (run_id) WHERE run_id IS NOT NULL;

                -- Every move of every entity, kept after the entity is destroyed. from_state NULL: created; to_state NULL: gone.
                CREATE TABLE entity_history (
                    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
                    template   TEXT NOT NULL,
                    entity_id  TEXT NOT NULL,
                    at         INTEGER NOT NULL,
                    action     TEXT NOT NULL,
                    from_state TEXT,
                    to_state   TEXT,
                    run_id     TEXT,
                    outcome    TEXT NOT NULL,
                    access     TEXT
                );
                CREATE INDEX ix_entity_history_entity ON entity_history (template, entity_id, seq);
                """),
            new(6, "ended runs by end time, for retention", """
                -- PurgeEndedRunsAsync deletes the runs that ended longest ago first: ended_at is set exactly while a run has ended.
                CREATE INDEX ix_runs_ended ON runs (ended_at) WHERE ended_at IS NOT NULL;
                """),
            new(7, "safeguards: kill switches, throttle windows, admitted runs", """
                -- Engaged kill switches by scope key ('*', 'flow', 'flow@3'); a start they cover is refused.
                CREATE TABLE kill_switches (
                    scope      TEXT PRIMARY KEY,
                    flow_id    TEXT,
                    version    INTEGER NOT NULL,
                    mode       TEXT NOT NULL,
                    reason     TEXT NOT NULL,
                    engaged_by TEXT,
                    engaged_at INTEGER NOT NULL
                );

                -- The kill switch that paused (or asked to pause) a run: lifting it resumes the run.
                ALTER TABLE runs ADD COLUMN killed_by TEXT;
                CREATE INDEX ix_runs_killed ON runs (killed_by) WHERE killed_by IS NOT NULL;

                -- Each throttle's latest window (UTC ms) and the starts counted in it; a full one queues starts into the next.
                CREATE TABLE throttle_windows (
                    key          TEXT PRIMARY KEY,
                    window_start INTEGER NOT NULL,
                    count        INTEGER NOT NULL
                );

                -- The flow an item was admitted under by its concurrency limit (AdmitAsync); counted while its lease lasts.
                ALTER TABLE outbox ADD COLUMN admitted_flow TEXT;
                CREATE INDEX ix_outbox_admitted ON outbox (admitted_flow, visible_at) WHERE admitted_flow IS NOT NULL;
                """),
            new(8, "the HTTP API: the audit of operators' actions, runs by flow, time and idempotency key", """
                -- Every operator's action on a run (AppendAuditAsync), oldest first by seq. No foreign key: a run's entries
                -- outlive DeleteRunAsync (the delete is itself an entry); retention deletes them with the run.
                CREATE TABLE run_audit (
                    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
                    run_id TEXT NOT NULL,
                    at     INTEGER NOT NULL,
                    actor  TEXT NOT NULL,
                    action TEXT NOT NULL,
                    detail TEXT
                );
                CREATE INDEX ix_run_audit_run ON run_audit (run_id, seq);

                -- ListRunsAsync newest first by flow alone (ix_runs_flow puts status between flow and seq, so it needed a sort),
                -- by the time the run was accepted, and by idempotency key across flows (ux_runs_idempotency leads with the flow).
                CREATE INDEX ix_runs_flow_seq ON runs (flow_id, seq);
                CREATE INDEX ix_runs_created ON runs (created_at);
                CREATE INDEX ix_runs_key ON runs (idempotency_key, seq) WHERE idempotency_key IS NOT NULL;
                """),
        ];
    }
}
