import Foundation
import PostgresNIO

/// Consents on PostgreSQL (see `AppDatabase`'s methods of the same names).
extension PostgresStore {
    public func consentedScopes(username: String, clientID: String) async throws -> [String]? {
        try await rows("SELECT scopes FROM oidc_consent WHERE username = \(username) AND client_id = \(clientID)")
            .first.map { try $0.decode(String.self).split(separator: " ").map(String.init) }
    }

    public func grantConsent(username: String, clientID: String, scopes: [String], at now: Date, audit: AuditEvent) async throws {
        try await transaction { connection in
            try await connection.rows("""
                INSERT INTO oidc_consent (username, client_id, scopes, granted_at)
                VALUES (\(username), \(clientID), \(scopes.joined(separator: " ")), \(now.millis))
                ON CONFLICT (username, client_id) DO UPDATE SET scopes = excluded.scopes, granted_at = excluded.granted_at
                """, logger: logger)
            try await Self.insertAudit(audit, connection, logger: logger)
        }
    }

    public func consents(username: String) async throws -> [Consent] {
        try await rows("""
            SELECT c.client_id, k.name, c.scopes FROM oidc_consent c JOIN oidc_client k ON k.client_id = c.client_id
            WHERE c.username = \(username) ORDER BY k.name
            """).map { row in
            let (clientID, name, scopes) = try row.decode((String, String, String).self)
            return Consent(clientID: clientID, clientName: name, scopes: scopes.split(separator: " ").map(String.init))
        }
    }

    public func withdrawConsent(username: String, clientID: String, at now: Date, audit: AuditEvent) async throws -> Bool {
        try await transaction { connection in
            guard try await connection.changes("""
                DELETE FROM oidc_consent WHERE username = \(username) AND client_id = \(clientID)
                """, logger: logger) == 1 else { return false }
            try await connection.rows("""
                UPDATE oidc_token SET revoked_at = \(now.millis) WHERE username = \(username) AND client_id = \(clientID) AND revoked_at IS NULL
                """, logger: logger)
            try await Self.insertAudit(audit, connection, logger: logger)
            return true
        }
    }
}
