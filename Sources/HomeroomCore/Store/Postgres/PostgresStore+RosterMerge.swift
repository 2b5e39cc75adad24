import Foundation
import Logging
import PostgresNIO

/// The merge of a staged roster (`roster_import`, `r`) into `student` (`s`) on PostgreSQL: the
/// statements of `AppDatabase+RosterMerge` where the dialects agree (`rosterFieldsDiffer`, the
/// counts), in the same order; the name search's words are written by the server afterwards.
extension PostgresStore {
    static func mergeRoster(_ connection: PostgresConnection, deactivateMissing: Bool, at now: Date,
                            logger: Logger) async throws -> ImportCounts {
        let counts = try await countChanges(connection, logger: logger)
        let renamed = try await connection.rows(PostgresQuery(unsafeSQL: """
            SELECT r.student_id FROM roster_import r LEFT JOIN student s ON s.student_id = r.student_id
            WHERE s.student_id IS NULL OR \(AppDatabase.namesDiffer)
            """), logger: logger).map { try $0.decode(String.self) }
        var result = counts
        try await connection.rows(PostgresQuery(unsafeSQL: """
            UPDATE student AS s SET last_name = r.last_name, first_name = r.first_name, middle_name = r.middle_name,
                birth_date = r.birth_date, grade = r.grade, school = r.school, homeroom_teacher = r.homeroom_teacher,
                active = 1, updated_at = \(now.millis)
            FROM roster_import AS r
            WHERE s.student_id = r.student_id AND (s.active = 0 OR \(AppDatabase.rosterFieldsDiffer))
            """), logger: logger)
        if deactivateMissing {
            result.deactivated = try await connection.changes("""
                UPDATE student SET active = 0, updated_at = \(now.millis)
                WHERE active = 1 AND NOT EXISTS (SELECT 1 FROM roster_import r WHERE r.student_id = student.student_id)
                """, logger: logger)
        }
        try await connection.rows("""
            INSERT INTO student (student_id, last_name, first_name, middle_name, birth_date, grade, school, homeroom_teacher,
                                 active, created_at, updated_at)
            SELECT r.student_id, r.last_name, r.first_name, r.middle_name, r.birth_date, r.grade, r.school, r.homeroom_teacher,
                   1, \(now.millis), \(now.millis)
            FROM roster_import r
            WHERE NOT EXISTS (SELECT 1 FROM student s WHERE s.student_id = r.student_id)
            ORDER BY r.student_id
            """, logger: logger)
        for start in stride(from: 0, to: renamed.count, by: 10_000) {
            try await indexNames(connection, studentIDs: Array(renamed[start..<min(start + 10_000, renamed.count)]), logger: logger)
        }
        return result
    }

    /// Added, updated, unchanged and reactivated, from the file against the students before the merge.
    static func countChanges(_ connection: PostgresConnection, logger: Logger) async throws -> ImportCounts {
        let row = try await connection.rows(PostgresQuery(unsafeSQL: """
            SELECT COUNT(*) AS listed,
                   COUNT(*) - COUNT(s.student_id) AS added,
                   COALESCE(SUM(CASE WHEN s.active = 0 THEN 1 ELSE 0 END), 0) AS reactivated,
                   COALESCE(SUM(CASE WHEN s.active = 1 AND \(AppDatabase.rosterFieldsDiffer) THEN 1 ELSE 0 END), 0) AS updated
            FROM roster_import r LEFT JOIN student s ON s.student_id = r.student_id
            """), logger: logger)[0]
        let (listed, added, reactivated, updated) = try row.decode((Int, Int, Int, Int).self)
        var counts = ImportCounts()
        (counts.added, counts.reactivated, counts.updated) = (added, reactivated, updated)
        counts.unchanged = listed - added - reactivated - updated
        return counts
    }

    /// Fills the staged rows' empty school, homeroom teacher and birth date from the students they update.
    static func keepUnsaidFields(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.rows("""
            UPDATE roster_import AS r SET school = COALESCE(r.school, s.school),
                homeroom_teacher = COALESCE(r.homeroom_teacher, s.homeroom_teacher), birth_date = COALESCE(r.birth_date, s.birth_date)
            FROM student AS s
            WHERE s.student_id = r.student_id AND (r.school IS NULL OR r.homeroom_teacher IS NULL OR r.birth_date IS NULL)
            """, logger: logger)
    }

    /// Disables the active students among `studentIDs`; how many were.
    static func deactivate(_ studentIDs: [String], at now: Date, _ connection: PostgresConnection, logger: Logger) async throws -> Int {
        guard !studentIDs.isEmpty else { return 0 }
        return try await connection.changes("""
            UPDATE student SET active = 0, updated_at = \(now.millis) WHERE active = 1 AND student_id = ANY(\(studentIDs))
            """, logger: logger)
    }

    /// Adds each teacher as a staff account, or renames the teacher account they have, one
    /// upsert each (`xmax = 0` tells an inserted row from an updated one); accounts of another
    /// role, and passwords, are kept.
    static func mergeTeachers(_ teachers: [Staff], at now: Date, _ connection: PostgresConnection,
                              logger: Logger) async throws -> (added: Int, updated: Int) {
        var added = 0, updated = 0
        for teacher in teachers {
            let rows = try await connection.rows("""
                INSERT INTO staff (username, display_name, role, password_hash, email, active, created_at, updated_at)
                VALUES (\(teacher.username), \(teacher.displayName), \(teacher.role.rawValue), \(teacher.passwordHash), \(teacher.email),
                        \(teacher.active ? 1 : 0), \(now.millis), \(now.millis))
                ON CONFLICT (username) DO UPDATE SET display_name = excluded.display_name, updated_at = excluded.updated_at
                WHERE staff.role = 'teacher' AND staff.display_name <> excluded.display_name
                RETURNING xmax = 0
                """, logger: logger)
            guard let inserted = try rows.first?.decode(Bool.self) else { continue }
            if inserted { added += 1 } else { updated += 1 }
        }
        return (added, updated)
    }
}
