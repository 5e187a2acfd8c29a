using System.Collections.Generic;

namespace Automations.Compiled.Hosting.PostgreSql
{
    /// <summary>One forward step of the schema: the script that takes a journal from <c>Version - 1</c> to <paramref name="Version"/>.</summary>
    /// <param name="Version">The schema version the script produces.</param>
    /// <param name="Description">What it changes, kept in <c>schema_version</c>.</param>
    /// <param name="Script">The SQL, run in the migration's transaction with the journal's schema first on the search path.</param>
    internal sealed record PostgresMigration(int Version, string Description, string Script);

    /// <summary>
    /// The journal's schema as numbered forward migrations, as <c>SqliteSchema</c>. Never edit a shipped script: databases
    /// in the field are at its version already. Change the schema by appending the next one.
    /// </summary>
    /// <remarks>
    /// Version 1 is the SQLite journal's schema after all of its migrations, in PostgreSQL's types: run ids are
    /// <c>uuid</c>, instants <c>bigint</c> Unix milliseconds, enums <c>text</c> names, blobs <c>bytea</c>. Sequence
    /// numbers and outbox ids are identities, never given twice (a worker still finishing item N must never renew or
    /// complete another item given id N).
    /// </remarks>
    internal static class PostgresSchema
    {
        public static IReadOnlyList<PostgresMigration> Migrations { get; } =
        [
            new(1, "runs, steps, suspended state, outbox, flows and versions, schedules, lifecycle entities", """
                CREATE TABLE flows (
                    flow_id text PRIMARY KEY
                );

                -- A flow's starts, counted in one row per writer connection (shard: the connection's backend process id):
                -- a start adds to its own connection's row, so hosts never wait for each other's count (one flows row that
                -- every start updated held each host's batch until the other's commit). A flow's count is the sum of its rows.
                CREATE TABLE flow_run_counts (
                    flow_id     text NOT NULL REFERENCES flows (flow_id),
                    shard       integer NOT NULL,
                    run_count   bigint NOT NULL,
                    last_run_at bigint NOT NULL,
                    PRIMARY KEY (flow_id, shard)
                );

                CREATE TABLE flow_versions (
                    flow_id       text NOT NULL REFERENCES flows (flow_id),
                    version       integer NOT NULL,
                    hash          text NOT NULL,
                    description   text,
                    journal_mode  text NOT NULL,
                    registered_at bigint NOT NULL,
                    PRIMARY KEY (flow_id, version)
                );

                CREATE TABLE runs (
                    seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    id              uuid NOT NULL UNIQUE,
                    flow_id         text NOT NULL,
                    flow_version    integer NOT NULL,
                    trace_id        text NOT NULL,
                    parent_run_id   uuid,
                    idempotency_key text,
                    status          text NOT NULL,
                    paused_from     text,
                    control         text,
                    trigger_kind    text NOT NULL,
                    payload         bytea NOT NULL,
                    output          bytea,
                    message         text,
                    error_step      text,
                    error_message   text,
                    error_type      text,
                    created_at      bigint NOT NULL,
                    updated_at      bigint NOT NULL,
                    ended_at        bigint,
                    FOREIGN KEY (flow_id, flow_version) REFERENCES flow_versions (flow_id, version)
                );
                CREATE UNIQUE INDEX ux_runs_idempotency ON runs (flow_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
                CREATE INDEX ix_runs_status ON runs (status, seq);
                CREATE INDEX ix_runs_flow ON runs (flow_id, status, seq);
                CREATE INDEX ix_runs_parent ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL;
                CREATE INDEX ix_runs_ended ON runs (ended_at) WHERE ended_at IS NOT NULL;

                CREATE TABLE steps (
                    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    run_id     uuid NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                    step_id    text NOT NULL,
                    attempt    integer NOT NULL,
                    status     text NOT NULL,
                    endpoint   text,
                    started_at bigint NOT NULL,
                    ended_at   bigint NOT NULL,
                    output     bytea,
                    error      text
                );
                CREATE INDEX ix_steps_run ON steps (run_id, seq);

                CREATE TABLE suspended (
                    run_id       uuid PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
                    step_id      text NOT NULL,
                    trace_id     text NOT NULL,
                    wait_kind    text NOT NULL,
                    due_at       bigint,
                    event_name   text,
                    wait         text NOT NULL,
                    state        bytea NOT NULL,
                    saved_at     bigint NOT NULL,
                    delivered_at bigint
                );
                CREATE INDEX ix_suspended_due ON suspended (due_at) WHERE due_at IS NOT NULL;
                CREATE INDEX ix_suspended_event ON suspended (event_name, saved_at) WHERE event_name IS NOT NULL;

                CREATE TABLE outbox (
                    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    run_id      uuid NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                    kind        text NOT NULL,
                    payload     bytea NOT NULL,
                    visible_at  bigint NOT NULL,
                    lease_owner text,
                    attempts    integer NOT NULL DEFAULT 0,
                    created_at  bigint NOT NULL,
                    last_error  text
                );
                CREATE INDEX ix_outbox_visible ON outbox (visible_at, id);
                CREATE INDEX ix_outbox_run ON outbox (run_id, id);
                CREATE INDEX ix_outbox_deferred ON outbox (id) WHERE last_error IS NOT NULL;

                -- One row per scheduled flow: the next occurrence not yet fired; hosts advance it by compare-and-swap.
                CREATE TABLE schedules (
                    flow_id    text PRIMARY KEY,
                    cron       text NOT NULL,
                    time_zone  text NOT NULL,
                    next_at    bigint,
                    last_at    bigint,
                    updated_at bigint NOT NULL
                );

                -- One row per living entity of a lifecycle template; while an action is in flight, run_id is its run and
                -- on_success / destroy_on_success / on_failure what the run's end applies.
                CREATE TABLE entities (
                    template           text NOT NULL,
                    entity_id          text NOT NULL,
                    state              text NOT NULL,
                    action             text,
                    run_id             uuid,
                    on_success         text,
                    on_failure         text,
                    destroy_on_success boolean NOT NULL DEFAULT false,
                    revision           bigint NOT NULL,
                    created_at         bigint NOT NULL,
                    updated_at         bigint NOT NULL,
                    PRIMARY KEY (template, entity_id)
                );
                CREATE UNIQUE INDEX ux_entities_run ON entities (run_id) WHERE run_id IS NOT NULL;

                -- Every move of every entity, kept after the entity is destroyed. from_state NULL: created; to_state NULL: gone.
                CREATE TABLE entity_history (
                    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    template   text NOT NULL,
                    entity_id  text NOT NULL,
                    at         bigint NOT NULL,
                    action     text NOT NULL,
                    from_state text,
                    to_state   text,
                    run_id     uuid,
                    outcome    text NOT NULL,
                    access     text
                );
                CREATE INDEX ix_entity_history_entity ON entity_history (template, entity_id, seq);
                """),
            new(2, "safeguards: kill switches, throttle windows, admitted items", """
                -- Engaged kill switches by scope key ('*', 'flow', 'flow@3'); a start they cover is refused. Engaging one locks
                -- runs against inserts while it looks for the runs it covers, so no start slips between the two.
                CREATE TABLE kill_switches (
                    scope      text PRIMARY KEY,
                    flow_id    text,
                    version    integer NOT NULL,
                    mode       text NOT NULL,
                    reason     text NOT NULL,
                    engaged_by text,
                    engaged_at bigint NOT NULL
                );

                -- The kill switch that paused (or asked to pause) a run: lifting it resumes the run.
                ALTER TABLE runs ADD COLUMN killed_by text;
                CREATE INDEX ix_runs_killed ON runs (killed_by) WHERE killed_by IS NOT NULL;

                -- Each throttle's latest window (UTC ms) and the starts counted in it, read FOR UPDATE by a start that counts.
                CREATE TABLE throttle_windows (
                    key          text PRIMARY KEY,
                    window_start bigint NOT NULL,
                    count        integer NOT NULL
                );

                -- The flow an item was admitted under by its concurrency limit; counted while its lease lasts.
                ALTER TABLE outbox ADD COLUMN admitted_flow text;
                CREATE INDEX ix_outbox_admitted ON outbox (admitted_flow, visible_at) WHERE admitted_flow IS NOT NULL;
                """),
            new(3, "the HTTP API: the audit of operators' actions, runs by flow, time and idempotency key, entities in id order", """
                -- Every operator's action on a run (AppendAuditAsync), oldest first by seq. No foreign key: a run's entries
                -- outlive DeleteRunAsync (the delete is itself an entry); retention deletes them with the run.
                CREATE TABLE run_audit (
                    seq    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    run_id uuid NOT NULL,
                    at     bigint NOT NULL,
                    actor  text NOT NULL,
                    action text NOT NULL,
                    detail text
                );
                CREATE INDEX ix_run_audit_run ON run_audit (run_id, seq);

                -- ListRunsAsync newest first by flow alone (ix_runs_flow puts status between flow and seq), by the time the
                -- run was accepted, and by idempotency key across flows (ux_runs_idempotency leads with the flow).
                CREATE INDEX ix_runs_flow_seq ON runs (flow_id, seq);
                CREATE INDEX ix_runs_created ON runs (created_at, seq);
                CREATE INDEX ix_runs_key ON runs (idempotency_key, seq) WHERE idempotency_key IS NOT NULL;

                -- ListEntitiesAsync pages in ordinal (byte) order whatever the database's collation, as the other journals do.
                CREATE INDEX ix_entities_page ON entities (template, entity_id COLLATE "C");
                """),
        ];
    }
}
