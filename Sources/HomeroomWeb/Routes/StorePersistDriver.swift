import Foundation
import HomeroomCore
import Hummingbird

/// HummingbirdAuth's session storage kept in the store (SQLite, or PostgreSQL shared by every node, so a
/// session started on one node is known to the others), so sessions survive a restart and
/// a removed session is really gone. Keys are stored as SHA-256 digests: a copy of the
/// database does not hold usable session cookies.
struct StorePersistDriver: PersistDriver {
    let database: any HomeroomStore
    let clock: any AppClock

    /// The prefix HummingbirdAuth puts before a session id to make its storage key.
    static let keyPrefix = "session."

    /// The key a session is stored under: the SHA-256 of HummingbirdAuth's key.
    static func storedKey(_ key: String) -> String {
        Secrets.sha256Hex(key)
    }

    /// Who a stored session is signed in as, kept beside it so an account's sessions can be found.
    private static func username(_ value: some Codable & Sendable) -> String? {
        (value as? WebSession)?.user?.username
    }

    private func expiry(_ expires: Duration?) -> Date? {
        expires.map { clock.now.addingTimeInterval(TimeInterval($0.components.seconds)) }
    }

    func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let data = try JSONEncoder().encode(value)
        let created = try await database.putSession(key: Self.storedKey(key), value: data, expiresAt: expiry(expires),
                                                    username: Self.username(value), onlyIfNew: true)
        if !created { throw PersistError.duplicate }
    }

    func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let data = try JSONEncoder().encode(value)
        _ = try await database.putSession(key: Self.storedKey(key), value: data, expiresAt: expiry(expires),
                                          username: Self.username(value))
    }

    func get<Object: Codable & Sendable>(key: String, as object: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: object)?.object
    }

    func getWithTTL<Object: Codable & Sendable>(key: String, as object: Object.Type) async throws -> (object: Object, ttl: Duration?)? {
        guard let (data, expiresAt) = try await database.sessionValue(key: Self.storedKey(key), at: clock.now) else { return nil }
        guard let value = try? JSONDecoder().decode(object, from: data) else { throw PersistError.invalidConversion }
        let ttl = expiresAt.map { Duration.seconds(Int64(max(0, $0.timeIntervalSince(clock.now)))) }
        return (value, ttl)
    }

    func remove(key: String) async throws {
        try await database.deleteSession(key: Self.storedKey(key))
    }
}
