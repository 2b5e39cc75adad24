import Foundation
import Testing
@testable import HomeroomCore

/// The external sort of a roster's rows: runs written to a temporary file and merged back in ID
/// order, each record whole.
@Suite struct RosterSortedRunsTests {
    static func row(_ studentID: String, _ lastName: String = "Lee", school: String? = nil) -> RosterRow {
        RosterRow(studentID: studentID, lastName: lastName, firstName: "Kai", middleName: "", birthDate: nil, grade: "07",
                  school: school, homeroomTeacher: nil)
    }

    /// The (student ID, line) of every first record of an ID, in the order merged, and the problems.
    static func merged(_ runs: [[(row: RosterRow, line: Int)]]) throws -> (records: [String], problems: [String]) {
        let sorted = try RosterSortedRuns()
        for run in runs { try sorted.write(run) }
        var records: [String] = []
        var problems: [(line: Int, text: String)] = []
        try sorted.mergeFirstRecords(problems: &problems) { records.append("\($0.studentID)@\($0.line)") }
        return (records, problems.map(\.text))
    }

    @Test func runsAreMergedInIDOrder() throws {
        let runs: [[(row: RosterRow, line: Int)]] = [[(Self.row("3000000"), 2), (Self.row("1000000"), 3)], [(Self.row("2000000"), 4), (Self.row("0000001"), 5)]]
        #expect(try Self.merged(runs).records == ["0000001@5", "1000000@3", "2000000@4", "3000000@2"])
    }

    @Test func aSecondRecordOfAnIDInALaterRunIsAProblemNamingTheFirst() throws {
        let runs: [[(row: RosterRow, line: Int)]] = [[(Self.row("1000000"), 2), (Self.row("2000000"), 3)], [(Self.row("2000000"), 4)]]
        #expect(try Self.merged(runs).problems == ["line 4: duplicate student_id 2000000 (first on line 3)"])
    }

    @Test func aSecondRecordOfAnIDInTheSameRunIsAProblemNamingTheFirst() throws {
        let runs: [[(row: RosterRow, line: Int)]] = [[(Self.row("2000000"), 2), (Self.row("1000000"), 3), (Self.row("2000000"), 4)]]
        #expect(try Self.merged(runs).problems == ["line 4: duplicate student_id 2000000 (first on line 2)"])
    }

    @Test func recordsAfterAProblemAreCheckedButNotHandedOn() throws {
        let runs: [[(row: RosterRow, line: Int)]] = [[(Self.row("1000000"), 2), (Self.row("1000000"), 3), (Self.row("2000000"), 4), (Self.row("2000000"), 5)]]
        let merged = try Self.merged(runs)
        #expect(merged.records == ["1000000@2"] && merged.problems.count == 2)
    }

    @Test func aRecordLargerThanWhatIsReadAtATimeIsReadWhole() throws {
        let school = String(repeating: "é", count: RosterSortedRuns.readSize)
        let sorted = try RosterSortedRuns()
        try sorted.write([(Self.row("1000000", school: school), 2), (Self.row("1000001"), 3)])
        var schools: [String?] = []
        var problems: [(line: Int, text: String)] = []
        try sorted.mergeFirstRecords(problems: &problems) { record in
            record.forEachField { index, bytes in
                if index == 6 { schools.append(bytes.map { String(decoding: $0, as: UTF8.self) }) }
            }
        }
        #expect(schools == [school, nil])
    }

    @Test func fieldsComeBackAsWrittenWithEmptyAndMissingOnesApart() {
        let row = RosterRow(studentID: "0012345", lastName: "O'Brien", firstName: "Zoë", middleName: "", birthDate: "2015-04-01",
                            grade: nil, school: "Kemp Elementary", homeroomTeacher: "Ms. Peña")
        var bytes: [UInt8] = []
        StagedRecord.append(row, number: 12345, line: 9, to: &bytes)
        var fields: [String?] = []
        var header: (Int, Int) = (0, 0)
        bytes.withUnsafeBytes { buffer in
            let record = StagedRecord(UnsafeRawBufferPointer(rebasing: buffer[4...]))
            header = (record.number, record.line)
            record.forEachField { _, bytes in fields.append(bytes.map { String(decoding: $0, as: UTF8.self) }) }
        }
        #expect(header == (12345, 9))
        #expect(fields == ["0012345", "O'Brien", "Zoë", "", "2015-04-01", nil, "Kemp Elementary", "Ms. Peña", "OBrien Zoë "])
    }

    @Test func theTemporaryFileIsNotLeftInTheTemporaryDirectory() throws {
        let directory = RosterSortedRuns.directory
        func files() throws -> Set<String> {
            Set(try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("homeroom-roster-") })
        }
        let before = try files()
        let sorted = try RosterSortedRuns()
        try sorted.write([(Self.row("1000000"), 2)])
        #expect(try files().subtracting(before).isEmpty)
    }
}
