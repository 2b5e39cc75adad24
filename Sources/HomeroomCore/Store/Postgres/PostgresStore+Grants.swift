import Foundation
import Logging
import PostgresNIO

/// Pending requests, codes and tokens on PostgreSQL (see `AppDatabase`'s methods of the same
/// names). A code or a refresh token is spent by one conditional UPDATE: of two nodes presenting
/// it at once, the second waits for the first's row lock, then finds it used and revokes the family.
extension PostgresStore {
    public func putPending(idHash: String, request text: String, expiresAt: Date) async throws {
        try await rows("""
            INSERT INTO oidc_pending (id_hash, request, expires_at) VALUES (\(idHash), \(text), \(expiresAt.millis))
            ON CONFLICT (id_hash) DO UPDATE SET request = excluded.request, expires_at = excluded.expires_at
            """)
    }

    public func pending(idHash: String, at now: Date) async throws -> String? {
        try await rows("SELECT request FROM oidc_pending WHERE id_hash = \(idHash) AND expires_at > \(now.millis)").first?.decode(String.self)
    }

    public func dropPending(idHash: String) async throws {
        try await rows("DELETE FROM oidc_pending WHERE id_hash = \(idHash)")
    }

    public func issueCode(hash: String, grant: Grant, expiresAt: Date, audit: AuditEvent) async throws {
        let data = try AppDatabase.json(grant)
        try await transaction { connection in
            try await connection.rows("""
                INSERT INTO oidc_code (code_hash, client_id, grant_data, expires_at) VALUES (\(hash), \(grant.clientID), \(data), \(expiresAt.millis))
                """, logger: logger)
            try await Self.rememberSessionClient(connection, sessionID: grant.sessionID, clientID: grant.clientID, username: grant.username,
                                                 logger: logger)
            try await Self.insertAudit(audit, connection, logger: logger)
        }
    }

    public func redeemCode<Failure: Error & Sendable>(
        hash: String, clientID: String, at now: Date, issue: @escaping @Sendable (Grant) -> Result<NewTokens, Failure>
    ) async throws -> Redemption<Failure> {
        try await transaction { connection in
            guard let grantData = try await connection.rows("""
                UPDATE oidc_code SET used_at = \(now.millis)
                WHERE code_hash = \(hash) AND client_id = \(clientID) AND used_at IS NULL AND expires_at > \(now.millis)
                RETURNING grant_data
                """, logger: logger).first?.decode(String.self) else {
                let used = try await connection.rows("""
                    SELECT used_at IS NOT NULL FROM oidc_code WHERE code_hash = \(hash) AND client_id = \(clientID)
                    """, logger: logger).first?.decode(Bool.self) ?? false
                guard used else { return .invalid }
                try await Self.revokeFamily(connection, hash, at: now, logger: logger)
                return .reused
            }
            return try await Self.issue(connection, grantData: grantData, family: hash, issue, logger: logger)
        }
    }

    public func rotateRefreshToken<Failure: Error & Sendable>(
        hash: String, clientID: String, at now: Date, issue: @escaping @Sendable (Grant) -> Result<NewTokens, Failure>
    ) async throws -> Redemption<Failure> {
        try await transaction { connection in
            guard let row = try await connection.rows("""
                UPDATE oidc_token SET used_at = \(now.millis)
                WHERE token_hash = \(hash) AND kind = 'refresh' AND client_id = \(clientID)
                    AND used_at IS NULL AND revoked_at IS NULL AND expires_at > \(now.millis)
                RETURNING family, grant_data
                """, logger: logger).first else {
                guard let family = try await connection.rows("""
                    SELECT family FROM oidc_token WHERE token_hash = \(hash) AND kind = 'refresh' AND client_id = \(clientID) AND used_at IS NOT NULL
                    """, logger: logger).first?.decode(String.self) else { return .invalid }
                try await Self.revokeFamily(connection, family, at: now, logger: logger)
                return .reused
            }
            let (family, grantData) = try row.decode((String, String).self)
            return try await Self.issue(connection, grantData: grantData, family: family, issue, logger: logger)
        }
    }

    /// Stores the tokens `issue` names for the grant, unless it refuses the grant.
    static func issue<Failure>(_ connection: PostgresConnection, grantData: String, family: String,
                               _ issue: (Grant) -> Result<NewTokens, Failure>, logger: Logger) async throws -> Redemption<Failure> {
        let grant = try JSONDecoder().decode(Grant.self, from: Data(grantData.utf8))
        switch issue(grant) {
        case .failure(let refusal): return .refused(refusal)
        case .success(let tokens):
            var kinds = ["access"], hashes = [tokens.accessHash], expiries = [tokens.accessExpires.millis]
            if let refresh = tokens.refreshHash, let expires = tokens.refreshExpires {
                kinds.append("refresh")
                hashes.append(refresh)
                expiries.append(expires.millis)
            }
            try await connection.rows("""
                INSERT INTO oidc_token (token_hash, kind, client_id, username, family, grant_data, expires_at)
                SELECT hash, kind, \(grant.clientID), \(grant.username), \(family), \(grantData), expires
                FROM unnest(\(hashes)::text[], \(kinds)::text[], \(expiries)::bigint[]) AS t(hash, kind, expires)
                """, logger: logger)
            return .redeemed(grant, tokens)
        }
    }

    static func revokeFamily(_ connection: PostgresConnection, _ family: String, at now: Date, logger: Logger) async throws {
        try await connection.rows("UPDATE oidc_token SET revoked_at = \(now.millis) WHERE family = \(family) AND revoked_at IS NULL",
                                  logger: logger)
    }

    public func accessGrant(hash: String, at now: Date) async throws -> Grant? {
        try await rows("""
            SELECT grant_data FROM oidc_token
            WHERE token_hash = \(hash) AND kind = 'access' AND revoked_at IS NULL AND expires_at > \(now.millis)
            """).first.map { try JSONDecoder().decode(Grant.self, from: Data(try $0.decode(String.self).utf8)) }
    }

    public func revokeToken(hash: String, clientID: String, at now: Date) async throws {
        try await transaction { connection in
            guard let row = try await connection.rows("""
                SELECT kind, family FROM oidc_token WHERE token_hash = \(hash) AND client_id = \(clientID)
                """, logger: logger).first else { return }
            let (kind, family) = try row.decode((String, String).self)
            if kind == "refresh" {
                try await Self.revokeFamily(connection, family, at: now, logger: logger)
            } else {
                try await connection.rows("UPDATE oidc_token SET revoked_at = \(now.millis) WHERE token_hash = \(hash) AND revoked_at IS NULL",
                                          logger: logger)
            }
        }
    }

    public func isRevoked(tokenHash: String) async throws -> Bool {
        try await rows("SELECT revoked_at IS NOT NULL FROM oidc_token WHERE token_hash = \(tokenHash)").first?.decode(Bool.self) ?? false
    }
}
