import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// The store on PostgreSQL, for several Homeroom nodes sharing one database. Every method is
/// one transaction at PostgreSQL's default isolation (READ COMMITTED) whose guards are single
/// statements (`UPDATE … WHERE … RETURNING`, upserts that count), or SERIALIZABLE with a retry
/// where a rule reads before it writes; no connection is held while hashing (the callers hash
/// before or after a store call). Times are stored as milliseconds since 1970 (`Date.millis`).
public final class PostgresStore: Sendable {
    let client: PostgresClient
    let logger: Logger
    private let running: Task<Void, Never>

    /// Connects to `location` with at most `poolSize` connections and brings its schema up to
    /// date (`PostgresMigrator`). Call `close()` when done.
    public static func open(_ location: PostgresLocation, poolSize: Int = 8, schema: String,
                            logger: Logger = Logger(label: "homeroom.postgres")) async throws -> PostgresStore {
        let store = try PostgresStore(location, poolSize: poolSize, logger: logger)
        do {
            try await PostgresMigrator(schema: schema).migrate(store)
            return store
        } catch {
            await store.close()
            throw error
        }
    }

    init(_ location: PostgresLocation, poolSize: Int, logger: Logger) throws {
        var configuration = PostgresClient.Configuration(host: location.host, port: location.port, username: location.username,
                                                         password: location.password, database: location.database,
                                                         tls: try Self.tls(location.tls))
        configuration.options.maximumConnections = max(1, poolSize)
        configuration.options.minimumConnections = 0
        var background = logger
        background.logLevel = max(logger.logLevel, .error)  // the pool's chatter (a lease before `run` starts) stays out of the logs
        let client = PostgresClient(configuration: configuration, backgroundLogger: background)
        self.client = client
        self.logger = logger
        running = Task { await client.run() }
    }

    private static func tls(_ mode: PostgresLocation.TLSMode) throws -> PostgresClient.Configuration.TLS {
        var checked = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable:
            return .disable
        case .prefer:
            checked.certificateVerification = .none
            return .prefer(checked)
        case .require:
            checked.certificateVerification = .none
            return .require(checked)
        case .verifyFull:
            return .require(checked)
        }
    }

    /// Closes every connection.
    public func close() async {
        running.cancel()
        _ = await running.value
    }

    /// How a transaction isolates itself from the others running at once.
    enum Isolation: String {
        case readCommitted = "READ COMMITTED"
        /// One snapshot for every statement: for reads that must agree with each other.
        case repeatableRead = "REPEATABLE READ"
        /// For a rule that reads before it writes: PostgreSQL aborts one of two transactions that
        /// would not have been the same run one after the other, and `transaction` runs it again.
        case serializable = "SERIALIZABLE"
    }

    /// Runs `body` in one transaction on one pooled connection: committed when it returns,
    /// rolled back when it throws (its own error is what the caller sees). A SERIALIZABLE
    /// transaction that PostgreSQL aborts for a conflict (or any deadlock) is run again, up to
    /// ten times.
    func transaction<T: Sendable>(_ isolation: Isolation = .readCommitted,
                                  _ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await client.withConnection { connection in
                    try await connection.query(PostgresQuery(unsafeSQL: "BEGIN ISOLATION LEVEL \(isolation.rawValue)"), logger: logger)
                    do {
                        let value = try await body(connection)
                        try await connection.query("COMMIT", logger: logger)
                        return value
                    } catch {
                        _ = try? await connection.query("ROLLBACK", logger: logger)
                        throw error
                    }
                }
            } catch let error as PSQLError where attempt < 10 && Self.isRetryable(error) {
                continue
            }
        }
    }

    /// A serialization failure or a deadlock: the transaction changed nothing and may run again.
    static func isRetryable(_ error: PSQLError) -> Bool {
        guard let state = error.serverInfo?[.sqlState] else { return false }
        return state == PostgresError.Code.serializationFailure.raw || state == PostgresError.Code.deadlockDetected.raw
    }

    /// Runs one statement outside a transaction of the caller's (it is one of its own).
    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await client.withConnection { try await $0.query(query, logger: logger).collect() }
    }
}

extension PostgresConnection {
    /// The rows `query` returns, all read.
    @discardableResult
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await self.query(query, logger: logger).collect()
    }

    /// How many rows `query` (an INSERT, UPDATE or DELETE) changed, from its command tag.
    func changes(_ query: PostgresQuery, logger: Logger) async throws -> Int {
        try await self.query(query, logger: logger, { _ in }).get().rows ?? 0
    }
}

extension Date {
    /// The date as PostgresStore keeps it: whole milliseconds since 1970.
    var millis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    init(millis: Int64) { self.init(timeIntervalSince1970: Double(millis) / 1000) }
}
