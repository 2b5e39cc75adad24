import GRDB
import GRDBSQLite

/// The insert of one roster row (a `StagedRecord`, in ID order) into `temp.roster_import`,
/// bound through SQLite's C API from the record's bytes without copies (`nil`, SQLite's
/// `SQLITE_STATIC`; they are unbound after each row): a million rows pass through it, and
/// making GRDB's argument arrays of them cost about as much as the insert itself.
struct RosterStagingInsert {
    private let statement: Statement
    private let connection: OpaquePointer?

    init(_ db: Database) throws {
        statement = try db.makeStatement(sql: """
            INSERT INTO temp.roster_import (id, line, student_id, last_name, first_name, middle_name, birth_date, grade,
                                            school, homeroom_teacher, joined_names)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        connection = db.sqliteConnection
    }

    /// Stages `record`.
    func insert(_ record: StagedRecord) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        sqlite3_bind_int64(handle, 1, Int64(record.number))
        sqlite3_bind_int64(handle, 2, Int64(record.line))
        record.forEachField { index, bytes in
            if let bytes {
                sqlite3_bind_text(handle, index + 3, bytes.baseAddress, Int32(bytes.count), nil)
            } else {
                sqlite3_bind_null(handle, index + 3)
            }
        }
        let code = sqlite3_step(handle)
        sqlite3_clear_bindings(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)))
        }
    }
}
