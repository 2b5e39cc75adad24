import Foundation
import GRDB

extension AppDatabase {
    /// Registers an app with its audit event; refuses a client id in use, writing nothing.
    public func addClient(_ client: OIDCClient, at now: Date, audit: AuditEvent) throws {
        let settings = try Self.json(client.settings)
        try writer.write { db in
            guard try Self.client(db, id: client.clientID) == nil else { throw ClientError.alreadyExists(client.clientID) }
            try db.execute(sql: """
                INSERT INTO oidc_client (client_id, name, secret_hash, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [client.clientID, client.name, client.secretHash, settings, now, now])
            try audit.insert(db)
        }
    }

    /// The app registered under `id`.
    public func client(id: String) async throws -> OIDCClient? {
        try await writer.read { db in try Self.client(db, id: id) }
    }

    static func client(_ db: Database, id: String) throws -> OIDCClient? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT client_id, name, secret_hash, settings FROM oidc_client WHERE client_id = ?"),
                                         arguments: [id]) else { return nil }
        return try Self.client(row)
    }

    static func client(_ row: Row) throws -> OIDCClient {
        let settings = try JSONDecoder().decode(OIDCClient.Settings.self, from: Data((row["settings"] as String).utf8))
        return OIDCClient(clientID: row["client_id"], name: row["name"], secretHash: row["secret_hash"], settings: settings)
    }

    /// Every registered app, by name.
    public func allClients() throws -> [OIDCClient] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT client_id, name, secret_hash, settings FROM oidc_client ORDER BY name, client_id").map(Self.client)
        }
    }

    /// Removes an app and every token and code it holds. False when there is none.
    public func removeClient(id: String, audit: AuditEvent) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM oidc_client WHERE client_id = ?", arguments: [id])
            guard db.changesCount == 1 else { return false }
            try db.execute(sql: "DELETE FROM oidc_token WHERE client_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM oidc_code WHERE client_id = ?", arguments: [id])
            try audit.insert(db)
            return true
        }
    }

    /// Replaces a confidential app's secret hash. False when there is no such confidential app.
    public func setClientSecret(id: String, secretHash: String, at now: Date, audit: AuditEvent) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: "UPDATE oidc_client SET secret_hash = ?, updated_at = ? WHERE client_id = ? AND secret_hash IS NOT NULL",
                           arguments: [secretHash, now, id])
            guard db.changesCount == 1 else { return false }
            try audit.insert(db)
            return true
        }
    }

    /// The subject `username` has in every token: made the first time, then never changed.
    public func subject(of username: String) async throws -> String {
        try await writer.write { db in
            try db.cachedStatement(sql: "INSERT INTO oidc_subject (username, subject) VALUES (?, ?) ON CONFLICT (username) DO NOTHING")
                .execute(arguments: [username, UUID().uuidString.lowercased()])
            return try String.fetchOne(db.cachedStatement(sql: "SELECT subject FROM oidc_subject WHERE username = ?"),
                                       arguments: [username])!
        }
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// Why an app's registration or change was refused.
public enum ClientError: Error, Equatable, CustomStringConvertible {
    case alreadyExists(String)
    /// A problem with the registration, as a catalog message (the console and the command line say it).
    case invalid(Message)
    case noSuchClient(String)

    public var description: String {
        switch self {
        case .alreadyExists(let id): "an app '\(id)' is already registered"
        case .invalid(let message): "the registration is refused (\(message.key))"
        case .noSuchClient(let id): "no app '\(id)' is registered"
        }
    }
}
