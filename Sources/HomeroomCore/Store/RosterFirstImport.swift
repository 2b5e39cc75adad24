import Foundation
import GRDB

/// A district's first import, when there are no students to compare with: each sorted record
/// (`StagedRecord`, in ID order) is written straight into `student`, `student_search` and
/// `student_sort`, bound from the record's bytes (`RecordStatement`). Every table is appended to
/// in key order, and no staging table is written and read back (measured: 6.7 s against 8.0 s
/// through the staging table and the set-based merge, for a million rows).
final class RosterFirstImport {
    private let student: RecordStatement
    private let search: RecordStatement
    private let sort: RecordStatement
    /// The import's time, as GRDB stores a date.
    private let now: [UInt8]
    /// The fields of the record being written; the search index's text being made.
    private var fields = [UnsafeRawBufferPointer?](repeating: nil, count: StagedRecord.fieldCount)
    private var text: [UInt8] = []

    init(_ db: Database, at now: Date) throws {
        student = try RecordStatement(db, sql: """
            INSERT INTO student (student_id, last_name, first_name, middle_name, birth_date, grade, school, homeroom_teacher,
                                 active, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?9, ?9)
            """)
        search = try RecordStatement(db, sql: "INSERT INTO student_search (rowid, names) VALUES (?, ?)")
        sort = try RecordStatement(db, sql: "INSERT INTO student_sort (id, last_name, first_name) VALUES (?, ?, ?)")
        self.now = Array((String.fromDatabaseValue(now.databaseValue) ?? "").utf8)
    }

    /// Writes the student of `record` and its search index entry.
    func insert(_ record: StagedRecord) throws {
        record.forEachField { fields[Int($0)] = $1 }
        student.reset()
        for index in 0..<8 { student.bind(fields[index], at: Int32(index + 1)) }
        try now.withUnsafeBytes { now in
            student.bind(now, at: 9)
            try student.run()
        }
        search.reset()
        search.bind(record.number, at: 1)
        Self.searchText(fields, into: &text)
        try text.withUnsafeBytes { text in
            search.bind(text, at: 2)
            try search.run()
        }
        sort.reset()
        sort.bind(record.number, at: 1)
        sort.bind(fields[1], at: 2)
        sort.bind(fields[2], at: 3)
        try sort.run()
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
