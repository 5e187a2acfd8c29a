using LiteDB;

namespace Automations.Compiled.Hosting.LiteDb
{
    /// <summary>The journal's collections on one open database (made once per open, not per call).</summary>
    internal sealed class LiteDbCollections
    {
        public LiteDbCollections(LiteDatabase db)
        {
            Database = db;
            Meta = db.GetCollection(LiteDbSchema.Meta);
            Runs = db.GetCollection(LiteDbSchema.Runs);
            Steps = db.GetCollection(LiteDbSchema.Steps, BsonAutoId.Int64);
            Suspended = db.GetCollection(LiteDbSchema.Suspended);
            Outbox = db.GetCollection(LiteDbSchema.Outbox);
            Flows = db.GetCollection(LiteDbSchema.Flows);
            Versions = db.GetCollection(LiteDbSchema.Versions);
            Schedules = db.GetCollection(LiteDbSchema.Schedules);
            Entities = db.GetCollection(LiteDbSchema.Entities);
            History = db.GetCollection(LiteDbSchema.History, BsonAutoId.Int64);
            Kills = db.GetCollection(LiteDbSchema.Kills);
            Throttles = db.GetCollection(LiteDbSchema.Throttles);
            Audit = db.GetCollection(LiteDbSchema.Audit, BsonAutoId.Int64);
        }

        public LiteDatabase Database { get; }

        public ILiteCollection<BsonDocument> Meta { get; }

        public ILiteCollection<BsonDocument> Runs { get; }

        public ILiteCollection<BsonDocument> Steps { get; }

        public ILiteCollection<BsonDocument> Suspended { get; }

        public ILiteCollection<BsonDocument> Outbox { get; }

        public ILiteCollection<BsonDocument> Flows { get; }

        public ILiteCollection<BsonDocument> Versions { get; }

        public ILiteCollection<BsonDocument> Schedules { get; }

        public ILiteCollection<BsonDocument> Entities { get; }

        public ILiteCollection<BsonDocument> History { get; }

        public ILiteCollection<BsonDocument> Kills { get; }

        public ILiteCollection<BsonDocument> Throttles { get; }

        public ILiteCollection<BsonDocument> Audit { get; }
    }
}
