import Foundation
import PostgresNIO

/// The technician's search on PostgreSQL: the same rules as `AppDatabase.searchStudents`, over
/// `student_name_word` (migrations/postgres/0010.sql), whose words the server folds
/// (`SearchText.words`) when names are written.
extension PostgresStore {
    /// Students matching every word of `query` (case- and accent-insensitive), ordered by last
    /// name, first name and ID (`StudentOverview.byName`); at most `limit`.
    public func searchStudents(_ query: String, limit: Int) async throws -> [StudentOverview] {
        let terms = SearchText.terms(query).map(SearchText.fold)
        guard !terms.isEmpty else { return [] }
        var sql = PostgresQuery.StringInterpolation(literalCapacity: 400, interpolationCount: terms.count * 2)
        sql.appendLiteral(StudentOverview.select + " WHERE TRUE")
        for term in terms {
            if term.allSatisfy(\.isASCIIDigit) {
                sql.appendLiteral(" AND s.student_id >= ")
                sql.appendInterpolation(term)
                sql.appendLiteral(" AND s.student_id < ")
                sql.appendInterpolation(SearchText.upperBound(of: term))
            } else {
                sql.appendLiteral(" AND s.student_id IN (SELECT w.student_id FROM student_name_word w WHERE w.word >= ")
                sql.appendInterpolation(term)
                sql.appendLiteral(" AND w.word < ")
                sql.appendInterpolation(SearchText.upperBound(of: term))
                sql.appendLiteral(")")
            }
        }
        sql.appendLiteral(" ORDER BY \(StudentOverview.byName) LIMIT \(max(0, limit))")
        return try await rows(PostgresQuery(stringInterpolation: sql)).map(StudentOverview.init(postgres:))
    }

    /// Writes the name words of the students `studentIDs` (all of them when nil), replacing the
    /// words they had, in the caller's transaction.
    static func indexNames(_ connection: PostgresConnection, studentIDs: [String]? = nil, logger: Logger) async throws {
        let students = try await connection.rows("""
            SELECT student_id, last_name, first_name, middle_name FROM student
            WHERE \(studentIDs == nil) OR student_id = ANY(\(studentIDs ?? []))
            """, logger: logger)
        var ids: [String] = [], words: [String] = []
        for row in students {
            let (id, last, first, middle) = try row.decode((String, String, String, String).self)
            for word in SearchText.words(of: "\(last) \(first) \(middle)") {
                ids.append(id)
                words.append(word)
            }
        }
        if let studentIDs {
            try await connection.rows("DELETE FROM student_name_word WHERE student_id = ANY(\(studentIDs))", logger: logger)
        }
        try await connection.rows("""
            INSERT INTO student_name_word (student_id, word) SELECT * FROM unnest(\(ids)::text[], \(words)::text[])
            ON CONFLICT DO NOTHING
            """, logger: logger)
    }

    /// Indexes every student's names (migration 10's follow-up).
    static func indexAllNames(_ connection: PostgresConnection, logger: Logger) async throws {
        try await indexNames(connection, logger: logger)
    }
}

extension StudentOverview {
    /// The order of a list of students on PostgreSQL: by last name, first name and ID, compared
    /// as bytes (`COLLATE "C"`) as SQLite compares them, whatever the database's own locale (one
    /// made in en_US would put "de la Cruz" before "Smith" and "Ábel" beside "Abe").
    static let byName = #"s.last_name COLLATE "C", s.first_name COLLATE "C", s.student_id COLLATE "C""#

    /// An overview from a row of `StudentOverview.select` on PostgreSQL.
    init(postgres row: PostgresRow) throws {
        let columns = row.makeRandomAccess()
        func date(_ name: String) throws -> Date? { try columns[name].decode(Int64?.self).map(Date.init(millis:)) }
        self.init(studentID: try columns["student_id"].decode(String.self), lastName: try columns["last_name"].decode(String.self),
                  firstName: try columns["first_name"].decode(String.self), school: try columns["school"].decode(String?.self),
                  grade: try columns["grade"].decode(String?.self), homeroomTeacher: try columns["homeroom_teacher"].decode(String?.self),
                  active: try columns["active"].decode(Int.self) != 0, claimedAt: try date("claimed_at"),
                  failedSignIns: try columns["failed_sign_ins"].decode(Int?.self) ?? 0, signInLocked: try date("locked_at") != nil,
                  resetLockedUntil: try date("reset_locked_until"), claimLockedUntil: try date("claim_locked_until"))
    }
}
