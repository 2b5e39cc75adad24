import GRDB
import GRDBSQLite

/// An INSERT run once per roster record through SQLite's C API (`RosterStagingInsert`,
/// `RosterFirstImport`): a million rows pass through it, and making GRDB's argument arrays of
/// them cost about as much as the insert itself. Text is bound without a copy (`nil`, SQLite's
/// `SQLITE_STATIC`) from bytes good only until the next record is read, so `run()` unbinds it.
struct RecordStatement {
    private let handle: OpaquePointer?
    private let connection: OpaquePointer?
    /// Keeps the prepared statement alive.
    private let statement: Statement

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
    }

    /// Readies the statement for the next record's parameters.
    func reset() { sqlite3_reset(handle) }

    func bind(_ number: Int, at index: Int32) { sqlite3_bind_int64(handle, index, Int64(number)) }

    /// Binds `bytes` as text, or NULL when nil.
    func bind(_ bytes: UnsafeRawBufferPointer?, at index: Int32) {
        guard let bytes else {
            sqlite3_bind_null(handle, index)
            return
        }
        sqlite3_bind_text(handle, index, bytes.baseAddress, Int32(bytes.count), nil)
    }

    /// Runs the statement, then unbinds its parameters.
    func run() throws {
        let code = sqlite3_step(handle)
        sqlite3_clear_bindings(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)))
        }
    }
}
