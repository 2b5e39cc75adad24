import Foundation
import GRDB

/// What an import changed.
public struct ImportCounts: Sendable, Equatable, CustomStringConvertible {
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    public var deactivated = 0
    public var reactivated = 0

    public init() {}

    public var description: String {
        "added \(added), updated \(updated), unchanged \(unchanged), deactivated \(deactivated), reactivated \(reactivated)"
    }
}

extension AppDatabase {
    /// Imports a checked roster in one transaction. Students already here keep their claim,
    /// password and answers; their roster fields are updated. With `deactivateMissing`, active
    /// students absent from `rows` are disabled (never deleted); a disabled student listed
    /// again is reactivated. The audit event `audit` makes of the counts is written in the same
    /// transaction.
    public func importRoster(_ rows: [RosterRow], deactivateMissing: Bool, at now: Date,
                             audit: @Sendable (ImportCounts) -> AuditEvent) throws -> ImportCounts {
        try writer.write { db in
            var counts = ImportCounts()
            var existing: [String: (fields: [String?], active: Bool)] = [:]
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT student_id, last_name, first_name, middle_name, birth_date, grade, school,
                       homeroom_teacher, active FROM student
                """)
            while let row = try cursor.next() {
                existing[row[0]] = ((1...7).map { row[$0] }, row[8])
            }
            let insert = try db.cachedStatement(sql: """
                INSERT INTO student (last_name, first_name, middle_name, birth_date, grade, school,
                                     homeroom_teacher, student_id, active, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
                """)
            let update = try db.cachedStatement(sql: """
                UPDATE student SET last_name = ?, first_name = ?, middle_name = ?, birth_date = ?, grade = ?,
                                   school = ?, homeroom_teacher = ?, active = 1, updated_at = ?
                WHERE student_id = ?
                """)
            let timestamp = now.databaseValue
            for row in rows {
                let fields: [(any DatabaseValueConvertible)?] = [row.lastName, row.firstName, row.middleName, row.birthDate, row.grade,
                                         row.school, row.homeroomTeacher]
                guard let known = existing[row.studentID] else {
                    try insert.execute(arguments: StatementArguments(fields + [row.studentID, timestamp, timestamp]))
                    counts.added += 1
                    continue
                }
                if known.active && known.fields == fields.map({ $0 as? String }) { counts.unchanged += 1; continue }
                try update.execute(arguments: StatementArguments(fields + [timestamp, row.studentID]))
                if known.active { counts.updated += 1 } else { counts.reactivated += 1 }
            }
            if deactivateMissing {
                let listed = Set(rows.map(\.studentID))
                for (id, known) in existing where known.active && !listed.contains(id) {
                    try db.execute(sql: "UPDATE student SET active = 0, updated_at = ? WHERE student_id = ?",
                                   arguments: [timestamp, id])
                    counts.deactivated += 1
                }
            }
            try audit(counts).insert(db)
            return counts
        }
    }
}
