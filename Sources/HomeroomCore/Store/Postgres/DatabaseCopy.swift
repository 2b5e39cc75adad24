import Foundation
import GRDB
import Logging
import PostgresNIO

/// Moves a district from its SQLite file to PostgreSQL (`homeroom copy-database`): every table
/// the two schemas share, row by row as COPY's text format, in ONE PostgreSQL transaction that
/// commits only when each table's count there equals the count in the file; the name search's
/// words are made from the copied students. The target must be empty (migrated, nothing else):
/// a copy never merges into a database in use. Stop the server before copying, so the file
/// does not change meanwhile.
public enum DatabaseCopy {
    /// The tables copied, parents before the tables that refer to them. SQLite's search index
    /// (`student_search`, `student_sort`) is its own: PostgreSQL's is made from `student`.
    static let tables = ["student", "challenge_answer", "audit_event", "throttle_failure", "throttle_lock", "web_session", "setting",
                         "staff", "account_guard", "daily_request", "oidc_client", "oidc_subject", "oidc_pending", "oidc_code",
                         "oidc_token", "oidc_signing_key", "oidc_session_client", "oidc_logout", "oidc_consent", "one_time_code", "badge"]
    static let chunk = 5_000

    public struct Refused: Error, CustomStringConvertible {
        public let description: String
    }

    /// Copies `source` into `target`; the rows copied per table.
    public static func copy(from source: AppDatabase, to target: PostgresStore) async throws -> [(table: String, rows: Int)] {
        try await target.transaction { connection in
            for table in tables {
                let rows = try await connection.rows(PostgresQuery(unsafeSQL: "SELECT 1 FROM \(table) LIMIT 1"), logger: target.logger)
                if !rows.isEmpty { throw Refused(description: "the PostgreSQL database is not empty (\(table) has rows): copy into a new one") }
            }
            var copied: [(String, Int)] = []
            for table in tables {
                let columns = try await columnTypes(table, connection, logger: target.logger)
                let count = try await copyTable(table, columns: columns, from: source, connection, logger: target.logger)
                let there = try await connection.rows(PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table)"), logger: target.logger)
                guard try there[0].decode(Int.self) == count else {
                    throw Refused(description: "\(table): \(count) rows in the file but a different count in PostgreSQL; nothing was copied")
                }
                if columns.contains(where: { $0.name == "id" }) {
                    try await connection.rows(PostgresQuery(unsafeSQL: """
                        SELECT setval(pg_get_serial_sequence('\(table)', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM \(table)
                        """), logger: target.logger)
                }
                copied.append((table, count))
            }
            try await PostgresStore.indexAllNames(connection, logger: target.logger)
            return copied
        }
    }

    /// The target's columns of `table` and their PostgreSQL types, in table order.
    static func columnTypes(_ table: String, _ connection: PostgresConnection, logger: Logger) async throws -> [(name: String, type: String)] {
        try await connection.rows("""
            SELECT column_name, data_type FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = \(table) ORDER BY ordinal_position
            """, logger: logger).map { try $0.decode((String, String).self) }
    }

    /// Streams `table` from the file in chunks of rows (ordered by every column, so the chunks
    /// neither repeat nor skip a row), into COPY; the rows read.
    static func copyTable(_ table: String, columns: [(name: String, type: String)], from source: AppDatabase,
                          _ connection: PostgresConnection, logger: Logger) async throws -> Int {
        let list = columns.map(\.name).joined(separator: ", ")
        var total = 0
        try await connection.copyFrom(table: table, columns: columns.map(\.name), logger: logger) { writer in
            while true {
                let offset = total
                let text = try await source.writer.read { db -> (String, Int) in
                    let order = (1...columns.count).map(String.init).joined(separator: ", ")
                    let rows = try Row.fetchAll(db, sql: "SELECT \(list) FROM \(table) ORDER BY \(order) LIMIT \(chunk) OFFSET \(offset)")
                    return (try rows.map { row in try copyLine(row, columns, table: table) }.joined(), rows.count)
                }
                guard text.1 > 0 else { break }
                try await writer.write(ByteBuffer(string: text.0))
                total += text.1
                if text.1 < chunk { break }
            }
        }
        return total
    }

    /// One row in COPY's text format: tab-separated, `\N` for NULL, times as milliseconds.
    static func copyLine(_ row: Row, _ columns: [(name: String, type: String)], table: String) throws -> String {
        var fields: [String] = []
        for (index, column) in columns.enumerated() {
            let value = row[index] as DatabaseValue
            if column.type == "bigint" && column.name != "id" && !value.isNull {
                guard let date = Date.fromDatabaseValue(value) else {
                    throw Refused(description: "\(table).\(column.name): \(value) is not a time; nothing was copied")
                }
                fields.append(String(date.millis))
                continue
            }
            switch value.storage {
            case .null: fields.append("\\N")
            case .int64(let number): fields.append(String(number))
            case .double(let number): fields.append(String(number))
            case .string(let text): fields.append(escaped(text))
            case .blob(let data): fields.append("\\\\x" + data.map { String(format: "%02x", $0) }.joined())
            }
        }
        return fields.joined(separator: "\t") + "\n"
    }

    /// `text` with COPY's text-format escapes for the backslash, tab, newline and carriage return.
    static func escaped(_ text: String) -> String {
        guard text.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return text }
        return text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
    }
}
