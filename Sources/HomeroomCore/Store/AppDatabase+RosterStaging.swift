import Foundation
import GRDB

/// The reading of a roster into sorted runs, and the staging of the runs into
/// `temp.roster_import` for the merge (`AppDatabase+RosterMerge`).
extension AppDatabase {
    /// One row per student of the file, keyed by ID as a number (`id`, the rowid: seven digits
    /// sort as their number does, so the table is read in ID order; rows appended in key order
    /// fill their pages), with the line it came from and its names without apostrophes and
    /// periods when they have any (`StudentSearchIndex.joinedNames`, made as the file is read
    /// rather than in the merge's transaction; NULL otherwise), which the search index holds
    /// besides the names.
    static let stagingTable = """
        CREATE TEMP TABLE roster_import (
            id INTEGER PRIMARY KEY, student_id TEXT NOT NULL, line INTEGER NOT NULL,
            last_name TEXT NOT NULL, first_name TEXT NOT NULL, middle_name TEXT NOT NULL,
            birth_date TEXT, grade TEXT, school TEXT, homeroom_teacher TEXT, joined_names TEXT
        )
        """

    /// The rows sorted together in memory (`RosterSortedRuns`), about 6 MB of them; a million
    /// rows make 16 runs.
    static let stagingRun = 64_000

    /// Reads every record of `readAhead` into runs sorted by ID; with the problems of the file's
    /// rows, each with its line. A file with problems is read to its end.
    static func sortRoster(_ readAhead: RosterReadAhead) throws -> (RosterSortedRuns, [(line: Int, text: String)]) {
        defer { readAhead.cancel() }
        let runs = try RosterSortedRuns()
        var problems: [(line: Int, text: String)] = []
        var run: [(row: RosterRow, line: Int)] = []
        run.reserveCapacity(stagingRun)
        while let batch = try readAhead.next() {
            for entry in batch.entries {
                switch entry {
                case .problem(let line, let reason):
                    problems.append((line + batch.linesBefore, RosterError.problem(line: line + batch.linesBefore, reason)))
                case .row(let row, let line):
                    run.append((row, line + batch.linesBefore))
                    if run.count == stagingRun {
                        try runs.write(run)
                        run.removeAll(keepingCapacity: true)
                    }
                }
            }
        }
        try runs.write(run)
        return (runs, problems)
    }

    /// Writes the first record of each student ID in `runs` into `temp.roster_import`, in ID
    /// order, while there are no `problems`; a second record of an ID is one, naming the line
    /// of the first. In the caller's transaction.
    static func stage(_ runs: RosterSortedRuns, _ db: Database, problems: inout [(line: Int, text: String)]) throws {
        let insert = try RosterStagingInsert(db)
        try runs.mergeFirstRecords(problems: &problems) { try insert.insert($0) }
    }

    /// A checked student ID (seven ASCII digits) as a number, to sort a run by.
    static func studentNumber(_ studentID: String) -> Int {
        studentID.utf8.reduce(0) { $0 * 10 + Int($1 &- 0x30) }
    }
}
