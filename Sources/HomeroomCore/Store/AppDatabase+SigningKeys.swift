import Foundation
import GRDB

/// One of the server's id_token signing keys.
public struct SigningKeyRecord: Sendable, Equatable {
    public let kid: String
    public let algorithm: SigningAlgorithm
    public let privatePEM: String
    public let createdAt: Date
    /// When a newer key took over signing; a retired key is still published.
    public let retiredAt: Date?
}

extension AppDatabase {
    /// Every signing key, newest first.
    public func signingKeys() throws -> [SigningKeyRecord] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT kid, alg, private_pem, created_at, retired_at FROM oidc_signing_key ORDER BY created_at DESC, kid")
                .map { SigningKeyRecord(kid: $0["kid"], algorithm: SigningAlgorithm(rawValue: $0["alg"]) ?? .rs256,
                                        privatePEM: $0["private_pem"], createdAt: $0["created_at"], retiredAt: $0["retired_at"]) }
        }
    }

    /// Adds `key` as the one that signs for its algorithm, retiring the others of that algorithm
    /// (they stay published), in one transaction. With `onlyIfNone`, adds nothing when a current
    /// key of that algorithm exists (several nodes starting at once make one key).
    @discardableResult
    public func addSigningKey(_ key: SigningKeyRecord, onlyIfNone: Bool = false, audit: AuditEvent? = nil) throws -> Bool {
        try writer.write { db in
            let current = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM oidc_signing_key WHERE alg = ? AND retired_at IS NULL",
                                           arguments: [key.algorithm.rawValue]) ?? 0
            if onlyIfNone && current > 0 { return false }
            try db.execute(sql: "UPDATE oidc_signing_key SET retired_at = ? WHERE alg = ? AND retired_at IS NULL",
                           arguments: [key.createdAt, key.algorithm.rawValue])
            try db.execute(sql: "INSERT INTO oidc_signing_key (kid, alg, private_pem, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [key.kid, key.algorithm.rawValue, key.privatePEM, key.createdAt])
            try audit?.insert(db)
            return true
        }
    }

    /// Deletes keys retired before `cutoff` (every token they signed has expired).
    public func dropSigningKeys(retiredBefore cutoff: Date) throws {
        try writer.write { db in try db.execute(sql: "DELETE FROM oidc_signing_key WHERE retired_at < ?", arguments: [cutoff]) }
    }
}
