import Foundation
import GRDB

/// What an import changed.
public struct ImportCounts: Sendable, Equatable, CustomStringConvertible {
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    public var deactivated = 0
    public var reactivated = 0
    /// Teachers added as staff accounts, and existing teacher accounts whose name was updated.
    public var teachersAdded = 0
    public var teachersUpdated = 0

    public init() {}

    /// The students the file listed.
    public var rows: Int { added + updated + unchanged + reactivated }

    public var description: String {
        "added \(added), updated \(updated), unchanged \(unchanged), deactivated \(deactivated), reactivated \(reactivated)"
            + (teachersAdded + teachersUpdated > 0 ? "; teachers added \(teachersAdded), updated \(teachersUpdated)" : "")
    }
}

extension AppDatabase {
    /// Imports a roster file all or nothing. Students already here keep their claim, password and
    /// answers; their roster fields are updated. With `deactivateMissing`, active students absent
    /// from the file are disabled (never deleted); a disabled student listed again is
    /// reactivated; the active students among `deactivating` are disabled too (a OneRoster
    /// export's `tobedeleted` users), and `teachers` become staff accounts with the teacher role
    /// (an existing teacher account gets the new name; a technician's or admin's is left alone).
    /// With `keepingUnsaid` (a OneRoster delta, whose rows may come without the enrollments and
    /// demographics that give a school, a homeroom teacher and a birth date) a listed student's
    /// empty school, homeroom teacher or birth date keeps the value the student has. A `dryRun` merges, counts and rolls back: nothing is
    /// written. The audit event `audit` makes of the counts is written in the same
    /// transaction. Blocking (it reads the file): call it from the `BlockingPool` on the server.
    ///
    /// The file is read on threads of their own (`RosterReadAhead`) and written, in runs sorted
    /// by ID, into a temporary table (`roster_import`, private to this connection) whose key
    /// refuses a second row of a student ID: memory does not grow with the file. A file with any problem
    /// throws `RosterError` naming each by line, and the database is not touched. Only then does
    /// one write transaction merge the table into `student` with set-based SQL
    /// (`AppDatabase+RosterMerge`): the database is locked for the merge, not for the reading, so
    /// another process (the server, while the command line imports) writes on meanwhile. Writes
    /// through this `AppDatabase` itself wait for the whole import: its one writer connection
    /// holds the staging table.
    public func importRoster(_ roster: any RosterRecords, deactivateMissing: Bool, deactivating: [String] = [], teachers: [Staff] = [],
                             keepingUnsaid: Bool = false, dryRun: Bool = false,
                             at now: Date,
                             audit: @Sendable (ImportCounts) -> AuditEvent) throws -> ImportCounts {
        try importRoster(RosterReadAhead(roster), deactivateMissing: deactivateMissing, deactivating: deactivating, teachers: teachers,
                         keepingUnsaid: keepingUnsaid, dryRun: dryRun, at: now, audit: audit)
    }

    /// The import of `HomeroomStore`: the blocking one above, run on `pool`.
    public func importRoster(_ feed: RosterReadAhead, deactivateMissing: Bool, deactivating: [String], teachers: [Staff],
                             keepingUnsaid: Bool, dryRun: Bool, at now: Date, pool: BlockingPool,
                             audit: @escaping @Sendable (ImportCounts) -> AuditEvent) async throws -> ImportCounts {
        defer { feed.cancel() }
        return try await pool.run {
            try self.importRoster(feed, deactivateMissing: deactivateMissing, deactivating: deactivating, teachers: teachers,
                                  keepingUnsaid: keepingUnsaid, dryRun: dryRun, at: now, audit: audit)
        }
    }

    func importRoster(_ feed: RosterReadAhead, deactivateMissing: Bool, deactivating: [String], teachers: [Staff],
                      keepingUnsaid: Bool, dryRun: Bool, at now: Date,
                      audit: @Sendable (ImportCounts) -> AuditEvent) throws -> ImportCounts {
        try writer.writeWithoutTransaction { db in
            try Self.withImportCaches(db) {
                try db.execute(sql: "DROP TABLE IF EXISTS temp.roster_import")
                try db.execute(sql: Self.stagingTable)
                defer { try? db.execute(sql: "DROP TABLE IF EXISTS temp.roster_import") }
                let problems = try Self.stage(feed, db)
                if !problems.isEmpty { throw RosterError(problems: problems) }
                var counts = ImportCounts()
                try db.inTransaction(.immediate) {
                    if keepingUnsaid { try Self.keepUnsaidFields(db) }
                    counts = try Self.mergeRoster(db, deactivateMissing: deactivateMissing, at: now)
                    counts.deactivated += try Self.deactivate(db, deactivating, at: now)
                    (counts.teachersAdded, counts.teachersUpdated) = try Self.mergeTeachers(db, teachers, at: now)
                    if dryRun { return .rollback }
                    try audit(counts).insert(db)
                    return .commit
                }
                return counts
            }
        }
    }

    /// One row per student of the file, keyed by ID (so the table is read in ID order), with the
    /// line it came from and its names without apostrophes and periods when they have any
    /// (`StudentSearchIndex.joinedNames`, made as the file is read rather than in the merge's
    /// transaction; NULL otherwise), which the search index holds besides the names.
    static let stagingTable = """
        CREATE TEMP TABLE roster_import (
            student_id TEXT PRIMARY KEY NOT NULL, line INTEGER NOT NULL,
            last_name TEXT NOT NULL, first_name TEXT NOT NULL, middle_name TEXT NOT NULL,
            birth_date TEXT, grade TEXT, school TEXT, homeroom_teacher TEXT, joined_names TEXT
        ) WITHOUT ROWID
        """

