import Foundation
import GRDB

/// An app a person allowed, and what it may know.
public struct Consent: Sendable, Equatable {
    public let clientID: String
    public let clientName: String
    public let scopes: [String]
}

extension AppDatabase {
    /// The scopes `username` allowed `clientID`, if they did.
    public func consentedScopes(username: String, clientID: String) async throws -> [String]? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT scopes FROM oidc_consent WHERE username = ? AND client_id = ?", arguments: [username, clientID])
        }.map { $0.split(separator: " ").map(String.init) }
    }

    /// Records that `username` allowed `clientID` these scopes, with its audit event.
    public func grantConsent(username: String, clientID: String, scopes: [String], at now: Date, audit: AuditEvent) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO oidc_consent (username, client_id, scopes, granted_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (username, client_id) DO UPDATE SET scopes = excluded.scopes, granted_at = excluded.granted_at
                """, arguments: [username, clientID, scopes.joined(separator: " "), now])
            try audit.insert(db)
        }
    }

    /// Every app `username` allowed, by name.
    public func consents(username: String) async throws -> [Consent] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.client_id, k.name, c.scopes FROM oidc_consent c JOIN oidc_client k ON k.client_id = c.client_id
                WHERE c.username = ? ORDER BY k.name
                """, arguments: [username]).map {
                Consent(clientID: $0["client_id"], clientName: $0["name"], scopes: ($0["scopes"] as String).split(separator: " ").map(String.init))
            }
        }
    }

    /// Withdraws a consent: the app's tokens for `username` are revoked with it. False when there was none.
    public func withdrawConsent(username: String, clientID: String, at now: Date, audit: AuditEvent) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM oidc_consent WHERE username = ? AND client_id = ?", arguments: [username, clientID])
            guard db.changesCount == 1 else { return false }
            try db.execute(sql: "UPDATE oidc_token SET revoked_at = ? WHERE username = ? AND client_id = ? AND revoked_at IS NULL",
                           arguments: [now, username, clientID])
            try audit.insert(db)
            return true
        }
    }
}
