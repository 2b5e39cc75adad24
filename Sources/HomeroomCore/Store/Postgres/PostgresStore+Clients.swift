import Foundation
import PostgresNIO

/// Registered apps and subjects on PostgreSQL (see `AppDatabase`'s methods of the same names).
extension PostgresStore {
    /// A client id in use is refused by the insert itself (`ON CONFLICT DO NOTHING` returns no row).
    public func addClient(_ client: OIDCClient, at now: Date, audit: AuditEvent) async throws {
        let settings = try AppDatabase.json(client.settings)
        try await transaction { connection in
            let added = try await connection.rows("""
                INSERT INTO oidc_client (client_id, name, secret_hash, settings, created_at, updated_at)
                VALUES (\(client.clientID), \(client.name), \(client.secretHash), \(settings), \(now.millis), \(now.millis))
                ON CONFLICT (client_id) DO NOTHING RETURNING client_id
                """, logger: logger)
            guard !added.isEmpty else { throw ClientError.alreadyExists(client.clientID) }
            try await Self.insertAudit(audit, connection, logger: logger)
        }
    }

    public func client(id: String) async throws -> OIDCClient? {
        try await rows("SELECT client_id, name, secret_hash, settings FROM oidc_client WHERE client_id = \(id)").first.map(Self.client)
    }

    public func allClients() async throws -> [OIDCClient] {
        try await rows("SELECT client_id, name, secret_hash, settings FROM oidc_client ORDER BY name, client_id").map(Self.client)
    }

    static func client(_ row: PostgresRow) throws -> OIDCClient {
        let (clientID, name, secretHash, settings) = try row.decode((String, String, String?, String).self)
        return OIDCClient(clientID: clientID, name: name, secretHash: secretHash,
                          settings: try JSONDecoder().decode(OIDCClient.Settings.self, from: Data(settings.utf8)))
    }

    public func removeClient(id: String, audit: AuditEvent) async throws -> Bool {
        try await transaction { connection in
            guard try await connection.changes("DELETE FROM oidc_client WHERE client_id = \(id)", logger: logger) == 1 else { return false }
            try await connection.rows("DELETE FROM oidc_token WHERE client_id = \(id)", logger: logger)
            try await connection.rows("DELETE FROM oidc_code WHERE client_id = \(id)", logger: logger)
            try await Self.insertAudit(audit, connection, logger: logger)
            return true
        }
    }

    public func setClientSecret(id: String, secretHash: String, at now: Date, audit: AuditEvent) async throws -> Bool {
        try await transaction { connection in
            guard try await connection.changes("""
                UPDATE oidc_client SET secret_hash = \(secretHash), updated_at = \(now.millis)
                WHERE client_id = \(id) AND secret_hash IS NOT NULL
                """, logger: logger) == 1 else { return false }
            try await Self.insertAudit(audit, connection, logger: logger)
            return true
        }
    }

    /// Made the first time by whichever node asks first; both read the one that was stored.
    public func subject(of username: String) async throws -> String {
        let made = UUID().uuidString.lowercased()
        return try await transaction { connection in
            try await connection.rows("""
                INSERT INTO oidc_subject (username, subject) VALUES (\(username), \(made)) ON CONFLICT (username) DO NOTHING
                """, logger: logger)
            return try await connection.rows("SELECT subject FROM oidc_subject WHERE username = \(username)", logger: logger)[0]
                .decode(String.self)
        }
    }
}
