import Foundation
import GRDB

/// What a person granted an app: carried from the code to every token issued from it.
public struct Grant: Codable, Sendable, Equatable {
    public let clientID: String
    public let username: String
    public let redirectURI: String
    public let scopes: [String]
    public let nonce: String?
    public let codeChallenge: String?
    /// When the person signed in, and that sign-in's session id and methods.
    public let authTime: Date
    public let sessionID: String
    public let methods: [String]

    public init(clientID: String, username: String, redirectURI: String, scopes: [String], nonce: String?,
                codeChallenge: String?, authTime: Date, sessionID: String, methods: [String]) {
        self.clientID = clientID
        self.username = username
        self.redirectURI = redirectURI
        self.scopes = scopes
        self.nonce = nonce
        self.codeChallenge = codeChallenge
        self.authTime = authTime
        self.sessionID = sessionID
        self.methods = methods
    }
}

/// Tokens about to be issued, by the SHA-256 of each (the tokens themselves are never stored).
public struct NewTokens: Sendable, Equatable {
    public let accessHash: String
    public let accessExpires: Date
    public let refreshHash: String?
    public let refreshExpires: Date?

    public init(accessHash: String, accessExpires: Date, refreshHash: String?, refreshExpires: Date?) {
        self.accessHash = accessHash
        self.accessExpires = accessExpires
        self.refreshHash = refreshHash
        self.refreshExpires = refreshExpires
    }

    /// The same without the refresh token.
    public var withoutRefresh: NewTokens {
        NewTokens(accessHash: accessHash, accessExpires: accessExpires, refreshHash: nil, refreshExpires: nil)
    }
}

/// What presenting a code or a refresh token came to.
public enum Redemption<Failure: Error & Sendable>: Sendable {
    /// Good: the tokens were stored under the grant.
    case redeemed(Grant, NewTokens)
    /// Spent now, but the caller's check of the grant refused it: no tokens.
    case refused(Failure)
    /// Used before: every token issued from it is now revoked.
    case reused
    /// Unknown, expired, revoked or another client's.
    case invalid
}