    /// The rows staged together, sorted by ID: inserted in key order, a run's rows go to
    /// neighbouring places of the staging table's B-tree, which costs about half as much as
    /// inserting them in file order (measured: 2.7 s against 4.9 s for a million). Each run
    /// reads back most of the table's pages that the cache could not keep, so fewer, larger runs
    /// are faster; one of this size holds about 6 MB (measured against 32,000: 0.4 s faster for
    /// a million rows, 5 MB more at the peak).
    static let stagingRun = 64_000

    /// Writes every record of `readAhead` into `temp.roster_import` as it is handed over, in
    /// runs sorted by ID (`stagingRun`), in one temporary transaction (it locks nothing of the
    /// database itself). Returns the problems in line order; a second row of a student ID names
    /// the line of the first (runs are sorted by ID and then place in the file, and written in
    /// file order, so the row staged is always the first).
    static func stage(_ readAhead: RosterReadAhead, _ db: Database) throws -> [String] {
        let insert = try RosterStagingInsert(db)
        defer { readAhead.cancel() }
        var problems: [(line: Int, text: String)] = []
        var duplicates: [(studentID: String, line: Int)] = []
        var run: [(row: RosterRow, line: Int)] = []
        run.reserveCapacity(stagingRun)
        var order: [UInt64] = []
        order.reserveCapacity(stagingRun)
        func write() throws {
            order = run.indices.map { UInt64(studentNumber(run[$0].row.studentID)) << 32 | UInt64($0) }
            order.sort()
            for key in order {
                let (row, line) = run[Int(key & 0xFFFF_FFFF)]
                if try !insert.insert(row, line: line) { duplicates.append((row.studentID, line)) }
            }
            run.removeAll(keepingCapacity: true)
        }
        try db.inTransaction(.deferred) {
            while let batch = try readAhead.next() {
                for entry in batch.entries {
                    switch entry {
                    case .problem(let line, let reason):
                        problems.append((line + batch.linesBefore, RosterError.problem(line: line + batch.linesBefore, reason)))
                    case .row(let row, let line):
                        run.append((row, line + batch.linesBefore))
                        if run.count == stagingRun { try write() }
                    }
                }
            }
            try write()
            return .commit
        }
        let firstLine = try db.makeStatement(sql: "SELECT line FROM temp.roster_import WHERE student_id = ?")
        for (studentID, line) in duplicates {
            let first = try Int.fetchOne(firstLine, arguments: [studentID]) ?? 0
            problems.append((line, RosterError.problem(line: line, "duplicate student_id \(studentID) (first on line \(first))")))
        }
        return problems.sorted { $0.line < $1.line }.map(\.text)
    }

    /// A checked student ID (seven ASCII digits) as a number, to sort a run by.
    static func studentNumber(_ studentID: String) -> Int {
        studentID.utf8.reduce(0) { $0 * 10 + Int($1 &- 0x30) }
    }

    /// Runs `body` with room for the staged rows in this connection's cache of temporary tables
    /// (48 MiB instead of SQLite's 2 MiB: each run of rows lands all over the table), then gives
    /// it back; 64 MiB was no faster and took the import's peak memory to 150 MB. The database's own cache stays small: the merge writes in key order, and SQLite
    /// sorts fastest in small runs.
    static func withImportCaches<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        let temp = try Int.fetchOne(db, sql: "PRAGMA temp.cache_size") ?? -2000
        try db.execute(sql: "PRAGMA temp.cache_size = -49152")
        defer { try? db.execute(sql: "PRAGMA temp.cache_size = \(temp)") }
        return try body()
    }

    /// Disables the active students among `studentIDs` (a OneRoster user marked `tobedeleted`);
    /// how many were.
    static func deactivate(_ db: Database, _ studentIDs: [String], at now: Date) throws -> Int {
        guard !studentIDs.isEmpty else { return 0 }
        try db.execute(sql: """
            UPDATE student SET active = 0, updated_at = ?
            WHERE active = 1 AND student_id IN (SELECT value FROM json_each(?))
            """, arguments: [now, try jsonArray(studentIDs)])
        return db.changesCount
    }

    /// Adds each of `teachers` as a staff account, or renames the teacher account they have;
    /// how many were added and renamed. Accounts of another role, and passwords, are kept.
    static func mergeTeachers(_ db: Database, _ teachers: [Staff], at now: Date) throws -> (added: Int, updated: Int) {
        var added = 0, updated = 0
        for teacher in teachers {
            if let existing = try Staff.fetchOne(db, key: teacher.username) {
                guard existing.role == .teacher, existing.displayName != teacher.displayName else { continue }
                try db.execute(sql: "UPDATE staff SET display_name = ?, updated_at = ? WHERE username = ?",
                               arguments: [teacher.displayName, now, teacher.username])
                updated += 1
            } else {
                var row = teacher
                (row.createdAt, row.updatedAt) = (now, now)
                try row.insert(db)
                added += 1
            }
        }
        return (added, updated)
    }

    /// Fills the staged rows' empty school, homeroom teacher and birth date from the students
    /// they update (see `keepingUnsaid`).
    static func keepUnsaidFields(_ db: Database) throws {
        try db.execute(sql: """
            UPDATE temp.roster_import AS r SET school = COALESCE(r.school, s.school),
                homeroom_teacher = COALESCE(r.homeroom_teacher, s.homeroom_teacher), birth_date = COALESCE(r.birth_date, s.birth_date)
            FROM student AS s
            WHERE s.student_id = r.student_id AND (r.school IS NULL OR r.homeroom_teacher IS NULL OR r.birth_date IS NULL)
            """)
    }
}
