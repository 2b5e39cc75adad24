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
    /// again is reactivated.
    public func importRoster(_ rows: [RosterRow], deactivateMissing: Bool, at now: Date) throws -> ImportCounts {
        try writer.write { db in
            var counts = ImportCounts()
            var listed = Set<String>()
            listed.reserveCapacity(rows.count)
            for row in rows {
                listed.insert(row.studentID)
                guard var student = try Student.fetchOne(db, key: row.studentID) else {
                    try Student(studentID: row.studentID, lastName: row.lastName, firstName: row.firstName,
                                middleName: row.middleName, birthDate: row.birthDate, grade: row.grade,
                                school: row.school, homeroomTeacher: row.homeroomTeacher, active: true,
                                passwordHash: nil, claimedAt: nil, createdAt: now, updatedAt: now).insert(db)
                    counts.added += 1
                    continue
                }
                let before = student
                student.lastName = row.lastName
                student.firstName = row.firstName
                student.middleName = row.middleName
                student.birthDate = row.birthDate
                student.grade = row.grade
                student.school = row.school
                student.homeroomTeacher = row.homeroomTeacher
                let wasInactive = !student.active
                student.active = true
                if student == before { counts.unchanged += 1; continue }
                student.updatedAt = now
                try student.update(db)
                if wasInactive { counts.reactivated += 1 } else { counts.updated += 1 }
            }
            if deactivateMissing {
                let active = try String.fetchAll(db, sql: "SELECT student_id FROM student WHERE active = 1")
                for id in active where !listed.contains(id) {
                    try db.execute(sql: "UPDATE student SET active = 0, updated_at = ? WHERE student_id = ?",
                                   arguments: [now, id])
                    counts.deactivated += 1
                }
            }
            return counts
        }
    }
}
