import GRDB
import GRDBSQLite

/// The insert of one roster row into `temp.roster_import`, bound through SQLite's C API: a
/// million rows pass through it, and making GRDB's argument arrays of them cost about as much
/// as the insert itself. A row whose student ID is staged already is not written. The names
/// without their joiners, which the search index holds too, are made here, before the merge.
struct RosterStagingInsert {
    private let statement: Statement
    private let connection: OpaquePointer?

    init(_ db: Database) throws {
        statement = try db.makeStatement(sql: """
            INSERT INTO temp.roster_import (student_id, line, last_name, first_name, middle_name, birth_date, grade,
                                            school, homeroom_teacher, joined_names)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (student_id) DO NOTHING
            """)
        connection = db.sqliteConnection
    }

    /// Stages `row`; false when its student ID was staged before.
    func insert(_ row: RosterRow, line: Int) throws -> Bool {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        bind(row.studentID, 1)
        sqlite3_bind_int64(handle, 2, Int64(line))
        bind(row.lastName, 3)
        bind(row.firstName, 4)
        bind(row.middleName, 5)
        bind(row.birthDate, 6)
        bind(row.grade, 7)
        bind(row.school, 8)
        bind(row.homeroomTeacher, 9)
        bind(StudentSearchIndex.joinedNames(row.lastName + " " + row.firstName + " " + row.middleName), 10)
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)))
        }
        return sqlite3_changes(connection) > 0
    }

    /// Binds `text` (NULL when nil) to parameter `index`, copied by SQLite.
    private func bind(_ text: String?, _ index: Int32) {
        guard var text else {
            sqlite3_bind_null(statement.sqliteStatement, index)
            return
        }
        text.withUTF8 { bytes in
            _ = sqlite3_bind_text(statement.sqliteStatement, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
        }
    }

    /// `SQLITE_TRANSIENT`, which Swift does not import: SQLite copies the bytes.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
