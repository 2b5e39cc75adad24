import GRDB

/// The insert of one roster row (a `StagedRecord`, in ID order) into `temp.roster_import`,
/// bound from the record's bytes (`RecordStatement`).
struct RosterStagingInsert {
    private let statement: RecordStatement

    init(_ db: Database) throws {
        statement = try RecordStatement(db, sql: """
            INSERT INTO temp.roster_import (id, line, student_id, last_name, first_name, middle_name, birth_date, grade,
                                            school, homeroom_teacher, joined_names)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
    }

    /// Stages `record`.
    func insert(_ record: StagedRecord) throws {
        statement.reset()
        statement.bind(record.number, at: 1)
        statement.bind(record.line, at: 2)
        record.forEachField { index, bytes in statement.bind(bytes, at: index + 3) }
        try statement.run()
    }
}
