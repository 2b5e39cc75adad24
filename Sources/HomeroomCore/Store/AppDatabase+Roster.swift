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
    /// The file is read on threads of their own (`RosterReadAhead`) and sorted by ID through a
    /// temporary file (`RosterSortedRuns`): memory does not grow with the file. When the
    /// database has students, the sorted rows are written into a temporary table
    /// (`roster_import`, private to this connection) and one write transaction merges it into
    /// `student` with set-based SQL (`AppDatabase+RosterMerge`); a district's first import
    /// writes them straight into `student` and its search index (`RosterFirstImport`). A file
    /// with any problem throws `RosterError` naming each by line, and the database is not
    /// changed. The database is locked for the merge, not for the reading, so another process
    /// (the server, while the command line imports) writes on meanwhile. Writes through this
    /// `AppDatabase` itself wait for the whole import: its one writer connection holds the
    /// staging table.
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
            let firstImport = try Self.hasNoStudents(db)
            var (runs, problems) = try Self.sortRoster(feed)
            try db.execute(sql: "DROP TABLE IF EXISTS temp.roster_import")
            try db.execute(sql: Self.stagingTable)
            defer { try? db.execute(sql: "DROP TABLE IF EXISTS temp.roster_import") }
            // Staged before the write lock: a roster for students already here, or a file with
            // problems (to find its duplicates). A first import is written in the write
            // transaction, or staged there if another process added a student meanwhile.
            let staged = !problems.isEmpty || !firstImport
            if staged {
                try db.inTransaction(.deferred) {
                    try Self.stage(runs, db, problems: &problems)
                    return .commit
                }
                if !problems.isEmpty { throw RosterError(inLineOrder: problems) }
            }
            var counts = ImportCounts()
            try db.inTransaction(.immediate) {
                if !staged, try Self.hasNoStudents(db) {
                    counts.added = try Self.insertFirstRoster(runs, db, at: now, problems: &problems)
                } else {
                    if !staged { try Self.stage(runs, db, problems: &problems) }
                    if problems.isEmpty {
                        if keepingUnsaid { try Self.keepUnsaidFields(db) }
                        counts = try Self.mergeRoster(db, deactivateMissing: deactivateMissing, at: now)
                    }
                }
                if !problems.isEmpty { return .rollback }
                counts.deactivated += try Self.deactivate(db, deactivating, at: now)
                (counts.teachersAdded, counts.teachersUpdated) = try Self.mergeTeachers(db, teachers, at: now)
                if dryRun { return .rollback }
                try audit(counts).insert(db)
                return .commit
            }
            if !problems.isEmpty { throw RosterError(inLineOrder: problems) }
            return counts
        }
    }

    /// Whether the database has no students: a district's first import.
    static func hasNoStudents(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM student)") == true
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
