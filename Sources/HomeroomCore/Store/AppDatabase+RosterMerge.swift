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

    /// Whether a listed student's names differ from the file's, or the student is new: their
    /// search words change.
    static let namesDifferOrNew = """
        (s.student_id IS NULL OR s.last_name <> r.last_name OR s.first_name <> r.first_name OR s.middle_name <> r.middle_name)
        """

    /// Merges the staged roster in the caller's transaction; the counts are of the file against
    /// the students as they were.
    static func mergeRoster(_ db: Database, deactivateMissing: Bool, at now: Date) throws -> ImportCounts {
        var counts = try countChanges(db)
        try replaceNameWords(db)
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
                WHERE active = 1 AND NOT EXISTS (SELECT 1 FROM temp.roster_import r WHERE r.student_id = student.student_id)
                """, arguments: [now])
            counts.deactivated = db.changesCount
        }
        // The staging table's key is the student ID: new students come in ID order.
        try db.execute(sql: """
            INSERT INTO student (student_id, last_name, first_name, middle_name, birth_date, grade, school, homeroom_teacher,
                                 active, created_at, updated_at)
            SELECT r.student_id, r.last_name, r.first_name, r.middle_name, r.birth_date, r.grade, r.school, r.homeroom_teacher,
                   1, ?, ?
            FROM temp.roster_import r
            WHERE NOT EXISTS (SELECT 1 FROM student s WHERE s.student_id = r.student_id)
            ORDER BY r.student_id
            """, arguments: [now, now])
        return counts
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

    /// The search words of renamed students are replaced, and new students get theirs: the old
    /// words are made again from the old names and deleted by key (renames are few), the new ones
    /// come from the staged JSON arrays (`json_each` is SQLite's; PostgreSQL has
    /// `jsonb_array_elements_text`), in key order so the table's B-tree is appended to.
    static func replaceNameWords(_ db: Database) throws {
        let renamed = try Row.fetchCursor(db, sql: """
            SELECT s.student_id, s.last_name, s.first_name, s.middle_name
            FROM temp.roster_import r JOIN student s ON s.student_id = r.student_id
            WHERE s.last_name <> r.last_name OR s.first_name <> r.first_name OR s.middle_name <> r.middle_name
            """)
        while let row = try renamed.next() {
            try deleteNameWords(db, studentID: row[0], lastName: row[1], firstName: row[2], middleName: row[3])
        }
        try db.execute(sql: """
            INSERT INTO student_name_word (word, student_id, last_name, first_name, name_words)
            SELECT w.value, r.student_id, r.last_name, r.first_name, r.name_words
            FROM temp.roster_import r LEFT JOIN student s ON s.student_id = r.student_id, json_each(r.name_words) w
            WHERE \(namesDifferOrNew)
            ORDER BY 1, 2
            ON CONFLICT DO NOTHING
            """)
    }

    /// Deletes the search words of one student under their names as they are before a change.
    static func deleteNameWords(_ db: Database, studentID: String, lastName: String, firstName: String,
                                middleName: String) throws {
        let delete = try db.cachedStatement(sql: "DELETE FROM student_name_word WHERE word = ? AND student_id = ?")
        for word in SearchText.nameWords(lastName, firstName, middleName) {
            try delete.execute(arguments: [word, studentID])
        }
    }
}
