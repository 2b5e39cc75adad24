import Foundation
import GRDB

/// The merge of a staged roster (`temp.roster_import`, `r`) into `student` (`s`): set-based
/// statements run in the import's one write transaction, in this order because each but the
/// first changes what the next ones compare. Standard SQL (`UPDATE … FROM`, `IS DISTINCT FROM`,
/// `INSERT … SELECT`) except where said.
extension AppDatabase {
    /// Whether a listed student's roster fields differ from the file's (NULL-safe).
    static let rosterFieldsDiffer = """
        (s.last_name <> r.last_name OR s.first_name <> r.first_name OR s.middle_name <> r.middle_name
         OR s.birth_date IS DISTINCT FROM r.birth_date OR s.grade IS DISTINCT FROM r.grade
         OR s.school IS DISTINCT FROM r.school OR s.homeroom_teacher IS DISTINCT FROM r.homeroom_teacher)
        """

    /// Whether a listed student's names differ from the file's: their search index entry changes.
    static let namesDiffer = "(s.last_name <> r.last_name OR s.first_name <> r.first_name OR s.middle_name <> r.middle_name)"

    /// Merges the staged roster in the caller's transaction; the counts are of the file against
    /// the students as they were.
    static func mergeRoster(_ db: Database, deactivateMissing: Bool, at now: Date) throws -> ImportCounts {
        var counts = try countChanges(db)
        try reindexNames(db)
        try db.execute(sql: """
            UPDATE student AS s SET last_name = r.last_name, first_name = r.first_name, middle_name = r.middle_name,
                birth_date = r.birth_date, grade = r.grade, school = r.school, homeroom_teacher = r.homeroom_teacher,
                active = 1, updated_at = ?
            FROM temp.roster_import AS r
            WHERE s.student_id = r.student_id AND (s.active = 0 OR \(rosterFieldsDiffer))
            """, arguments: [now])
        if deactivateMissing {
            try db.execute(sql: """
                UPDATE student SET active = 0, updated_at = ?
                WHERE active = 1 AND NOT EXISTS (SELECT 1 FROM temp.roster_import r WHERE r.id = \(StudentSearchIndex.rowid("student.student_id")))
                """, arguments: [now])
            counts.deactivated = db.changesCount
        }
        try insertNewStudents(db, at: now)
        return counts
    }

    /// Writes the staged students not in `student` yet into it, active, in ID order (the staging
    /// table's key).
    static func insertNewStudents(_ db: Database, at now: Date) throws {
        try db.execute(sql: """
            INSERT INTO student (student_id, last_name, first_name, middle_name, birth_date, grade, school, homeroom_teacher,
                                 active, created_at, updated_at)
            SELECT r.student_id, r.last_name, r.first_name, r.middle_name, r.birth_date, r.grade, r.school, r.homeroom_teacher,
                   1, ?, ?
            FROM temp.roster_import r
            WHERE NOT EXISTS (SELECT 1 FROM student s WHERE s.student_id = r.student_id)
            ORDER BY r.id
            """, arguments: [now, now])
    }

    /// Added, updated, unchanged and reactivated, from the file against the students before the merge.
    static func countChanges(_ db: Database) throws -> ImportCounts {
        let row = try Row.fetchOne(db, sql: """
            SELECT COUNT(*) AS listed,
                   COUNT(*) - COUNT(s.student_id) AS added,
                   COALESCE(SUM(CASE WHEN s.active = 0 THEN 1 ELSE 0 END), 0) AS reactivated,
                   COALESCE(SUM(CASE WHEN s.active = 1 AND \(rosterFieldsDiffer) THEN 1 ELSE 0 END), 0) AS updated
            FROM temp.roster_import r LEFT JOIN student s ON s.student_id = r.student_id
            """)!
        var counts = ImportCounts()
        counts.added = row["added"]
        counts.reactivated = row["reactivated"]
        counts.updated = row["updated"]
        counts.unchanged = (row["listed"] as Int) - counts.added - counts.reactivated - counts.updated
        return counts
    }

    /// The search index entries (and `student_sort` rows) of renamed students are replaced, and
    /// new students get theirs (`StudentSearchIndex.stagedText`), before `student` changes (the old names are
    /// what a contentless FTS5 index deletes by).
    /// The staging table is read in ID order, so the index is appended to in rowid order.
    static func reindexNames(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO student_search (student_search, rowid, names)
            SELECT 'delete', \(StudentSearchIndex.rowid("s.student_id")), \(StudentSearchIndex.text("s"))
            FROM temp.roster_import r JOIN student s ON s.student_id = r.student_id
            WHERE \(namesDiffer)
            """)
        try db.execute(sql: """
            INSERT INTO student_search (rowid, names)
            SELECT \(StudentSearchIndex.rowid("r.student_id")), \(StudentSearchIndex.stagedText("r"))
            FROM temp.roster_import r LEFT JOIN student s ON s.student_id = r.student_id
            WHERE s.student_id IS NULL OR \(namesDiffer)
            """)
        try db.execute(sql: """
            INSERT INTO student_sort (id, last_name, first_name)
            SELECT \(StudentSearchIndex.rowid("r.student_id")), r.last_name, r.first_name
            FROM temp.roster_import r LEFT JOIN student s ON s.student_id = r.student_id
            WHERE s.student_id IS NULL OR \(namesDiffer)
            ON CONFLICT (id) DO UPDATE SET last_name = excluded.last_name, first_name = excluded.first_name
            """)
    }
}
