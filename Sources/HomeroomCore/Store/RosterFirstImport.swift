import Foundation
import GRDB
import GRDBSQLite

/// A district's first import, when there are no students to compare with: each sorted record
/// (`StagedRecord`, in ID order) is written straight into `student`, `student_search` and
/// `student_sort`, bound through SQLite's C API from the record's bytes, without copies. Every table is
/// appended to in key order, and no staging table is written and read back (1.2 s of 7 for a
/// million rows).
final class RosterFirstImport {
    private let student: Statement
    private let search: Statement
    private let sort: Statement
    private let connection: OpaquePointer?
    /// The import's time, as GRDB stores a date.
    private let now: [UInt8]
    /// The fields of the record being written; the search index's text being made.
    private var fields = [UnsafeRawBufferPointer?](repeating: nil, count: StagedRecord.fieldCount)
    private var text: [UInt8] = []

    init(_ db: Database, at now: Date) throws {
        student = try db.makeStatement(sql: """
            INSERT INTO student (student_id, last_name, first_name, middle_name, birth_date, grade, school, homeroom_teacher,
                                 active, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?9, ?9)
            """)
        search = try db.makeStatement(sql: "INSERT INTO student_search (rowid, names) VALUES (?, ?)")
        sort = try db.makeStatement(sql: "INSERT INTO student_sort (id, last_name, first_name) VALUES (?, ?, ?)")
        connection = db.sqliteConnection
        self.now = Array((String.fromDatabaseValue(now.databaseValue) ?? "").utf8)
    }

    /// Writes the student of `record` and its search index entry.
    func insert(_ record: StagedRecord) throws {
        record.forEachField { fields[Int($0)] = $1 }
        let student = student.sqliteStatement, search = search.sqliteStatement, sort = sort.sqliteStatement
        sqlite3_reset(student)
        for index in 0..<8 { bind(fields[index], student, Int32(index + 1)) }
        try now.withUnsafeBytes { now in
            bind(now, student, 9)
            try step(student)
        }
        sqlite3_reset(search)
        sqlite3_bind_int64(search, 1, Int64(record.number))
        Self.searchText(fields, into: &text)
        try text.withUnsafeBytes { text in
            bind(text, search, 2)
            try step(search)
        }
        sqlite3_reset(sort)
        sqlite3_bind_int64(sort, 1, Int64(record.number))
        bind(fields[1], sort, 2)
        bind(fields[2], sort, 3)
        try step(sort)
    }

    /// The text the search index holds for a record's `fields` (`StudentSearchIndex.text`: the
    /// names, then the names without their joiners when they have any), made into `text`.
    static func searchText(_ fields: [UnsafeRawBufferPointer?], into text: inout [UInt8]) {
        text.removeAll(keepingCapacity: true)
        for index in 1...3 {
            if index > 1 { text.append(0x20) }
            if let name = fields[index] { text.append(contentsOf: name) }
        }
        if let joined = fields[8] {
            text.append(0x20)
            text.append(contentsOf: joined)
        }
    }

    private func bind(_ bytes: UnsafeRawBufferPointer?, _ statement: OpaquePointer?, _ index: Int32) {
        guard let bytes else {
            sqlite3_bind_null(statement, index)
            return
        }
        sqlite3_bind_text(statement, index, bytes.baseAddress, Int32(bytes.count), nil)
    }

    /// Runs `statement`, then unbinds its parameters: they are bound without a copy (`nil`,
    /// SQLite's `SQLITE_STATIC`), from bytes good only until the next record is read.
    private func step(_ statement: OpaquePointer?) throws {
        let code = sqlite3_step(statement)
        sqlite3_clear_bindings(statement)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)))
        }
    }
}

extension AppDatabase {
    /// Writes the first record of each student ID in `runs` as a new student, while there are
    /// no `problems` (`RosterSortedRuns.mergeFirstRecords`); how many were written. In the
    /// caller's transaction, into a database without students.
    static func insertFirstRoster(_ runs: RosterSortedRuns, _ db: Database, at now: Date,
                                  problems: inout [(line: Int, text: String)]) throws -> Int {
        let insert = try RosterFirstImport(db, at: now)
        var count = 0
        try runs.mergeFirstRecords(problems: &problems) { record in
            try insert.insert(record)
            count += 1
        }
        return count
    }
}
