import Foundation
import PostgresNIO

/// Signing keys on PostgreSQL (see `AppDatabase`'s methods of the same names).
extension PostgresStore {
    public func signingKeys() async throws -> [SigningKeyRecord] {
        try await rows("SELECT kid, alg, private_pem, created_at, retired_at FROM oidc_signing_key ORDER BY created_at DESC, kid").map { row in
            let (kid, alg, pem, createdAt, retiredAt) = try row.decode((String, String, String, Int64, Int64?).self)
            return SigningKeyRecord(kid: kid, algorithm: SigningAlgorithm(rawValue: alg) ?? .rs256, privatePEM: pem,
                                    createdAt: Date(millis: createdAt), retiredAt: retiredAt.map(Date.init(millis:)))
        }
    }

    /// The check of a current key and the insert run under a transaction advisory lock per
    /// algorithm: of several nodes starting at once, the first adds the key, the others then
    /// find it and add none.
    public func addSigningKey(_ key: SigningKeyRecord, onlyIfNone: Bool, audit: AuditEvent?) async throws -> Bool {
        try await transaction { connection in
            try await connection.rows("SELECT pg_advisory_xact_lock(hashtextextended(\("signing key " + key.algorithm.rawValue), 0))",
                                      logger: logger)
            let current = try await connection.rows("""
                SELECT COUNT(*) FROM oidc_signing_key WHERE alg = \(key.algorithm.rawValue) AND retired_at IS NULL
                """, logger: logger)[0].decode(Int.self)
            if onlyIfNone && current > 0 { return false }
            try await connection.rows("""
                UPDATE oidc_signing_key SET retired_at = \(key.createdAt.millis) WHERE alg = \(key.algorithm.rawValue) AND retired_at IS NULL
                """, logger: logger)
            try await connection.rows("""
                INSERT INTO oidc_signing_key (kid, alg, private_pem, created_at)
                VALUES (\(key.kid), \(key.algorithm.rawValue), \(key.privatePEM), \(key.createdAt.millis))
                """, logger: logger)
            if let audit { try await Self.insertAudit(audit, connection, logger: logger) }
            return true
        }
    }

    public func dropSigningKeys(retiredBefore cutoff: Date) async throws {
        try await rows("DELETE FROM oidc_signing_key WHERE retired_at < \(cutoff.millis)")
    }
}
