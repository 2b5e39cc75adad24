import Foundation

/// Where a PostgreSQL database is, read from a `postgres://user:password@host:port/database?sslmode=…`
/// URL (libpq's form). `sslmode` is libpq's too: `disable`, `prefer` (the default: TLS when the
/// server offers it), `require` (TLS, the certificate not checked) or `verify-full` (TLS, the
/// certificate checked against the system's authorities and the host name).
public struct PostgresLocation: Sendable, Equatable {
    public enum TLSMode: String, Sendable {
        case disable, prefer, require, verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    /// Whether `text` names a PostgreSQL database rather than a SQLite file.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// The problem with a URL that cannot be used, said in one line (without its password).
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public init(url text: String) throws {
        guard Self.isURL(text), let url = URLComponents(string: text) else {
            throw Invalid(description: "not a postgres:// URL (postgres://user:password@host:5432/database)")
        }
        guard let host = url.host, !host.isEmpty else { throw Invalid(description: "the PostgreSQL URL has no host") }
        guard let user = url.user, !user.isEmpty else { throw Invalid(description: "the PostgreSQL URL has no user") }
        let database = String(url.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw Invalid(description: "the PostgreSQL URL names no database") }
        self.host = host
        port = url.port ?? 5432
        username = user.removingPercentEncoding ?? user
        password = url.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database
        let mode = url.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? TLSMode.prefer.rawValue
        guard let tls = TLSMode(rawValue: mode) else {
            throw Invalid(description: "sslmode=\(mode) is not one of disable, prefer, require, verify-full")
        }
        self.tls = tls
    }

    /// The URL without its password, for logs and messages.
    public var redacted: String { "postgres://\(username)@\(host):\(port)/\(database)?sslmode=\(tls.rawValue)" }
}
