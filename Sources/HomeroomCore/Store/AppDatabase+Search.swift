import Foundation
import GRDB

/// The technician's search. Each word of the query must start a word of the student's names, or,
/// a word of digits, the student ID.
///
/// Names are found with `student_search`, an FTS5 index (migrations/sqlite/0010.sql) rather than a
/// folded column or a table of words: SQLite builds it for a million students in about a second,
/// where a B-tree of 3.5 million words took several, and its unicode61 tokenizer folds case and
/// accents the same way for the names and the query. PostgreSQL will answer the same search with
/// its own text search.
extension AppDatabase {
    /// Students matching every word of `query` (case- and accent-insensitive), ordered by last
    /// name, first name and ID; at most `limit`.
    public func searchStudents(_ query: String, limit: Int = 50) async throws -> [StudentOverview] {
        let terms = SearchText.terms(query)
        guard !terms.isEmpty else { return [] }
        return try await writer.read { db in
            let ids = try Self.matchingStudents(db, terms: terms, limit: limit)
            guard !ids.isEmpty else { return [] }
            let sql = StudentOverview.select + """
                 WHERE s.student_id IN (\(databaseQuestionMarks(count: ids.count)))
                 ORDER BY s.last_name, s.first_name, s.student_id
                """
            return try StudentOverview.fetchAll(db, sql: sql, arguments: StatementArguments(ids))
        }
    }

    /// The IDs of the first `limit` students matching `terms`, in result order: the name terms
    /// are prefixes (`"nun"*`) the index must all find, the terms of digits prefixes of the ID.
    /// With digits, the ID's range is read and each student in it checked against the index;
    /// else the index's matches are looked up in `student_sort`, in rowid order, and the first
    /// `limit` by name kept.
    static func matchingStudents(_ db: Database, terms: [String], limit: Int) throws -> [String] {
        let digits = terms.filter { $0.allSatisfy(\.isASCIIDigit) }
        let names = terms.filter { !$0.allSatisfy(\.isASCIIDigit) }
        let order = "ORDER BY s.last_name, s.first_name, s.student_id LIMIT \(limit)"
        let match = names.map { "\"\($0)\"*" }.joined(separator: " AND ")
        guard !digits.isEmpty else {
            return try String.fetchAll(db, sql: """
                SELECT printf('%07d', o.id) FROM student_search f CROSS JOIN student_sort o ON o.id = f.rowid
                WHERE student_search MATCH ? ORDER BY o.last_name, o.first_name, o.id LIMIT \(limit)
                """, arguments: [match])
        }
        var conditions: [String] = []
        var arguments: [String] = []
        for prefix in digits {
            conditions.append("s.student_id >= ? AND s.student_id < ?")
            arguments += [prefix, SearchText.upperBound(of: prefix)]
        }
        if !names.isEmpty {
            conditions.append("s.student_id IN (SELECT printf('%07d', rowid) FROM student_search WHERE student_search MATCH ?)")
            arguments.append(match)
        }
        return try String.fetchAll(db, sql: "SELECT s.student_id FROM student s WHERE \(conditions.joined(separator: " AND ")) \(order)",
                                   arguments: StatementArguments(arguments))
    }
}

/// How `student_search` and `student_sort` are kept: the text indexed for a student and its
/// rowid, used by the roster import and by migration 10's follow-up.
enum StudentSearchIndex {
    /// The index's rowid for the student whose ID is the column `column`.
    static func rowid(_ column: String) -> String { "CAST(\(column) AS INTEGER)" }

    /// The text indexed for a student: the names, and when they have apostrophes or periods
    /// (`SearchText.isJoiner`), the names again without them (`joinedNames`), so "O'Brien" is
    /// found as "o", "brien" and "obrien". The index is contentless, so it deletes an entry by
    /// this same text made from the old names: changing what it makes needs a migration that
    /// rebuilds the index. (It was made in SQL, `names || CASE WHEN names GLOB '*[joiners]*' THEN
    /// ' ' || replace(…) ELSE '' END`, until the import came to make it as the file is read; this
    /// makes the same text, as a test checks.)
    static func text(lastName: String, firstName: String, middleName: String) -> String {
        let names = lastName + " " + firstName + " " + middleName
        return joinedNames(names).map { names + " " + $0 } ?? names
    }

    /// `names` without their joiners, when they have any. Runs once per row of a roster: names
    /// with none of the joiners' first bytes are told apart on their UTF-8 alone.
    static func joinedNames(_ names: String) -> String? {
        guard names.utf8.contains(where: mayStartJoiner), names.unicodeScalars.contains(where: SearchText.isJoiner) else { return nil }
        var joined = String.UnicodeScalarView()
        for scalar in names.unicodeScalars where !SearchText.isJoiner(scalar) { joined.append(scalar) }
        return String(joined)
    }

    /// Whether `byte` is a joiner's first UTF-8 byte (U+0027, U+002E, U+0060; 0xCA for U+02BC;
    /// 0xE2 for U+2018 and U+2019).
    private static func mayStartJoiner(_ byte: UInt8) -> Bool {
        byte == 0x27 || byte == 0x2E || byte == 0x60 || byte == 0xCA || byte == 0xE2
    }

    /// The SQL of the text indexed for a staged student (`temp.roster_import` as `table`), from
    /// its names and the `joined_names` staged with them: the same text, made with operators
    /// alone (a function called for each of a million rows would cost a second of the merge).
    static func stagedText(_ table: String) -> String {
        "\(table).last_name || ' ' || \(table).first_name || ' ' || \(table).middle_name || COALESCE(' ' || \(table).joined_names, '')"
    }

    /// `text(lastName:firstName:middleName:)` as an SQL function of the three name columns,
    /// added to every connection (`AppDatabase.configuration()`).
    static let function = DatabaseFunction("homeroom_search_text", argumentCount: 3, pure: true) { values in
        let names = values.map { String.fromDatabaseValue($0) ?? "" }
        return text(lastName: names[0], firstName: names[1], middleName: names[2])
    }

    /// The SQL of the text indexed for the student whose name columns are those of `table`.
    static func text(_ table: String) -> String {
        "\(function.name)(\(table).last_name, \(table).first_name, \(table).middle_name)"
    }

    /// Indexes every student (migration 10).
    static func fill(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO student_search (rowid, names) SELECT \(rowid("s.student_id")), \(text("s")) FROM student s;
            INSERT INTO student_sort (id, last_name, first_name) SELECT \(rowid("s.student_id")), s.last_name, s.first_name
            FROM student s
            """)
    }
}
