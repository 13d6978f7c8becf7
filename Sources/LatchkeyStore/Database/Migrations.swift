import Foundation
import SQLKit

/// The schema, as numbered steps applied once each, in order, at start-up.
///
/// Statements are plain SQL that SQLite and PostgreSQL both accept, except where a step says what each engine
/// runs (triggers). Instants are whole milliseconds since the epoch (`BIGINT`), so both engines sort and compare
/// them alike.
enum Migrations {
    struct Step: Sendable {
        let version: Int64
        let name: String
        let statements: [String]
        var sqlite: [String] = []
        var postgres: [String] = []

        /// What runs on the engine named `dialect` (SQLKit's dialect name).
        func statements(for dialect: String) -> [String] {
            statements + (dialect == "sqlite" ? sqlite : postgres)
        }
    }

    static let steps: [Step] = [
        Step(
            version: 1, name: "workspaces, api keys, data keys and connections",
            statements: [
                """
                CREATE TABLE workspaces (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE api_keys (
                    key_hash TEXT PRIMARY KEY,
                    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX api_keys_workspace ON api_keys (workspace_id)",
                """
                CREATE TABLE data_keys (
                    id TEXT PRIMARY KEY,
                    wrapped_key TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE connections (
                    id TEXT PRIMARY KEY,
                    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
                    integration_type TEXT NOT NULL,
                    integration_name TEXT,
                    categories TEXT NOT NULL,
                    permissions TEXT NOT NULL,
                    environment TEXT NOT NULL,
                    external_xref TEXT,
                    is_paused BOOLEAN NOT NULL DEFAULT FALSE,
                    auth_sealed TEXT NOT NULL,
                    auth_key_id TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    last_healthy_at BIGINT,
                    last_unhealthy_at BIGINT,
                    last_unhealthy_code TEXT,
                    version BIGINT NOT NULL DEFAULT 1,
                    lease_owner TEXT,
                    lease_until BIGINT
                )
                """,
                "CREATE INDEX connections_by_created ON connections (workspace_id, created_at, id)",
                "CREATE INDEX connections_by_updated ON connections (workspace_id, updated_at, id)",
                "CREATE INDEX connections_by_key ON connections (auth_key_id)",
            ]),
        Step(
            version: 2, name: "integration apps of workspaces",
            statements: [
                """
                CREATE TABLE integration_apps (
                    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
                    integration_type TEXT NOT NULL,
                    client_id TEXT NOT NULL,
                    secret_sealed TEXT NOT NULL,
                    secret_key_id TEXT NOT NULL,
                    scopes TEXT,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    PRIMARY KEY (workspace_id, integration_type)
                )
                """,
                "CREATE INDEX integration_apps_by_key ON integration_apps (secret_key_id)",
            ]),
        Step(
            version: 3, name: "authorization flows in progress",
            statements: [
                """
                CREATE TABLE authorization_flows (
                    state_hash TEXT PRIMARY KEY,
                    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
                    integration_type TEXT NOT NULL,
                    flow_sealed TEXT NOT NULL,
                    flow_key_id TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX authorization_flows_by_expiry ON authorization_flows (expires_at)",
                "CREATE INDEX authorization_flows_by_key ON authorization_flows (flow_key_id)",
            ]),
        Step(
            version: 4, name: "token expiry beside the sealed auth, for the background refresher",
            statements: [
                "ALTER TABLE connections ADD COLUMN expires_at BIGINT",
                "ALTER TABLE connections ADD COLUMN refresh_expires_at BIGINT",
                "CREATE INDEX connections_by_expiry ON connections (expires_at)",
            ]),
        Step(
            version: 5, name: "used authorization flows are remembered until they expire",
            statements: ["ALTER TABLE authorization_flows ADD COLUMN used_at BIGINT"]),
        Step(
            version: 6, name: "every write of a connection is reported, for the caches of opened connections",
            statements: [],
            sqlite: [
                "CREATE TABLE connection_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, connection_id TEXT NOT NULL)",
                """
                CREATE TRIGGER connections_updated AFTER UPDATE ON connections WHEN OLD.version <> NEW.version BEGIN
                    INSERT INTO connection_changes (connection_id) VALUES (OLD.id);
                    DELETE FROM connection_changes WHERE seq <= (SELECT MAX(seq) FROM connection_changes) - 10000;
                END
                """,
                """
                CREATE TRIGGER connections_deleted AFTER DELETE ON connections BEGIN
                    INSERT INTO connection_changes (connection_id) VALUES (OLD.id);
                    DELETE FROM connection_changes WHERE seq <= (SELECT MAX(seq) FROM connection_changes) - 10000;
                END
                """,
            ],
            postgres: [
                """
                CREATE FUNCTION latchkey_connection_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('latchkey_connection_changes', OLD.id);
                    RETURN NULL;
                END $$
                """,
                """
                CREATE TRIGGER connections_updated AFTER UPDATE ON connections
                    FOR EACH ROW WHEN (OLD.version <> NEW.version) EXECUTE FUNCTION latchkey_connection_changed()
                """,
                """
                CREATE TRIGGER connections_deleted AFTER DELETE ON connections
                    FOR EACH ROW EXECUTE FUNCTION latchkey_connection_changed()
                """,
            ]),
    ]

    /// Applies every step the database has not seen, under the backend's schema lock, so replicas
    /// starting together apply each step once.
    static func run(on backend: any DatabaseBackend) async throws -> [Int64] {
        try await backend.withSchemaLock { database in
            try await database.raw(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)"
            ).run()
            let applied = Set(try await database.raw("SELECT version FROM schema_migrations").all(decodingColumn: "version", as: Int64.self))
            if let newest = applied.max(), newest > steps.last!.version {
                throw StoreError.unsupported("the database is at schema version \(newest), newer than this Latchkey knows; upgrade Latchkey")
            }
            var ran: [Int64] = []
            for step in steps where !applied.contains(step.version) {
                for statement in step.statements(for: database.dialect.name) {
                    try await database.raw(SQLQueryString(statement)).run()
                }
                try await database.raw(
                    """
                    INSERT INTO schema_migrations (version, name, applied_at)
                    VALUES (\(bind: step.version), \(bind: step.name), \(bind: StoreTime.milliseconds(.now)))
                    """
                ).run()
                ran.append(step.version)
            }
            return ran
        }
    }
}
