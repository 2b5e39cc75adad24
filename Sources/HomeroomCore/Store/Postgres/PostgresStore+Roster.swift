import Foundation
import Logging
import PostgresNIO

/// The roster import on PostgreSQL: the rules of `AppDatabase.importRoster`, all or nothing in
/// one transaction on one connection. The feed's batches are waited for on the blocking pool and
/// sent to a temporary table (`roster_import`, dropped at commit) a batch per statement; only
/// when the whole file is staged without a problem is it merged into `student` with the
/// set-based statements of `PostgresStore+RosterMerge`. Concurrent writes elsewhere go on while
/// the file is read: the merge locks only the student rows it changes.
extension PostgresStore: RosterStore {
    public func importRoster(_ feed: RosterReadAhead, deactivateMissing: Bool, deactivating: [String], teachers: [Staff],
                             keepingUnsaid: Bool, dryRun: Bool, at now: Date, pool: BlockingPool,
                             audit: @escaping @Sendable (ImportCounts) -> AuditEvent) async throws -> ImportCounts {
        defer { feed.cancel() }
        do {
            return try await transaction { connection in
            try await connection.rows("""
                CREATE TEMP TABLE roster_import (
                    student_id TEXT PRIMARY KEY, line INTEGER NOT NULL,
                    last_name TEXT NOT NULL, first_name TEXT NOT NULL, middle_name TEXT NOT NULL,
                    birth_date TEXT, grade TEXT, school TEXT, homeroom_teacher TEXT
                ) ON COMMIT DROP
                """, logger: logger)
            let problems = try await Self.stage(feed, pool: pool, connection, logger: logger)
            if !problems.isEmpty { throw RosterError(inLineOrder: problems) }
            if keepingUnsaid { try await Self.keepUnsaidFields(connection, logger: logger) }
            var counts = try await Self.mergeRoster(connection, deactivateMissing: deactivateMissing, at: now, logger: logger)
            counts.deactivated += try await Self.deactivate(deactivating, at: now, connection, logger: logger)
            (counts.teachersAdded, counts.teachersUpdated) = try await Self.mergeTeachers(teachers, at: now, connection, logger: logger)
            if dryRun { throw DryRun(counts: counts) }
            try await Self.insertAudit(audit(counts), connection, logger: logger)
            return counts
            }
        } catch let dryRun as DryRun {
            return dryRun.counts
        }
    }

    /// A dry run's counts, thrown so the transaction rolls back.
    private struct DryRun: Error { let counts: ImportCounts }

    /// Stages every record of `feed`; the problems, each with its line (a second row of a
    /// student ID names the line of the first).
    static func stage(_ feed: RosterReadAhead, pool: BlockingPool, _ connection: PostgresConnection,
                      logger: Logger) async throws -> [(line: Int, text: String)] {
        var problems: [(line: Int, text: String)] = []
        while let batch = try await pool.run(.other, { try feed.next() }) {
            var rows: [(row: RosterRow, line: Int)] = []
            for item in batch.entries {
                switch item {
                case .problem(let line, let reason):
                    problems.append((line + batch.linesBefore, RosterError.problem(line: line + batch.linesBefore, reason)))
                case .row(let row, let line): rows.append((row, line + batch.linesBefore))
                }
            }
            let inserted = try await insertStaged(rows, connection, logger: logger)
            var firstOfBatch = inserted
            let duplicates = rows.filter { firstOfBatch.remove($0.row.studentID) == nil }
            guard !duplicates.isEmpty else { continue }
            let firstLines = try await connection.rows("""
                SELECT student_id, line FROM roster_import WHERE student_id = ANY(\(duplicates.map(\.row.studentID)))
                """, logger: logger)
            let lineOf = Dictionary(try firstLines.map { try $0.decode((String, Int).self) }, uniquingKeysWith: min)
            for (row, line) in duplicates {
                let text = "duplicate student_id \(row.studentID) (first on line \(lineOf[row.studentID] ?? 0))"
                problems.append((line, RosterError.problem(line: line, text)))
            }
        }
        return problems
    }

    /// Writes `rows` into `roster_import` in one statement; the IDs written (a row whose ID is
    /// staged already is not). The optional fields go as text arrays with "" for none (a roster
    /// row never has an empty one: the reader makes it nil).
    static func insertStaged(_ rows: [(row: RosterRow, line: Int)], _ connection: PostgresConnection,
                             logger: Logger) async throws -> Set<String> {
        guard !rows.isEmpty else { return [] }
        let written = try await connection.rows("""
            INSERT INTO roster_import (student_id, line, last_name, first_name, middle_name, birth_date, grade, school, homeroom_teacher)
            SELECT id, line, last, first, middle, NULLIF(birth, ''), NULLIF(grade, ''), NULLIF(school, ''), NULLIF(teacher, '')
            FROM unnest(\(rows.map(\.row.studentID))::text[], \(rows.map(\.line))::int[], \(rows.map(\.row.lastName))::text[],
                        \(rows.map(\.row.firstName))::text[], \(rows.map(\.row.middleName))::text[],
                        \(rows.map { $0.row.birthDate ?? "" })::text[], \(rows.map { $0.row.grade ?? "" })::text[],
                        \(rows.map { $0.row.school ?? "" })::text[], \(rows.map { $0.row.homeroomTeacher ?? "" })::text[])
                 AS u(id, line, last, first, middle, birth, grade, school, teacher)
            ON CONFLICT (student_id) DO NOTHING
            RETURNING student_id
            """, logger: logger)
        return Set(try written.map { try $0.decode(String.self) })
    }
}
