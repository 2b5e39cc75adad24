import Foundation
import GRDB

/// The technician's search. Each word of the query must start a word of the student's names
/// (`SearchText`), or, a word of digits, the student ID.
///
/// Names are found in `student_name_word`, a table of folded words kept by every write that
/// changes a name, rather than with SQLite's FTS5: a prefix is one range of a B-tree key
/// (`word >= 'nun' AND word < 'nuo'`), which any SQL database does the same way (PostgreSQL is to
/// come), and as each row carries the names results are ordered by and all the student's words,
/// the first results come from that range alone, even when a short prefix matches tens of
/// thousands of students, where FTS5 would look each one up to order them.
extension AppDatabase {
    /// Students matching every word of `query` (case- and accent-insensitive), ordered by last
    /// name, first name and ID; at most `limit`.
    public func searchStudents(_ query: String, limit: Int = 50) async throws -> [StudentOverview] {
        let words = SearchText.words(query)
        guard !words.isEmpty else { return [] }
        return try await writer.read { db in
            let ids = try Self.matchingStudents(db, words: words, limit: limit)
            guard !ids.isEmpty else { return [] }
            let sql = StudentOverview.select + """
                 WHERE s.student_id IN (\(databaseQuestionMarks(count: ids.count)))
                 ORDER BY s.last_name, s.first_name, s.student_id
                """
            return try StudentOverview.fetchAll(db, sql: sql, arguments: StatementArguments(ids))
        }
    }

    /// The IDs of the first `limit` students matching `words`, in result order. The range of the
    /// name word with the fewest matches is read in order with the other words checked in each
    /// row (`name_words LIKE '%"jo%'`: a word starting "jo"), so one index range answers.
    static func matchingStudents(_ db: Database, words: [String], limit: Int) throws -> [String] {
        let digits = words.filter { $0.allSatisfy(\.isASCIIDigit) }
        let names = words.filter { !$0.allSatisfy(\.isASCIIDigit) }
        var conditions: [String] = []
        var arguments: [String] = []
        for prefix in digits {
            conditions.append("student_id >= ? AND student_id < ?")
            arguments += [prefix, SearchText.upperBound(of: prefix)]
        }
        let sizes = names.count > 1 ? try names.map { try rangeSize(db, $0) } : names.map { _ in 0 }
        guard let driving = zip(names, sizes).min(by: { ($0.1, -$0.0.count) < ($1.1, -$1.0.count) })?.0 else {
            return try String.fetchAll(db, sql: """
                SELECT student_id FROM student WHERE \(conditions.joined(separator: " AND "))
                ORDER BY last_name, first_name, student_id LIMIT \(limit)
                """, arguments: StatementArguments(arguments))
        }
        conditions.append("word >= ? AND word < ?")
        arguments += [driving, SearchText.upperBound(of: driving)]
        for other in names where other != driving {
            conditions.append("name_words LIKE ?")
            arguments.append("%\"\(other)%")
        }
        // A student two of whose words start with the prefix comes twice: read more until `limit` differ.
        var fetch = limit * 2
        while true {
            let rows = try String.fetchAll(db, sql: """
                SELECT student_id FROM student_name_word WHERE \(conditions.joined(separator: " AND "))
                ORDER BY last_name, first_name, student_id LIMIT \(fetch)
                """, arguments: StatementArguments(arguments))
            var seen = Set<String>()
            let ids = rows.filter { seen.insert($0).inserted }
            if ids.count >= limit || rows.count < fetch { return Array(ids.prefix(limit)) }
            fetch *= 4
        }
    }

    /// How many rows the range of `prefix` has, counted up to 20,000 (a millisecond or two): enough
    /// to choose the range to read.
    static func rangeSize(_ db: Database, _ prefix: String) throws -> Int {
        try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM (SELECT 1 FROM student_name_word WHERE word >= ? AND word < ? LIMIT 20000)
            """, arguments: [prefix, SearchText.upperBound(of: prefix)]) ?? 0
    }

    /// Makes the search words of every student (migration 8, for the students already here).
    static func fillNameWords(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TEMP TABLE name_words_fill (student_id TEXT NOT NULL, last_name TEXT NOT NULL, first_name TEXT NOT NULL,
                                               name_words TEXT NOT NULL)
            """)
        let insert = try db.makeStatement(sql: "INSERT INTO temp.name_words_fill VALUES (?, ?, ?, ?)")
        let students = try Row.fetchCursor(db, sql: "SELECT student_id, last_name, first_name, middle_name FROM student")
        while let student = try students.next() {
            let words = SearchText.nameWords(student[1], student[2], student[3])
            try insert.execute(arguments: [student[0], student[1], student[2], jsonArray(words)])
        }
        try db.execute(sql: """
            INSERT INTO student_name_word (word, student_id, last_name, first_name, name_words)
            SELECT w.value, f.student_id, f.last_name, f.first_name, f.name_words
            FROM temp.name_words_fill f, json_each(f.name_words) w
            ORDER BY 1, 2;
            DROP TABLE temp.name_words_fill
            """)
    }
}