extension AppDatabase {
    /// Keeps an authorization request (its JSON) for a person who is signing in, under the
    /// SHA-256 of its id.
    public func putPending(idHash: String, request text: String, expiresAt: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO oidc_pending (id_hash, request, expires_at) VALUES (?, ?, ?)",
                           arguments: [idHash, text, expiresAt])
        }
    }

    /// The pending request's JSON under `idHash`, if it has not expired; it stays until `dropPending`.
    public func pending(idHash: String, at now: Date) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT request FROM oidc_pending WHERE id_hash = ? AND expires_at > ?", arguments: [idHash, now])
        }
    }

    public func dropPending(idHash: String) async throws {
        try await writer.write { db in try db.execute(sql: "DELETE FROM oidc_pending WHERE id_hash = ?", arguments: [idHash]) }
    }

    /// Stores a new code with its grant and audit event.
    public func issueCode(hash: String, grant: Grant, expiresAt: Date, audit: AuditEvent) async throws {
        let data = try Self.json(grant)
        try await writer.write { db in
            try db.execute(sql: "INSERT INTO oidc_code (code_hash, client_id, grant_data, expires_at) VALUES (?, ?, ?, ?)",
                           arguments: [hash, grant.clientID, data, expiresAt])
            try Self.rememberSessionClient(db, sessionID: grant.sessionID, clientID: grant.clientID, username: grant.username)
            try audit.insert(db)
        }
    }

    /// Uses a code once, in one transaction: a conditional UPDATE marks it used, `issue` checks the
    /// grant and names the tokens, which are stored in the code's family. A second use revokes
    /// every token issued from the first.
    public func redeemCode<Failure: Error & Sendable>(
        hash: String, clientID: String, at now: Date, issue: @escaping @Sendable (Grant) -> Result<NewTokens, Failure>
    ) async throws -> Redemption<Failure> {
        try await writer.write { db in
            let row = try Row.fetchOne(db, sql: """
                UPDATE oidc_code SET used_at = ? WHERE code_hash = ? AND client_id = ? AND used_at IS NULL AND expires_at > ?
                RETURNING grant_data
                """, arguments: [now, hash, clientID, now])
            guard let row else {
                let used = try Bool.fetchOne(db, sql: "SELECT used_at IS NOT NULL FROM oidc_code WHERE code_hash = ? AND client_id = ?",
                                             arguments: [hash, clientID]) ?? false
                guard used else { return .invalid }
                try Self.revokeFamily(db, hash, at: now)
                return .reused
            }
            return try Self.issue(db, row, family: hash, issue)
        }
    }

    /// Stores the tokens `issue` names for the grant of `row`, unless it refuses the grant.
    static func issue<Failure>(_ db: Database, _ row: Row, family: String,
                               _ issue: (Grant) -> Result<NewTokens, Failure>) throws -> Redemption<Failure> {
        let grantData: String = row["grant_data"]
        let grant = try JSONDecoder().decode(Grant.self, from: Data(grantData.utf8))
        switch issue(grant) {
        case .failure(let refusal): return .refused(refusal)
        case .success(let tokens):
            try Self.insert(db, tokens, family: family, grant: grant, grantData: grantData)
            return .redeemed(grant, tokens)
        }
    }

    /// Uses a refresh token once (rotation): the new tokens join its family. A refresh token
    /// used twice revokes the whole family.
    public func rotateRefreshToken<Failure: Error & Sendable>(
        hash: String, clientID: String, at now: Date, issue: @escaping @Sendable (Grant) -> Result<NewTokens, Failure>
    ) async throws -> Redemption<Failure> {
        try await writer.write { db in
            let row = try Row.fetchOne(db, sql: """
                UPDATE oidc_token SET used_at = ? WHERE token_hash = ? AND kind = 'refresh' AND client_id = ?
                    AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?
                RETURNING family, grant_data
                """, arguments: [now, hash, clientID, now])
            guard let row else {
                guard let family = try String.fetchOne(db, sql: """
                    SELECT family FROM oidc_token WHERE token_hash = ? AND kind = 'refresh' AND client_id = ? AND used_at IS NOT NULL
                    """, arguments: [hash, clientID]) else { return .invalid }
                try Self.revokeFamily(db, family, at: now)
                return .reused
            }
            return try Self.issue(db, row, family: row["family"], issue)
        }
    }

    static func insert(_ db: Database, _ tokens: NewTokens, family: String, grant: Grant, grantData: String) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO oidc_token (token_hash, kind, client_id, username, family, grant_data, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        try insert.execute(arguments: [tokens.accessHash, "access", grant.clientID, grant.username, family, grantData, tokens.accessExpires])
        if let refresh = tokens.refreshHash, let expires = tokens.refreshExpires {
            try insert.execute(arguments: [refresh, "refresh", grant.clientID, grant.username, family, grantData, expires])
        }
    }

    static func revokeFamily(_ db: Database, _ family: String, at now: Date) throws {
        try db.execute(sql: "UPDATE oidc_token SET revoked_at = ? WHERE family = ? AND revoked_at IS NULL", arguments: [now, family])
    }

    /// The grant behind a live access token.
    public func accessGrant(hash: String, at now: Date) async throws -> Grant? {
        let data = try await writer.read { db in
            try String.fetchOne(db.cachedStatement(sql: """
                SELECT grant_data FROM oidc_token WHERE token_hash = ? AND kind = 'access' AND revoked_at IS NULL AND expires_at > ?
                """), arguments: [hash, now])
        }
        return try data.map { try JSONDecoder().decode(Grant.self, from: Data($0.utf8)) }
    }

    /// Revokes a token of `clientID` (RFC 7009): a refresh token with its whole family, an access
    /// token alone. Nothing happens for a token that is unknown or another client's.
    public func revokeToken(hash: String, clientID: String, at now: Date) async throws {
        try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT kind, family FROM oidc_token WHERE token_hash = ? AND client_id = ?",
                                             arguments: [hash, clientID]) else { return }
            if (row["kind"] as String) == "refresh" {
                try Self.revokeFamily(db, row["family"], at: now)
            } else {
                try db.execute(sql: "UPDATE oidc_token SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL", arguments: [now, hash])
            }
        }
    }

    /// Whether a token of that hash is revoked (for tests and the console).
    public func isRevoked(tokenHash: String) async throws -> Bool {
        try await writer.read { db in
            try Bool.fetchOne(db, sql: "SELECT revoked_at IS NOT NULL FROM oidc_token WHERE token_hash = ?", arguments: [tokenHash]) ?? false
        }
    }
}
